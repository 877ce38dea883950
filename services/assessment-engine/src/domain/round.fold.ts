import type { RoundEvent, ScoredZone } from './round.events';
import {
  evolve,
  initialState,
  type OpenedRound,
  type RecordedValue,
  type RoundState,
  type Scoring,
} from './round.state';

// `evolve` returns a new state per event and never touches the one it is given, so a fold by
// `evolve` copies the round's values map on every submission and the scoring's results on every
// ZoneScored: quadratic in the round's size. `foldRound` reaches the same state in one pass over
// the events: it copies what it starts from once, then fills its own maps and results in place.
// Nothing it mutates is reachable from outside until it returns.

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An opened round this fold owns: its values map, the inner maps in `owned`, its results. */
interface Draft {
  readonly round: Mutable<OpenedRound> & {
    values: Map<string, ReadonlyMap<string, RecordedValue>>;
    scoring?: Scoring & { results: ScoredZone[] };
  };
  /** Zones whose inner map this fold made (the others are shared with the state it began on). */
  readonly owned: Set<string>;
}

/**
 * The state after `events`, starting from `from` (the initial state when undefined): equal to
 * `events.reduce(evolve, from)` for every sequence, in time linear in the events (plus one copy
 * of `from`'s values and results). `from` is left untouched.
 */
export function foldRound(
  events: readonly RoundEvent[],
  from: RoundState = initialState(),
): RoundState {
  let state = from;
  let draft: Draft | undefined;
  for (const event of events) {
    if (!state.opened) {
      state = evolve(state, event);
      continue;
    }
    draft ??= draftOf(state);
    apply(draft, event);
    state = draft.round;
  }
  return state;
}

function draftOf(state: OpenedRound): Draft {
  const round: Draft['round'] = { ...state, values: new Map(state.values) };
  if (state.scoring) round.scoring = { ...state.scoring, results: [...state.scoring.results] };
  return { round, owned: new Set() };
}

/** The zone's inner map, made the fold's own the first time the fold writes to it. */
function valuesOf({ round, owned }: Draft, zoneId: string): Map<string, RecordedValue> {
  const current = round.values.get(zoneId);
  if (owned.has(zoneId) && current) return current as Map<string, RecordedValue>;
  const own = new Map(current);
  round.values.set(zoneId, own);
  owned.add(zoneId);
  return own;
}

// What `evolve` does to an opened round, done in place on the draft.
function apply(draft: Draft, event: RoundEvent): void {
  const { round } = draft;
  switch (event.type) {
    case 'IndicatorsSubmitted': {
      const recorded = valuesOf(draft, event.data.zoneId);
      for (const { indicatorKey, value, unit, source, submitter } of event.data.values)
        recorded.set(indicatorKey, { value, unit, source, submitter, version: 1 });
      round.changedSinceScoring = true;
      return;
    }
    case 'IndicatorCorrected': {
      const { zoneId, indicatorKey, value, unit, source, submitter, version, reason } = event.data;
      valuesOf(draft, zoneId).set(indicatorKey, {
        value,
        unit,
        source,
        submitter,
        version,
        reason,
      });
      round.changedSinceScoring = true;
      return;
    }
    case 'RoundScored': {
      const { scoring, methodologyId, methodologyVersion, normalisation, aggregation, unscored } =
        event.data;
      round.scoring = {
        scoring,
        methodologyId,
        methodologyVersion,
        normalisation,
        aggregation,
        results: [],
        unscored,
      };
      round.changedSinceScoring = false;
      return;
    }
    case 'ZoneScored': {
      const { roundId: _roundId, scoring: number, ...result } = event.data;
      if (round.scoring?.scoring === number) round.scoring.results.push(result);
      return;
    }
    case 'RoundPublished':
      round.published = true;
      return;
    case 'PublishedRankingImported':
      round.publishedRanking = event.data;
      return;
    case 'RoundOpened':
    case 'ZoneScoreChanged':
    case 'ZoneRankChanged':
    case 'ExitWarningIssued':
      return;
  }
}
