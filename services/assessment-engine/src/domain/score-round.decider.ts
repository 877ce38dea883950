import {
  DuplicateZoneError,
  InvalidRankError,
  NothingToScoreError,
  RoundNotScoredError,
  RoundPublishedError,
  ScoresStaleError,
  ValueNotFiniteError,
  WeightsUnpublishedError,
} from './assessment.errors';
import { exitWarnings } from './exit-warnings';
import type { PreviousResult, PublishRound, ScoreRound } from './round.commands';
import type {
  ExitWarningIssued,
  RoundPublished,
  RoundScored,
  ZoneRankChanged,
  ZoneScoreChanged,
  ZoneScored,
} from './round.events';
import { openedRound } from './round.rules';
import { indicatorValuesOf, type RoundState } from './round.state';
import { scoreRound } from './scoring';

// Scoring and publishing a round. Scoring records how the round was scored (RoundScored), then
// each scored zone's total, dimension scores and ranks (one ZoneScored per zone, best first; not
// the contributions: scoreRound recomputes them from the stream's methodology and values).
// Publishing makes the last scoring final and tells what changed since the previous round.

/**
 * Scores the round's current values by its methodology. Refused for a published round, and for a
 * methodology whose weights were never published (ASSESSMENT.WEIGHTS_UNPUBLISHED: assumed weights
 * are for what-ifs, see methodology.ts); refused with no value at all. Nothing submitted or
 * corrected since the last scoring: records nothing. Else a RoundScored, then a ZoneScored per
 * scored zone, best first.
 */
export function scoreRoundValues(
  { data: command }: ScoreRound,
  state: RoundState,
): (RoundScored | ZoneScored)[] {
  const round = openedRound(state, command.roundId);
  if (round.published) throw new RoundPublishedError(round.roundId);
  const { methodology } = round;
  if (!methodology.weightsPublished)
    throw new WeightsUnpublishedError(methodology.methodologyId, methodology.version);
  if (round.scoring && !round.changedSinceScoring) return [];
  if (round.values.size === 0) throw new NothingToScoreError(round.roundId);
  const scores = scoreRound(methodology, round.population, indicatorValuesOf(round));
  const roundId = round.roundId;
  const scoring = (round.scoring?.scoring ?? 0) + 1;
  const roundScored: RoundScored = {
    type: 'RoundScored',
    data: {
      roundId,
      scoring,
      methodologyId: methodology.methodologyId,
      methodologyVersion: methodology.version,
      normalisation: scores.normalisation,
      aggregation: scores.aggregation,
      zonesScored: scores.scores.length,
      unscored: [...scores.unscored],
    },
  };
  const zonesScored = scores.scores.map(
    (score): ZoneScored => ({
      type: 'ZoneScored',
      data: {
        roundId,
        scoring,
        zoneId: score.zoneId,
        region: score.region,
        total: score.total,
        nationalRank: score.nationalRank,
        regionalRank: score.regionalRank,
        dimensions: score.dimensions.map(({ key, score: value }) =>
          value === null ? { key } : { key, score: value },
        ),
        imputed: [...score.imputed],
        excluded: [...score.excluded],
      },
    }),
  );
  return [roundScored, ...zonesScored];
}

type PublicationEvent = RoundPublished | ZoneScoreChanged | ZoneRankChanged | ExitWarningIssued;

/**
 * Publishes the round's last scoring: only once scored, and only when nothing was submitted or
 * corrected since (ASSESSMENT.SCORES_STALE). Then, in rank order, for each zone with a previous
 * published result (keyed by the zone holding its lineage now), its score and rank changes (only
 * what changed); then an exit warning for each zone in its region's bottom 5 now and in one of the
 * two previous rounds (exit-warnings.ts). Publishing again records nothing.
 */
export function publishRound(
  { data: command }: PublishRound,
  state: RoundState,
): PublicationEvent[] {
  const round = openedRound(state, command.roundId);
  if (round.published) return [];
  const { scoring } = round;
  if (!scoring) throw new RoundNotScoredError(round.roundId);
  if (round.changedSinceScoring) throw new ScoresStaleError(round.roundId);
  const previous = previousByZone(command.previousResults);
  const events: PublicationEvent[] = [
    {
      type: 'RoundPublished',
      data: {
        roundId: round.roundId,
        scoring: scoring.scoring,
        synthetic: round.synthetic,
        zonesScored: scoring.results.length,
      },
    },
  ];
  for (const result of scoring.results) {
    const before = previous.get(result.zoneId);
    if (!before) continue;
    const change = {
      roundId: round.roundId,
      zoneId: result.zoneId,
      previousRoundId: before.roundId,
    };
    if (before.total !== result.total)
      events.push({
        type: 'ZoneScoreChanged',
        data: {
          ...change,
          previousTotal: before.total,
          total: result.total,
          delta: result.total - before.total,
        },
      });
    if (before.nationalRank !== result.nationalRank)
      events.push({
        type: 'ZoneRankChanged',
        data: {
          ...change,
          previousRank: before.nationalRank,
          rank: result.nationalRank,
          delta: result.nationalRank - before.nationalRank,
        },
      });
  }
  for (const warning of exitWarnings(scoring.results, command.previousBottoms))
    events.push({
      type: 'ExitWarningIssued',
      data: {
        roundId: round.roundId,
        zoneId: warning.zoneId,
        region: warning.region,
        regionalRank: warning.regionalRank,
        regionSize: warning.regionSize,
        alsoInBottom: [...warning.alsoInBottom],
      },
    });
  return events;
}

// The previous results by zone, checked: one per zone, finite totals, ranks from 1.
function previousByZone(results: readonly PreviousResult[]): Map<string, PreviousResult> {
  const byZone = new Map<string, PreviousResult>();
  for (const result of results) {
    if (byZone.has(result.zoneId)) throw new DuplicateZoneError(result.zoneId);
    if (typeof result.total !== 'number' || !Number.isFinite(result.total))
      throw new ValueNotFiniteError('previous total', result.zoneId);
    if (!Number.isInteger(result.nationalRank) || result.nationalRank < 1)
      throw new InvalidRankError(result.nationalRank);
    byZone.set(result.zoneId, result);
  }
  return byZone;
}
