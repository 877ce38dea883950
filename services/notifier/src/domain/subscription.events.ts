import type { EndpointDisabledReasonJson } from '@zoneledger/contracts';
import type { Channel } from './subscription-channel';
import type { SubscriptionFilter } from './subscription-filter';

// The events of a subscription's stream (`subscription-<id>`, aggregate `subscription`). Their
// `data` is the proto JSON of the messages in
// proto/zoneledger/notification/v1/notification_events.proto (lowerCamelCase names, enum value
// names, times as RFC 3339 strings in UTC with milliseconds, secrets only by reference): the outbox
// relay encodes it with the contract as it is, so a field the proto lacks would fail to publish.
// notifier.events.spec.ts checks every event of both aggregates (notification.events.ts too)
// against its contract.
//
// Default values. proto3 scalars have implicit presence: canonical proto JSON (what
// `decodeEventData` returns by default) leaves out false, 0, '' and [], and the enums' zero
// (UNSPECIFIED) values, which the domain never writes. The domain writes the others out, as
// `decodeEventData(type, bytes, { alwaysEmitImplicit: true })` returns them: every list of a
// filter (empty when it does not restrict), a threshold's `atLeast` (0 included), a notification's
// `followed` list, `sourceStreamVersion` and `latencyMs` (0 included). The exceptions are the
// fields whose absence is the meaning, left out rather than set to their default: a channel's
// fields of other kinds (an e-mail channel has no `url`; server-sent events have `kind` only), an
// endpoint disabled as gone has no `failingSince`, a delivery by other channels than webhooks no
// `statusCode`, a failure no `statusCode` unless the status is the failure, no `error` when the
// status says it, and no `retryAt` unless retried. Message fields (a filter's thresholds) have
// explicit presence: left out when none. Decoding thus gives back the data with those few fields
// filled with their defaults; the spec checks exactly that. Where the domain reads events back
// (the states' evolve), it tolerates every default left out (`recordedFilter`, `?? []`).

/** A domain event as the event store takes it (structurally @zoneledger/event-store's DomainEvent). */
export interface DomainEvent<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/** A subscription began: the first event of its stream. */
export type SubscriptionCreated = DomainEvent<
  'SubscriptionCreated',
  {
    readonly subscriptionId: string;
    /** The subject who subscribed. */
    readonly owner: string;
    readonly filter: SubscriptionFilter;
    readonly channel: Channel;
  }
>;

/** The subscription's filter was replaced. */
export type SubscriptionFilterChanged = DomainEvent<
  'SubscriptionFilterChanged',
  { readonly subscriptionId: string; readonly filter: SubscriptionFilter }
>;

/** Notifications stopped until resumed. */
export type SubscriptionPaused = DomainEvent<
  'SubscriptionPaused',
  { readonly subscriptionId: string }
>;

/** Notifications start again (and a disabled webhook endpoint is enabled again). */
export type SubscriptionResumed = DomainEvent<
  'SubscriptionResumed',
  { readonly subscriptionId: string }
>;

/** The subscription ended: the last event of its stream. */
export type SubscriptionCancelled = DomainEvent<
  'SubscriptionCancelled',
  { readonly subscriptionId: string }
>;

/** A webhook signs with a new secret; the previous one signs too until `previousValidUntil`. */
export type SubscriptionSecretRotated = DomainEvent<
  'SubscriptionSecretRotated',
  {
    readonly subscriptionId: string;
    readonly secretRef: string;
    readonly fingerprint: string;
    readonly previousSecretRef: string;
    readonly previousFingerprint: string;
    /** ISO 8601. */
    readonly previousValidUntil: string;
  }
>;

/**
 * Why delivery to a webhook endpoint stopped: it answered 410 Gone, or it has failed for longer
 * than configuration allows (never ENDPOINT_DISABLED_REASON_UNSPECIFIED).
 */
export type EndpointDisabledReason = Exclude<
  EndpointDisabledReasonJson,
  'ENDPOINT_DISABLED_REASON_UNSPECIFIED'
>;

/** Delivery to the webhook endpoint stopped: it is gone (410) or has failed too long. */
export type SubscriptionEndpointDisabled = DomainEvent<
  'SubscriptionEndpointDisabled',
  {
    readonly subscriptionId: string;
    readonly reason: EndpointDisabledReason;
    /** Reason ENDPOINT_DISABLED_REASON_FAILING: since when (ISO 8601); left out otherwise. */
    readonly failingSince?: string;
    /** ISO 8601. */
    readonly disabledAt: string;
  }
>;

export type SubscriptionEvent =
  | SubscriptionCreated
  | SubscriptionFilterChanged
  | SubscriptionPaused
  | SubscriptionResumed
  | SubscriptionCancelled
  | SubscriptionSecretRotated
  | SubscriptionEndpointDisabled;
