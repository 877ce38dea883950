import type { CalendarDate } from '@zoneledger/shared-kernel';
import type { PreviousBottom } from './exit-warnings';
import type { MethodologyInput } from './methodology';
import type { DirectoryEntry, PublishedRow } from './name-matching';
import type { SubmittedValue } from './round.events';
import type { PopulationZone } from './value-matrix';

// What callers ask of a round. A command carries everything the decision needs that the round's
// own stream does not hold, looked up by the handler: the methodology's data, the population
// (resolved from the zone read model at the reference date), the previous rounds' results and
// bottom sets (following merger lineage), the zone directory. The decider reads no store.

/** A command as deciders take it: a discriminated union member, like the events. */
export interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * Open a round to be scored by a methodology version. `methodology` is what the handler found for
 * (methodologyId, methodologyVersion); left out when it found none.
 */
export type OpenRound = Command<
  'OpenRound',
  {
    readonly roundId: string;
    readonly methodologyId: string;
    readonly methodologyVersion: number;
    readonly methodology?: MethodologyInput;
    readonly referenceDate: CalendarDate;
    /** True for generated demo data. */
    readonly synthetic: boolean;
    /** Zones active, of the assessed kind and level, at the reference date, with their regions. */
    readonly population: readonly PopulationZone[];
  }
>;

/** One zone's values for several indicators. */
export type SubmitIndicators = Command<
  'SubmitIndicators',
  {
    readonly roundId: string;
    readonly zoneId: string;
    readonly values: readonly SubmittedValue[];
  }
>;

/** A new version of one submitted value. */
export type CorrectIndicator = Command<
  'CorrectIndicator',
  {
    readonly roundId: string;
    readonly zoneId: string;
    readonly indicatorKey: string;
    readonly value: number;
    readonly unit: string;
    readonly source: string;
    readonly submitter: string;
    readonly reason: string;
  }
>;

/** Score the round's values (again, after submissions or corrections). */
export type ScoreRound = Command<'ScoreRound', { readonly roundId: string }>;

/** A zone's result in the previous published round, keyed by the zone now holding its lineage. */
export interface PreviousResult {
  /** The zone of this round the result belongs to (the survivor of a merger, if any). */
  readonly zoneId: string;
  readonly roundId: string;
  readonly total: number;
  readonly nationalRank: number;
}

/** Publish the round's last scoring. */
export type PublishRound = Command<
  'PublishRound',
  {
    readonly roundId: string;
    readonly previousResults: readonly PreviousResult[];
    /** The regional bottom-5 sets of the two previous rounds (fewer when there were fewer). */
    readonly previousBottoms: readonly PreviousBottom[];
  }
>;

/** Import MofCOM's published ranking of the round, as facts. */
export type ImportPublishedRanking = Command<
  'ImportPublishedRanking',
  {
    readonly roundId: string;
    readonly publishedOn?: CalendarDate;
    readonly zonesAssessed?: number;
    readonly source?: string;
    readonly rows: readonly PublishedRow[];
    /** The zone directory the rows are matched against. */
    readonly directory: readonly DirectoryEntry[];
  }
>;

/** The commands on one round's stream (`decide`). */
export type RoundCommand =
  | OpenRound
  | SubmitIndicators
  | CorrectIndicator
  | ScoreRound
  | PublishRound
  | ImportPublishedRanking;
