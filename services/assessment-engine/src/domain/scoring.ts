import { REGIONS, type Region } from '@zoneledger/shared-kernel';
import { aggregationInputs } from './aggregation';
import type { Aggregation, Methodology, Normalisation } from './methodology';
import { rankZones } from './ranking';
import {
  CELL_IMPUTED,
  CELL_MISSING,
  valueMatrix,
  type IndicatorValues,
  type PopulationZone,
} from './value-matrix';

// A round's scores: a pure, deterministic, explainable function of (methodology, population,
// values). Every total decomposes into per-indicator contributions, and the total IS their sum,
// taken in the methodology's indicator order starting from 0, so the decomposition holds bit for
// bit (contributionsOf(zoneId).reduce((sum, c) => sum + c.contribution, 0) === total).
//
// The work is done on typed arrays (value-matrix.ts, aggregation.ts) with no object per value;
// objects are built per zone, and per value only when a zone's contributions are asked for.
//
// Weights. Indicator i of dimension d weighs, for a zone, (D_d / ΣD) * (w_i / Σw): its weight
// within the dimension over the weights of the dimension's indicators the zone has, times the
// dimension's weight over the weights of the dimensions the zone has any indicator of. With no
// value missing that is D_d * w_i; with the exclude policy a missing value's weight is spread
// over the zone's other values (renormalised), and a zone with no value at all is left unscored
// (listed in `unscored`, not ranked).
//
// Arithmetic aggregation: contribution_i = W_i * normalised_i; the total is their weighted mean.
// Geometric aggregation: the total is G = Π a_i^W_i = exp(L), L = Σ W_i ln a_i, over the values
// shifted to be at least 1 (aggregation.ts). It is split by log shares: contribution_i =
// G * (W_i ln a_i) / L (every one >= 0, since a_i >= 1), or G * W_i when L is 0 (every value at
// its column's lowest); the total is then the sum of these, which equals G up to rounding.
//
// Dimension scores are the within-dimension means (arithmetic or geometric) of the aggregated
// values, each dimension on its own: they explain the total but are not summed into it.
//
// Ranks: see ranking.ts (higher total better; equal totals ranked by zone id).

/** An indicator's part in a zone's total. */
export interface IndicatorContribution {
  readonly indicatorKey: string;
  /** The raw value scored (given or imputed); null when missing and excluded. */
  readonly value: number | null;
  /** The normalised value; null when excluded. */
  readonly normalised: number | null;
  /** Geometric aggregation: the normalised value shifted to be at least 1; else = normalised. */
  readonly aggregated: number | null;
  /** True when the value was filled in by the methodology's missing-value policy. */
  readonly imputed: boolean;
  /** Its effective weight in this zone's total (0 when excluded). */
  readonly weight: number;
  readonly contribution: number;
}

/** A dimension's score for a zone; null when the zone has no value of any of its indicators. */
export interface DimensionScore {
  readonly key: string;
  readonly score: number | null;
}

/** A scored zone. */
export interface ZoneScore {
  readonly zoneId: string;
  readonly region: Region;
  /** The sum of its contributions (RoundScores.contributionsOf), in their order. */
  readonly total: number;
  /** 1 is best; a permutation of 1..n over the scored zones. */
  readonly nationalRank: number;
  /** 1 is best in its region; a permutation of 1..k within each region. */
  readonly regionalRank: number;
  /** In the methodology's order. */
  readonly dimensions: readonly DimensionScore[];
  /** Keys of the indicators whose value was imputed. */
  readonly imputed: readonly string[];
  /** Keys of the indicators missing and left out of this zone's score. */
  readonly excluded: readonly string[];
}

/** The scores of a population under a methodology. */
export interface RoundScores {
  readonly methodologyId: string;
  readonly version: number;
  readonly normalisation: Normalisation;
  readonly aggregation: Aggregation;
  /** Best first (by national rank). */
  readonly scores: readonly ZoneScore[];
  /** Zones with no value to score (sorted by id). */
  readonly unscored: readonly string[];
  /** Scored zones per region. */
  readonly regionSizes: Readonly<Partial<Record<Region, number>>>;
  /**
   * A scored zone's contributions, in the methodology's indicator order (none for a zone not
   * scored). Built on demand: at 10,000 zones and 50 indicators, building them all would cost more
   * than the scoring itself.
   */
  contributionsOf(zoneId: string): readonly IndicatorContribution[];
}

/** What scoreRound may do differently from the methodology (what-ifs, uncertainty). */
export interface ScoringOverrides {
  readonly normalisation?: Normalisation;
}

/**
 * Scores the population's zones by the methodology from their indicator values. Refuses an empty
 * population, a zone listed twice, an unknown region, a non-finite value, a negative value where
 * the indicator allows none. The result depends on nothing but the inputs' content: not on the
 * order of zones in `population`, nor of keys in `values`.
 */
