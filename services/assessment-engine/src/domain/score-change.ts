import type { Region } from '@zoneledger/shared-kernel';
import { InvalidOptionError, ZoneNotInPopulationError } from './assessment.errors';
import { indicatorsOf, type Methodology } from './methodology';
import { indicatorValuesOf, type OpenedRound } from './round.state';
import { scoreRound, type IndicatorContribution, type RoundScores } from './scoring';
import type { IndicatorValues, PopulationZone } from './value-matrix';

// What moved a zone's score between two rounds. The change is split into what the methodology
// changed, what the population changed (mergers, entries, exits), what the other zones' data
// changed and what the zone's own data changed, by scoring the zone five times, each scoring
// changing one thing from the one before:
//
//   S0  the previous round: its methodology, population and values (the predecessor's total);
//   S1  the previous population and values, scored by the current methodology;
//   S2  the current population scored by the current methodology, with the previous values for
//       the zones in both rounds (the zone itself keeps its predecessor's values), the current
//       values for zones new in the current round, and the zones gone left out;
//   S3  the current values for every zone but this one, which keeps its predecessor's values;
//   S4  the current round: its methodology, population and values (the zone's total).
//
// The parts are the successive differences: methodology S1 - S0, population S2 - S1, other
// zones' data S3 - S2, own data S4 - S3. The change is defined as their sum, taken in that order,
// so the parts add up to it bit for bit; it equals S4 - S0 up to the rounding of three additions
// (a few ulps of the totals). A part whose scorings have the same inputs is exactly 0, since
// scoring is deterministic: the methodology part when the current methodology is the previous
// one, the population part when the population is the same, and so on.
//
// The order matters: with min-max normalisation (or region-mean imputation) a zone's score
// depends on the other zones' values, so a change is attributed to the first step that makes it.
// The methodology goes first (the previous round's values seen through the new methodology), then
// the population, then the data. A merger shows in the population part: the zone takes its
// predecessor's place with its predecessor's values, and the zones absorbed leave.
//
// Another methodology reads the previous values under its own indicator keys, as what-ifs do
// (what-if.ts): keys the two share are taken to mean the same thing in the same unit; keys only
// the current methodology has are missing values to it, filled in or left out by its policy.
//
// Imputation is reported beside the parts, not as one of them: the contribution the imputed
// values make to the zone's total in each round, and which indicators were imputed. How much of
// each part went through imputed values is not separated out (it is in the parts).
//
// Every number is computed from the rounds' current values. For a round scored and unchanged
// since (a published round), that is its recorded scoring: scoring is deterministic.

/** The default number of top movers. */
export const SCORE_CHANGE_TOP_MOVERS = 5;

/** A zone's score and ranks in a round. */
export interface ZoneStanding {
  readonly zoneId: string;
  readonly region: Region;
  readonly total: number;
  readonly nationalRank: number;
  readonly regionalRank: number;
}

/** The parts of a score change; their sum, in this order, is the change. */
export interface ScoreChangeParts {
  /** S1 - S0: the previous round's data scored by the current methodology rather than its own. */
  readonly methodology: number;
  /** S2 - S1: the current population (entries, exits, mergers, regions) rather than the previous. */
  readonly population: number;
  /** S3 - S2: the other zones' current values rather than their previous ones. */
  readonly otherZonesData: number;
  /** S4 - S3: the zone's current values rather than its predecessor's. */
  readonly ownData: number;
}

/** The zone's total in each scoring of the chain (see score-change.ts). */
export interface ScoreChangeSteps {
  /** S0: the predecessor's total in the previous round. */
  readonly previous: number;
  /** S1: the previous round scored by the current methodology. */
  readonly currentMethodology: number;
  /** S2: then with the current population. */
  readonly currentPopulation: number;
  /** S3: then with the other zones' current values. */
  readonly otherZonesCurrentData: number;
  /** S4: the zone's total in the current round. */
  readonly current: number;
}

/** A scoring of the chain. */
export type ScoreChangeStep = keyof ScoreChangeSteps;

/** What imputed values made of a zone's total in a round. */
export interface ImputationShare {
  /** The sum of the imputed values' contributions (in the methodology's order). */
  readonly contribution: number;
  /** Keys of the indicators imputed, in the methodology's order. */
  readonly indicators: readonly string[];
}

