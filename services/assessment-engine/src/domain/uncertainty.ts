import type { Region } from '@zoneledger/shared-kernel';
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { aggregationInputs, dimensionScores } from './aggregation';
import { InvalidOptionError } from './assessment.errors';
import { NORMALISATIONS, type Methodology, type Normalisation } from './methodology';
import { rankZones } from './ranking';
import { valueMatrix, type IndicatorValues, type PopulationZone } from './value-matrix';

// How sure is a rank? A Monte Carlo over the choices a methodology makes (OECD-JRC Handbook,
// uncertainty analysis): each draw multiplies every dimension weight by U(1 - spread, 1 + spread)
// (the weights then renormalised over the dimensions a zone has), and picks one normalisation
// from a set, uniformly; the zones are ranked by that draw's totals. A zone's rank interval is
// the 5th to 95th percentile of its national ranks over the draws.
//
// Indicator weights within a dimension are not varied, so each normalisation's dimension scores
// are computed once (aggregation.ts) and a draw only re-weights dimensions: D numbers per zone.
// Geometric aggregation ranks by the weighted mean of the dimensions' log scores, which orders
// zones as the geometric mean does.
//
// Draws come from pure-rand's xoroshiro128+ seeded with `seed`: the same inputs and seed give the
// same result, another seed another sample. Ties within a draw are broken by zone id (ranking.ts).
// Percentiles are nearest-rank: the p-th percentile of d sorted ranks is the ceil(p * d / 100)-th.

/** What to vary and what to report. */
export interface UncertaintyOptions {
  /** Number of draws (1..100,000). Default 1,000. */
  readonly draws?: number;
  /** The generator's seed: an integer from 0 to 2^32 - 1. */
  readonly seed: number;
  /** Each dimension weight is multiplied by U(1 - spread, 1 + spread); 0 <= spread < 1. Default 0.2. */
  readonly weightSpread?: number;
  /** The normalisations drawn from, uniformly. Default: the methodology's. */
  readonly normalisations?: readonly Normalisation[];
  /** A draw counts towards `topShare` when the zone ranks within the first `top`. Default 30. */
  readonly top?: number;
  /** ... towards `regionalBottomShare` when among its region's last `bottomPerRegion`. Default 5. */
  readonly bottomPerRegion?: number;
}

/** How a zone's rank varies over the draws. */
export interface ZoneRankUncertainty {
  readonly zoneId: string;
  readonly region: Region;
  /** 5th percentile of its national rank (the better end of the interval). */
  readonly rankLow: number;
  /** 95th percentile of its national rank (the worse end). */
  readonly rankHigh: number;
  /** 50th percentile (nearest-rank: the lower median for an even number of draws). */
  readonly medianRank: number;
  /** Share of draws (0..1) in which it ranks within the top `top` nationally. */
  readonly topShare: number;
  /** Share of draws (0..1) in which it is among its region's last `bottomPerRegion`. */
  readonly regionalBottomShare: number;
}

/** The result, with the options it was drawn with. */
export interface RankUncertainty {
  readonly methodologyId: string;
  readonly version: number;
  readonly draws: number;
  readonly seed: number;
  readonly weightSpread: number;
  readonly normalisations: readonly Normalisation[];
  readonly top: number;
  readonly bottomPerRegion: number;
  /** By median rank, then zone id. */
  readonly zones: readonly ZoneRankUncertainty[];
  /** Zones with no value to score (sorted by id). */
  readonly unscored: readonly string[];
}

const MAX_DRAWS = 100_000;

/**
 * The rank uncertainty of the population's zones under `methodology` with perturbed dimension
 * weights and normalisations drawn from a set. Refuses options out of range
 * (ASSESSMENT.INVALID_OPTION) and the values scoreRound refuses. Allowed for methodologies whose
 * weights were never published: varying them is the point.
 */