export function scoreRound(
  methodology: Methodology,
  population: readonly PopulationZone[],
  values: IndicatorValues,
  overrides: ScoringOverrides = {},
): RoundScores {
  const matrix = valueMatrix(methodology, population, values);
  const normalisation = overrides.normalisation ?? methodology.normalisation;
  const { aggregation } = methodology;
  const geometric = aggregation === 'AGGREGATION_WEIGHTED_GEOMETRIC';
  const inputs = aggregationInputs(matrix, normalisation, aggregation);
  const n = matrix.zoneIds.length;
  const m = matrix.indicators.length;
  const dims = methodology.dimensions.length;
  const dimensionWeights = methodology.dimensions.map((dimension) => dimension.weight);

  // Row-major working arrays: zone z's indicator i at z * m + i.
  const weights = new Float64Array(n * m);
  const contributions = new Float64Array(n * m);
  const dimensionScores = new Float64Array(n * dims);
  const totals = new Float64Array(n);
  const scored = new Uint8Array(n);
  const weightSums = new Float64Array(dims);
  const terms = new Float64Array(m);

  for (let z = 0; z < n; z++) {
    weightSums.fill(0);
    for (let i = 0; i < m; i++)
      if (matrix.cells[i * n + z] !== CELL_MISSING)
        weightSums[matrix.dimensionOf[i]] += matrix.indicators[i].weight;
    let dimensionSum = 0;
    for (let d = 0; d < dims; d++) if (weightSums[d] > 0) dimensionSum += dimensionWeights[d];
    if (dimensionSum === 0) continue;
    scored[z] = 1;
    for (let d = 0; d < dims; d++) dimensionScores[z * dims + d] = weightSums[d] > 0 ? 0 : NaN;

    let logTotal = 0;
    for (let i = 0; i < m; i++) {
      if (matrix.cells[i * n + z] === CELL_MISSING) continue;
      const d = matrix.dimensionOf[i];
      const within = matrix.indicators[i].weight / weightSums[d];
      const weight = (dimensionWeights[d] / dimensionSum) * within;
      const a = inputs.aggregated[i * n + z];
      weights[z * m + i] = weight;
      if (geometric) {
        const log = Math.log(a);
        terms[i] = weight * log;
        logTotal += terms[i];
        dimensionScores[z * dims + d] += within * log;
      } else {
        contributions[z * m + i] = weight * a;
        dimensionScores[z * dims + d] += within * a;
      }
    }
    if (geometric) {
      const g = Math.exp(logTotal);
      for (let i = 0; i < m; i++) {
        if (matrix.cells[i * n + z] === CELL_MISSING) continue;
        contributions[z * m + i] =
          logTotal > 0 ? g * (terms[i] / logTotal) : g * weights[z * m + i];
      }
      for (let d = 0; d < dims; d++)
        dimensionScores[z * dims + d] = Math.exp(dimensionScores[z * dims + d]);
    }
    let total = 0;
    for (let i = 0; i < m; i++) total += contributions[z * m + i];
    totals[z] = total;
  }

  const ranks = rankZones(totals, scored, matrix.regions);
  const scores: ZoneScore[] = new Array(ranks.order.length);
  for (let position = 0; position < ranks.order.length; position++) {
    const z = ranks.order[position];
    const imputed: string[] = [];
    const excluded: string[] = [];
    for (let i = 0; i < m; i++) {
      const cell = matrix.cells[i * n + z];
      if (cell === CELL_MISSING) excluded.push(matrix.indicators[i].key);
      else if (cell === CELL_IMPUTED) imputed.push(matrix.indicators[i].key);
    }
    scores[position] = {
      zoneId: matrix.zoneIds[z],
      region: matrix.regions[z],
      total: totals[z],
      nationalRank: ranks.national[z],
      regionalRank: ranks.regional[z],
      dimensions: methodology.dimensions.map((dimension, d) => {
        const score = dimensionScores[z * dims + d];
        return { key: dimension.key, score: Number.isNaN(score) ? null : score };
      }),
      imputed,
      excluded,
    };
  }

  // Contributions are m objects per zone: built when asked for, from the arrays above.
  const contributionsOf = (zoneId: string): readonly IndicatorContribution[] => {
    const z = indexOf(matrix.zoneIds, zoneId);
    if (z < 0 || !scored[z]) return [];
    const zoneContributions: IndicatorContribution[] = new Array(m);
    for (let i = 0; i < m; i++) {
      const cell = matrix.cells[i * n + z];
      zoneContributions[i] = {
        indicatorKey: matrix.indicators[i].key,
        value: cell === CELL_MISSING ? null : matrix.values[i * n + z],
        normalised: cell === CELL_MISSING ? null : inputs.normalised[i * n + z],
        aggregated: cell === CELL_MISSING ? null : inputs.aggregated[i * n + z],
        imputed: cell === CELL_IMPUTED,
        weight: weights[z * m + i],
        contribution: contributions[z * m + i],
      };
    }
    return zoneContributions;
  };
  const unscored: string[] = [];
  for (let z = 0; z < n; z++) if (!scored[z]) unscored.push(matrix.zoneIds[z]);
  return {
    methodologyId: methodology.methodologyId,
    version: methodology.version,
    normalisation,
    aggregation,
    scores,
    unscored,
    contributionsOf,
    regionSizes: Object.fromEntries(
      REGIONS.filter((region) => ranks.regionSizes.has(region)).map((region) => [
        region,
        ranks.regionSizes.get(region),
      ]),
    ),
  };
}

// The index of `zoneId` in the sorted ids, or -1.
function indexOf(sortedIds: readonly string[], zoneId: string): number {
  let lo = 0;
  let hi = sortedIds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedIds[mid] === zoneId) return mid;
    if (sortedIds[mid] < zoneId) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
