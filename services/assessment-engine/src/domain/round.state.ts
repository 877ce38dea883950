import type { CalendarDate, Region } from '@zoneledger/shared-kernel';
import type { Aggregation, Methodology, Normalisation } from './methodology';
import type {
  PublishedRankingImported,
  RoundEvent,
  ScoredZone,
  SubmittedValue,
} from './round.events';
import type { IndicatorValues, PopulationZone } from './value-matrix';

/** A value as the round holds it: the latest version. */
export interface RecordedValue extends Omit<SubmittedValue, 'indicatorKey'> {
  /** 1 as submitted, 2 after the first correction, ... */
  readonly version: number;
  /** The last correction's reason. */
  readonly reason?: string;
}

/**
 * The round's last scoring: its RoundScored (less the round id and the count of zones) with the
 * results of the ZoneScored events that follow it, in their order (best first).
 */
export interface Scoring {
  /** 1 for the round's first scoring, then 2, ... */
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

/** A round whose stream has begun. */
export interface OpenedRound {
  readonly opened: true;
  readonly roundId: string;
  readonly methodology: Methodology;
  readonly referenceDate: CalendarDate;
  readonly synthetic: boolean;
  /** Sorted by zone id. */
  readonly population: readonly PopulationZone[];
  /** Each zone's region, by zone id. */
  readonly regions: ReadonlyMap<string, Region>;
  /** Per zone id, per indicator key. */
  readonly values: ReadonlyMap<string, ReadonlyMap<string, RecordedValue>>;
  /** Whether a value was submitted or corrected since the last scoring (or none yet). */
  readonly changedSinceScoring: boolean;
  readonly scoring?: Scoring;
  readonly published: boolean;
  /** The last published ranking imported. */
  readonly publishedRanking?: PublishedRankingImported['data'];
}

/** A stream with no events yet. */
export interface UnopenedRound {
  readonly opened: false;
}

export type RoundState = UnopenedRound | OpenedRound;

/** The state of a stream before its first event. */
export const initialState = (): RoundState => ({ opened: false });

/** The state after `event`. */
export function evolve(state: RoundState, event: RoundEvent): RoundState {
  if (!state.opened) {
    if (event.type !== 'RoundOpened') return state;
    const { roundId, methodology, referenceDate, synthetic, population } = event.data;
    return {
      opened: true,
      roundId,
      methodology,
      referenceDate,
      synthetic,
      population,
      regions: new Map(population.map((zone) => [zone.zoneId, zone.region])),
      values: new Map(),
      changedSinceScoring: false,
      published: false,
    };
  }
  switch (event.type) {
    case 'IndicatorsSubmitted': {
      const { zoneId, values } = event.data;
      const recorded = new Map(state.values.get(zoneId));
      for (const { indicatorKey, value, unit, source, submitter } of values)
        recorded.set(indicatorKey, { value, unit, source, submitter, version: 1 });
      return {
        ...state,
        values: withZone(state.values, zoneId, recorded),
        changedSinceScoring: true,
      };
    }
    case 'IndicatorCorrected': {
      const { zoneId, indicatorKey, value, unit, source, submitter, version, reason } = event.data;
      const recorded = new Map(state.values.get(zoneId));
      recorded.set(indicatorKey, { value, unit, source, submitter, version, reason });
      return {
        ...state,
        values: withZone(state.values, zoneId, recorded),
        changedSinceScoring: true,
      };
    }
    case 'RoundScored': {
      const { scoring, methodologyId, methodologyVersion, normalisation, aggregation, unscored } =
        event.data;
      return {
        ...state,
        scoring: {
          scoring,
          methodologyId,
          methodologyVersion,
          normalisation,
          aggregation,
          results: [],
          unscored,
        },
        changedSinceScoring: false,
      };
    }
    case 'ZoneScored': {
      // A zone's result joins the scoring it belongs to (the last one, which it follows).
      const { roundId: _roundId, scoring: number, ...result } = event.data;
      if (!state.scoring || state.scoring.scoring !== number) return state;
      return {
        ...state,
        scoring: { ...state.scoring, results: [...state.scoring.results, result] },
      };
    }
    case 'RoundPublished':
      return { ...state, published: true };
    case 'PublishedRankingImported':
      return { ...state, publishedRanking: event.data };
    case 'RoundOpened':
    case 'ZoneScoreChanged':
    case 'ZoneRankChanged':
    case 'ExitWarningIssued':
      return state;
  }
}

/** The round's current values as scoring reads them. */
export function indicatorValuesOf(round: OpenedRound): IndicatorValues {
  const values: Record<string, Record<string, number>> = {};
  for (const [zoneId, recorded] of round.values) {
    const row: Record<string, number> = {};
    for (const [key, { value }] of recorded) row[key] = value;
    values[zoneId] = row;
  }
  return values;
}

function withZone(
  values: ReadonlyMap<string, ReadonlyMap<string, RecordedValue>>,
  zoneId: string,
  recorded: ReadonlyMap<string, RecordedValue>,
): ReadonlyMap<string, ReadonlyMap<string, RecordedValue>> {
  const next = new Map(values);
  next.set(zoneId, recorded);
  return next;
}