/** An indicator of either round's methodology, for the zone in both rounds. */
export interface IndicatorChange {
  readonly indicatorKey: string;
  /** The value scored in the previous round (given or imputed); null when missing or not scored. */
  readonly previousValue: number | null;
  readonly currentValue: number | null;
  /** currentValue - previousValue; null unless both are numbers. */
  readonly valueDelta: number | null;
  readonly previousImputed: boolean;
  readonly currentImputed: boolean;
  /** Its effective weight in the zone's total; 0 when left out, not in the methodology or not scored. */
  readonly previousWeight: number;
  readonly currentWeight: number;
  /** Its contribution to the zone's total; 0 when left out, not in the methodology or not scored. */
  readonly previousContribution: number;
  readonly currentContribution: number;
  /** currentContribution - previousContribution. */
  readonly contributionDelta: number;
}

/** Why a change cannot be split. */
export type IncomparableReason =
  /** The predecessor is not in the previous round's population. */
  | 'NOT_IN_PREVIOUS_ROUND'
  /** No value was recorded for the predecessor in the previous round. */
  | 'NO_PREVIOUS_VALUES'
  /** No value is recorded for the zone in the current round. */
  | 'NO_CURRENT_VALUES'
  /** The zone is left unscored in one of the scorings (`unscoredIn` says which). */
  | 'NOT_SCORED';

interface ScoreChangeBase {
  readonly zoneId: string;
  /** The zone whose previous result the zone continues: itself, or one it absorbed. */
  readonly previousZoneId: string;
  readonly previousRoundId: string;
  readonly currentRoundId: string;
  readonly methodology: {
    readonly previous: { readonly methodologyId: string; readonly version: number };
    readonly current: { readonly methodologyId: string; readonly version: number };
    /** Whether the rounds' methodologies differ in id or version. */
    readonly changed: boolean;
  };
  /** Zones of the current population not in the previous one, and the reverse (sorted by id). */
  readonly population: {
    readonly entered: readonly string[];
    readonly exited: readonly string[];
  };
  /** The predecessor in the previous round; null when not there or not scored. */
  readonly previous: ZoneStanding | null;
  /** The zone in the current round; null when not scored. */
  readonly current: ZoneStanding | null;
  /** Current national rank - previous (negative: it climbed); null unless scored in both. */
  readonly rankDelta: number | null;
  /** Current regional rank - previous; null unless scored in both. */
  readonly regionalRankDelta: number | null;
  /** What imputation filled in; null for a round the zone is not scored in. */
  readonly imputation: {
    readonly previous: ImputationShare | null;
    readonly current: ImputationShare | null;
  };
  /**
   * Every indicator of the current methodology (in its order), then those only the previous one
   * has, sorted by |contributionDelta|, largest first (ties in that order).
   */
  readonly indicators: readonly IndicatorChange[];
  /** The first `top` of `indicators` whose contribution changed. */
  readonly topMovers: readonly IndicatorChange[];
}

/** A change split into its parts. */
export interface ComparableScoreChange extends ScoreChangeBase {
  readonly comparable: true;
  readonly previous: ZoneStanding;
  readonly current: ZoneStanding;
  readonly rankDelta: number;
  readonly regionalRankDelta: number;
  /** methodology + population + otherZonesData + ownData, in that order (≈ S4 - S0). */
  readonly change: number;
  readonly parts: ScoreChangeParts;
  readonly steps: ScoreChangeSteps;
}

/** A change that cannot be split, and why. */
export interface IncomparableScoreChange extends ScoreChangeBase {
  readonly comparable: false;
  readonly reason: IncomparableReason;
  /** With NOT_SCORED: the first scoring of the chain the zone is unscored in. */
  readonly unscoredIn?: ScoreChangeStep;
}

export type ScoreChange = ComparableScoreChange | IncomparableScoreChange;

export interface ScoreChangeOptions {
  /** The zone whose result in the previous round this zone continues (default: the zone itself). */
  readonly previousZoneId?: string;
  /** How many top movers (default SCORE_CHANGE_TOP_MOVERS; 0 for none). */
  readonly top?: number;
}

/**
 * What moved `zoneId`'s score from the previous round to the current one (see above). The caller
 * resolves lineage: `previousZoneId` is the zone whose result this one continues (itself, or a zone
 * it absorbed). Refuses a zone outside the current population and a `top` that is not a
 * non-negative integer. A change it cannot split (predecessor not in the previous round, no values
 * in either round, unscored in a scoring of the chain) is `comparable: false` with the reason, and
 * with what is known: standings, imputation and indicators of the rounds the zone is scored in.
 */
