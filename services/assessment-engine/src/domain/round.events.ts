import type { CalendarDate, Region } from '@zoneledger/shared-kernel';
import type { Aggregation, Methodology, Normalisation } from './methodology';
import type { MatchedRow, UnmatchedRow } from './name-matching';
import type { PopulationZone } from './value-matrix';

// The events of an assessment round's stream (one stream per round, e.g. "2023": the 2023 round,
// on 2022 data). Plain JSON: optional fields are left out rather than set to undefined, dates are
// {year, month?, day?}. No proto contract exists for them yet; whoever adds one should make these
// the proto JSON of its messages, as policy-registry's events are.

/** A domain event as the event store takes it (structurally @zoneledger/event-store's DomainEvent). */
export interface DomainEvent<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/** A value as submitted for one indicator. */
export interface SubmittedValue {
  readonly indicatorKey: string;
  readonly value: number;
  /** The methodology's unit for the indicator (checked). */
  readonly unit: string;
  /** Where the value comes from: a statistical yearbook, a zone's report, "synthetic". */
  readonly source: string;
  /** Who submitted it. */
  readonly submitter: string;
}

/** A dimension's score in a round's results. */
export interface ScoredDimension {
  readonly key: string;
  /** Null when the zone has no value of any of the dimension's indicators. */
  readonly score: number | null;
}

/** A zone's computed result in a round (contributions are recomputable from the stream). */
export interface ScoredZone {
  readonly zoneId: string;
  readonly region: Region;
  readonly total: number;
  readonly nationalRank: number;
  readonly regionalRank: number;
  readonly dimensions: ScoredDimension[];
  /** Indicators whose value was imputed by the methodology's missing-value policy. */
  readonly imputed: string[];
  /** Indicators missing and left out of the zone's score. */
  readonly excluded: string[];
}

/**
 * A round was opened: the methodology it is scored by (the data itself, so the stream is
 * self-contained), the reference date its population was resolved at, whether its indicator data
 * is synthetic (demo data: MofCOM's indicator values are not public), and its population.
 */
export type RoundOpened = DomainEvent<
  'RoundOpened',
  {
    readonly roundId: string;
    readonly methodology: Methodology;
    readonly referenceDate: CalendarDate;
    readonly synthetic: boolean;
    /** Sorted by zone id. */
    readonly population: PopulationZone[];
  }
>;

/** One zone's values for indicators not submitted before (each at version 1). */
export type IndicatorsSubmitted = DomainEvent<
  'IndicatorsSubmitted',
  {
    readonly roundId: string;
    readonly zoneId: string;
    /** In the methodology's indicator order. */
    readonly values: SubmittedValue[];
  }
>;

/** A new version of one submitted value, with the reason. */
export type IndicatorCorrected = DomainEvent<
  'IndicatorCorrected',
  {
    readonly roundId: string;
    readonly zoneId: string;
    readonly indicatorKey: string;
    /** 2 for the first correction. */
    readonly version: number;
    readonly previousValue: number;
    readonly value: number;
    readonly unit: string;
    readonly source: string;
    readonly submitter: string;
    readonly reason: string;
  }
>;

/** The round's values were scored: every scored zone's total, dimension scores and ranks. */
export type RoundScored = DomainEvent<
  'RoundScored',
  {
    readonly roundId: string;
    /** 1 for the first scoring of the round, then 2, ... */
    readonly scoring: number;
    readonly methodologyId: string;
    readonly methodologyVersion: number;
    readonly normalisation: Normalisation;
    readonly aggregation: Aggregation;
    /** Best first. */
    readonly results: ScoredZone[];
    /** Zones with no value to score, sorted by id. */
    readonly unscored: string[];
  }
>;

/** The round's last scoring was published: its results are final. */
export type RoundPublished = DomainEvent<
  'RoundPublished',
  {
    readonly roundId: string;
    readonly scoring: number;
    readonly synthetic: boolean;
    readonly zonesScored: number;
  }
>;

/** A zone's total differs from its previous published round's (following merger lineage). */
export type ZoneScoreChanged = DomainEvent<
  'ZoneScoreChanged',
  {
    readonly roundId: string;
    readonly zoneId: string;
    readonly previousRoundId: string;
    readonly previousTotal: number;
    readonly total: number;
    /** total - previousTotal. */
    readonly delta: number;
  }
>;

/** A zone's national rank differs from its previous published round's. */
export type ZoneRankChanged = DomainEvent<
  'ZoneRankChanged',
  {
    readonly roundId: string;
    readonly zoneId: string;
    readonly previousRoundId: string;
    readonly previousRank: number;
    readonly rank: number;
    /** rank - previousRank: negative when the zone climbed. */
    readonly delta: number;
  }
>;

/** A zone is a downgrade candidate: in its region's bottom 5 twice within three rounds. */
export type ExitWarningIssued = DomainEvent<
  'ExitWarningIssued',
  {
    readonly roundId: string;
    readonly zoneId: string;
    readonly region: Region;
    readonly regionalRank: number;
    readonly regionSize: number;
    /** The previous rounds it was in its region's bottom 5 in too. */
    readonly alsoInBottom: string[];
  }
>;

/**
 * MofCOM's published ranking for the round, imported as facts: the rows matched to zones and the
 * rows that matched none. Kept apart from the round's computed results; a new import replaces the
 * previous one.
 */
export type PublishedRankingImported = DomainEvent<
  'PublishedRankingImported',
  {
    readonly roundId: string;
    readonly publishedOn?: CalendarDate;
    /** How many zones the ranking says were assessed. */
    readonly zonesAssessed?: number;
    readonly source?: string;
    readonly matched: MatchedRow[];
    readonly unmatched: UnmatchedRow[];
  }
>;

/** Everything that can happen to a round. */
export type RoundEvent =
  | RoundOpened
  | IndicatorsSubmitted
  | IndicatorCorrected
  | RoundScored
  | RoundPublished
  | ZoneScoreChanged
  | ZoneRankChanged
  | ExitWarningIssued
  | PublishedRankingImported;

/** The event-store type of every round event. */
export type RoundEventType = RoundEvent['type'];
