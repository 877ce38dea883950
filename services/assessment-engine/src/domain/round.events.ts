import type { CalendarDate, Region } from '@zoneledger/shared-kernel';
import type { Aggregation, Methodology, Normalisation } from './methodology';
import type { MatchedRow, UnmatchedRow } from './name-matching';
import type { PopulationZone } from './value-matrix';

// The events of an assessment round's stream (one stream per round, e.g. "2023": the 2023 round,
// on 2022 data). Their `data` is the proto JSON of the messages in
// proto/zoneledger/assessment/v1/assessment_events.proto (lowerCamelCase names, enum value names,
// dates as {year, month?, day?}): the outbox relay encodes it with the contract as it is, so a
// field the proto lacks would fail to publish. assessment.events.spec.ts checks every event of
// both aggregates (methodology.events.ts too) against its contract.
//
// Default values. proto3 scalars have implicit presence: canonical proto JSON (what
// `decodeEventData` returns by default) leaves out false, 0, '' and [], so a zone's total of 0
// would vanish. The domain writes them out instead, as `decodeEventData(type, bytes,
// { alwaysEmitImplicit: true })` returns them: booleans, numbers (zonesAssessed 0 when unknown),
// strings (a methodology's source or notes, an import's source: '' when none) and lists are
// always present, so the types say `total: number`, not `total?: number`. The exceptions are the
// fields whose absence is the meaning, left out rather than set to their default: a
// dimension's or indicator's `nameZh` (never ''), a published row's `nameEn`, a matched row's
// `unmatchedReason` and an unmatched row's `zoneId` and `matchedBy`, and the fields with explicit
// presence (a dimension's `score`, an import's `publishedOn`). Decoding thus gives back the data
// with those few fields filled with their defaults; the spec checks exactly that: the data lies
// between the canonical decoding (nothing the data lacks) and the one emitting defaults (nothing
// of the data lost or changed). Optional fields are left out rather than set to undefined.

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

/** A dimension's score in a zone's result (DimensionScore). */
export interface ScoredDimension {
  readonly key: string;
  /** Left out when the zone has no value of any of the dimension's indicators. */
  readonly score?: number;
}

/** A zone's computed result in a scoring (contributions are recomputable from the stream). */
export interface ScoredZone {
  readonly zoneId: string;
  readonly region: Region;
  readonly total: number;
  /** 1 is best; ties broken by zone id. */
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

/**
 * The round's values were scored: how, and which zones had nothing to score. One ZoneScored per
 * scored zone follows it in the same decision, best first.
 */
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
    /** How many ZoneScored follow. */
    readonly zonesScored: number;
    /** Zones with no value to score, sorted by id. */
    readonly unscored: string[];
  }
>;

/** A zone's result in a scoring of the round (follows its RoundScored). */
export type ZoneScored = DomainEvent<
  'ZoneScored',
  { readonly roundId: string; readonly scoring: number } & ScoredZone
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
    /** Left out when not known. */
    readonly publishedOn?: CalendarDate;
    /** How many zones the ranking says were assessed; 0 when not known. */
    readonly zonesAssessed: number;
    /** Where the ranking was read; '' when not given. */
    readonly source: string;
    /** The rows matched to zones, in published order. */
    readonly matched: MatchedRow[];
    /** The rows that matched no zone, reported rather than dropped. */
    readonly unmatched: UnmatchedRow[];
  }
>;

/** Everything that can happen to a round. */
export type RoundEvent =
  | RoundOpened
  | IndicatorsSubmitted
  | IndicatorCorrected
  | RoundScored
  | ZoneScored
  | RoundPublished
  | ZoneScoreChanged
  | ZoneRankChanged
  | ExitWarningIssued
  | PublishedRankingImported;

/** The event-store type of every round event. */
export type RoundEventType = RoundEvent['type'];