export function scoreChange(
  previousRound: OpenedRound,
  currentRound: OpenedRound,
  zoneId: string,
  options: ScoreChangeOptions = {},
): ScoreChange {
  const previousZoneId = options.previousZoneId ?? zoneId;
  const top = options.top ?? SCORE_CHANGE_TOP_MOVERS;
  if (!Number.isInteger(top) || top < 0)
    throw new InvalidOptionError('top', top, 'a non-negative integer');
  if (!currentRound.regions.has(zoneId)) throw new ZoneNotInPopulationError(zoneId);

  const previousValues = indicatorValuesOf(previousRound);
  const currentValues = indicatorValuesOf(currentRound);
  const inPrevious = previousRound.regions.has(previousZoneId);
  const s0 = inPrevious
    ? scoreRound(previousRound.methodology, previousRound.population, previousValues)
    : undefined;
  const s4 = scoreRound(currentRound.methodology, currentRound.population, currentValues);

  const previous = s0 ? standingOf(s0, previousZoneId) : null;
  const current = standingOf(s4, zoneId);
  const previousContributions = s0 && previous ? s0.contributionsOf(previousZoneId) : [];
  const currentContributions = current ? s4.contributionsOf(zoneId) : [];
  const indicators = indicatorChanges(
    previousRound.methodology,
    currentRound.methodology,
    previousContributions,
    currentContributions,
  );
  const base: ScoreChangeBase = {
    zoneId,
    previousZoneId,
    previousRoundId: previousRound.roundId,
    currentRoundId: currentRound.roundId,
    methodology: {
      previous: versionOf(previousRound.methodology),
      current: versionOf(currentRound.methodology),
      changed:
        previousRound.methodology.methodologyId !== currentRound.methodology.methodologyId ||
        previousRound.methodology.version !== currentRound.methodology.version,
    },
    population: {
      entered: idsNotIn(currentRound.population, previousRound.regions),
      exited: idsNotIn(previousRound.population, currentRound.regions),
    },
    previous,
    current,
    rankDelta: previous && current ? current.nationalRank - previous.nationalRank : null,
    regionalRankDelta: previous && current ? current.regionalRank - previous.regionalRank : null,
    imputation: {
      previous: previous ? imputationOf(previousContributions) : null,
      current: current ? imputationOf(currentContributions) : null,
    },
    indicators,
    topMovers: indicators.filter((indicator) => indicator.contributionDelta !== 0).slice(0, top),
  };

  const incomparable = (reason: IncomparableReason, unscoredIn?: ScoreChangeStep): ScoreChange => ({
    ...base,
    comparable: false,
    reason,
    ...(unscoredIn ? { unscoredIn } : {}),
  });
  if (!inPrevious) return incomparable('NOT_IN_PREVIOUS_ROUND');
  if (!hasValues(previousRound, previousZoneId)) return incomparable('NO_PREVIOUS_VALUES');
  if (!hasValues(currentRound, zoneId)) return incomparable('NO_CURRENT_VALUES');
  if (!previous) return incomparable('NOT_SCORED', 'previous');

  // S1: the previous round through the current methodology.
  const s1 = scoreRound(currentRound.methodology, previousRound.population, previousValues);
  const t1 = totalOf(s1, previousZoneId);
  if (t1 === undefined) return incomparable('NOT_SCORED', 'currentMethodology');

  // S2: the current population, the zones in both rounds (and this zone) with previous values.
  const rowOf = (values: IndicatorValues, id: string) =>
    Object.hasOwn(values, id) ? values[id] : undefined;
  const s2Values: IndicatorValues = Object.fromEntries(
    currentRound.population.map(({ zoneId: id }) => [
      id,
      id === zoneId
        ? rowOf(previousValues, previousZoneId)
        : previousRound.regions.has(id)
          ? rowOf(previousValues, id)
          : rowOf(currentValues, id),
    ]),
  );
  const s2 = scoreRound(currentRound.methodology, currentRound.population, s2Values);
  const t2 = totalOf(s2, zoneId);
  if (t2 === undefined) return incomparable('NOT_SCORED', 'currentPopulation');

  // S3: every other zone's current values; this zone keeps its predecessor's.
  const s3Values: IndicatorValues = Object.fromEntries(
    currentRound.population.map(({ zoneId: id }) => [
      id,
      id === zoneId ? rowOf(previousValues, previousZoneId) : rowOf(currentValues, id),
    ]),
  );
  const s3 = scoreRound(currentRound.methodology, currentRound.population, s3Values);
  const t3 = totalOf(s3, zoneId);
  if (t3 === undefined) return incomparable('NOT_SCORED', 'otherZonesCurrentData');

  if (!current) return incomparable('NOT_SCORED', 'current');
  const steps: ScoreChangeSteps = {
    previous: previous.total,
    currentMethodology: t1,
    currentPopulation: t2,
    otherZonesCurrentData: t3,
    current: current.total,
  };
  const parts: ScoreChangeParts = {
    methodology: t1 - previous.total,
    population: t2 - t1,
    otherZonesData: t3 - t2,
    ownData: current.total - t3,
  };
  return {
    ...base,
    comparable: true,
    previous,
    current,
    rankDelta: current.nationalRank - previous.nationalRank,
    regionalRankDelta: current.regionalRank - previous.regionalRank,
    change: parts.methodology + parts.population + parts.otherZonesData + parts.ownData,
    parts,
    steps,
  };
}