export function rankUncertainty(
  methodology: Methodology,
  population: readonly PopulationZone[],
  values: IndicatorValues,
  options: UncertaintyOptions,
): RankUncertainty {
  const settings = settingsOf(methodology, options);
  const { draws, seed, weightSpread, normalisations, top, bottomPerRegion } = settings;
  const matrix = valueMatrix(methodology, population, values);
  const n = matrix.zoneIds.length;
  const dims = methodology.dimensions.length;
  const scoresByNormalisation = normalisations.map((normalisation) =>
    dimensionScores(
      matrix,
      aggregationInputs(matrix, normalisation, methodology.aggregation),
      methodology,
    ),
  );

  // A zone is scored when it has a score in some dimension (the same under every normalisation).
  const scored = new Uint8Array(n);
  const first = scoresByNormalisation[0];
  for (let z = 0; z < n; z++)
    for (let d = 0; d < dims; d++) if (!Number.isNaN(first[z * dims + d])) scored[z] = 1;

  const rng = xoroshiro128plus(seed);
  const baseWeights = methodology.dimensions.map((dimension) => dimension.weight);
  const weights = new Float64Array(dims);
  const totals = new Float64Array(n);
  const ranks = new Int32Array(n * draws);
  const inTop = new Int32Array(n);
  const inBottom = new Int32Array(n);

  for (let draw = 0; draw < draws; draw++) {
    const pick =
      normalisations.length === 1
        ? 0
        : unsafeUniformIntDistribution(0, normalisations.length - 1, rng);
    for (let d = 0; d < dims; d++)
      weights[d] = baseWeights[d] * (1 - weightSpread + 2 * weightSpread * uniform(rng));
    const scores = scoresByNormalisation[pick];
    for (let z = 0; z < n; z++) {
      if (!scored[z]) continue;
      let sum = 0;
      let weightSum = 0;
      for (let d = 0; d < dims; d++) {
        const score = scores[z * dims + d];
        if (Number.isNaN(score)) continue;
        sum += weights[d] * score;
        weightSum += weights[d];
      }
      totals[z] = sum / weightSum;
    }
    const drawn = rankZones(totals, scored, matrix.regions);
    for (let z = 0; z < n; z++) {
      if (!scored[z]) continue;
      const rank = drawn.national[z];
      ranks[z * draws + draw] = rank;
      if (rank <= top) inTop[z]++;
      const regionSize = drawn.regionSizes.get(matrix.regions[z]) ?? 0;
      if (drawn.regional[z] > regionSize - bottomPerRegion) inBottom[z]++;
    }
  }

  const zones: ZoneRankUncertainty[] = [];
  const unscored: string[] = [];
  for (let z = 0; z < n; z++) {
    if (!scored[z]) {
      unscored.push(matrix.zoneIds[z]);
      continue;
    }
    const sorted = ranks.subarray(z * draws, (z + 1) * draws).sort();
    zones.push({
      zoneId: matrix.zoneIds[z],
      region: matrix.regions[z],
      rankLow: percentile(sorted, 5),
      rankHigh: percentile(sorted, 95),
      medianRank: percentile(sorted, 50),
      topShare: inTop[z] / draws,
      regionalBottomShare: inBottom[z] / draws,
    });
  }
  // Zones are in id order already: a stable sort by median keeps ties in it.
  zones.sort((a, b) => a.medianRank - b.medianRank);
  return {
    methodologyId: methodology.methodologyId,
    version: methodology.version,
    ...settings,
    zones,
    unscored,
  };
}

type Settings = Required<Omit<UncertaintyOptions, 'normalisations'>> & {
  readonly normalisations: readonly Normalisation[];
};

function settingsOf(methodology: Methodology, options: UncertaintyOptions): Settings {
  const draws = options.draws ?? 1000;
  const weightSpread = options.weightSpread ?? 0.2;
  const top = options.top ?? 30;
  const bottomPerRegion = options.bottomPerRegion ?? 5;
  const { seed } = options;
  if (!Number.isInteger(draws) || draws < 1 || draws > MAX_DRAWS)
    throw new InvalidOptionError('draws', draws, `an integer from 1 to ${MAX_DRAWS}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new InvalidOptionError('seed', seed, 'an integer from 0 to 2^32 - 1');
  if (typeof weightSpread !== 'number' || !(weightSpread >= 0 && weightSpread < 1))
    throw new InvalidOptionError('weightSpread', weightSpread, 'a number from 0 to below 1');
  if (!Number.isInteger(top) || top < 1)
    throw new InvalidOptionError('top', top, 'a positive integer');
  if (!Number.isInteger(bottomPerRegion) || bottomPerRegion < 1)
    throw new InvalidOptionError('bottomPerRegion', bottomPerRegion, 'a positive integer');
  const normalisations = [...new Set(options.normalisations ?? [methodology.normalisation])];
  if (
    normalisations.length === 0 ||
    normalisations.some((normalisation) => !NORMALISATIONS.includes(normalisation))
  )
    throw new InvalidOptionError(
      'normalisations',
      options.normalisations,
      `some of ${NORMALISATIONS.join(', ')}`,
    );
  return { draws, seed, weightSpread, normalisations, top, bottomPerRegion };
}

// A double uniform in [0, 1) from 53 random bits (26 + 27) of pure-rand's uniform integers.
function uniform(rng: RandomGenerator): number {
  const high = unsafeUniformIntDistribution(0, 0x3ffffff, rng);
  const low = unsafeUniformIntDistribution(0, 0x7ffffff, rng);
  return (high * 0x8000000 + low) / 0x20000000000000;
}

function percentile(sorted: Int32Array, p: number): number {
  return sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)];
}
