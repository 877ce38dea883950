import type { Methodology } from './methodology';
import type { DomainEvent } from './round.events';

// The events of a methodology's stream (`methodology-<methodologyId>`): its versions, each whole
// and immutable. Their `data` is the proto JSON of the messages in
// proto/zoneledger/assessment/v1/assessment_events.proto, with implicit defaults written out as
// round.events.ts says; assessment.events.spec.ts checks them against their contracts.

/** A version of the methodology was created: version 1 starts the stream, then 2, ... */
export type MethodologyVersionCreated = DomainEvent<
  'MethodologyVersionCreated',
  { readonly methodology: Methodology }
>;

/** Everything that can happen to a methodology. */
export type MethodologyEvent = MethodologyVersionCreated;

/** The event-store type of every methodology event. */
export type MethodologyEventType = MethodologyEvent['type'];