function versionOf(methodology: Methodology) {
  return { methodologyId: methodology.methodologyId, version: methodology.version };
}

function standingOf(scores: RoundScores, zoneId: string): ZoneStanding | null {
  const score = scores.scores.find((s) => s.zoneId === zoneId);
  if (!score) return null;
  const { region, total, nationalRank, regionalRank } = score;
  return { zoneId, region, total, nationalRank, regionalRank };
}

function totalOf(scores: RoundScores, zoneId: string): number | undefined {
  return scores.scores.find((s) => s.zoneId === zoneId)?.total;
}

function hasValues(round: OpenedRound, zoneId: string): boolean {
  return (round.values.get(zoneId)?.size ?? 0) > 0;
}

// The ids of `population` not among `others`, sorted.
function idsNotIn(
  population: readonly PopulationZone[],
  others: ReadonlyMap<string, Region>,
): string[] {
  return population
    .map((zone) => zone.zoneId)
    .filter((id) => !others.has(id))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function imputationOf(contributions: readonly IndicatorContribution[]): ImputationShare {
  let contribution = 0;
  const indicators: string[] = [];
  for (const c of contributions) {
    if (!c.imputed) continue;
    contribution += c.contribution;
    indicators.push(c.indicatorKey);
  }
  return { contribution, indicators };
}

// Every indicator of the current methodology, then those only the previous one has, sorted by the
// size of their contribution's change (a stable sort: ties keep that order).
function indicatorChanges(
  previousMethodology: Methodology,
  currentMethodology: Methodology,
  previousContributions: readonly IndicatorContribution[],
  currentContributions: readonly IndicatorContribution[],
): IndicatorChange[] {
  const keys = indicatorsOf(currentMethodology).map((indicator) => indicator.key);
  const known = new Set(keys);
  for (const { key } of indicatorsOf(previousMethodology)) if (!known.has(key)) keys.push(key);
  const before = new Map(previousContributions.map((c) => [c.indicatorKey, c]));
  const after = new Map(currentContributions.map((c) => [c.indicatorKey, c]));
  return keys
    .map((indicatorKey): IndicatorChange => {
      const p = before.get(indicatorKey);
      const c = after.get(indicatorKey);
      const previousValue = p?.value ?? null;
      const currentValue = c?.value ?? null;
      const previousContribution = p?.contribution ?? 0;
      const currentContribution = c?.contribution ?? 0;
      return {
        indicatorKey,
        previousValue,
        currentValue,
        valueDelta:
          previousValue !== null && currentValue !== null ? currentValue - previousValue : null,
        previousImputed: p?.imputed ?? false,
        currentImputed: c?.imputed ?? false,
        previousWeight: p?.weight ?? 0,
        currentWeight: c?.weight ?? 0,
        previousContribution,
        currentContribution,
        contributionDelta: currentContribution - previousContribution,
      };
    })
    .sort((a, b) => Math.abs(b.contributionDelta) - Math.abs(a.contributionDelta));
}
