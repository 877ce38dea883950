import type { Aggregation, Methodology, Normalisation } from './methodology';
import { normaliseColumn } from './normalisation';
import { CELL_MISSING, type ValueMatrix } from './value-matrix';

// From values to what is aggregated, and the weights each zone's score uses. Shared by scoring
// (scoring.ts) and rank uncertainty (uncertainty.ts), which prepares these arrays once per
// normalisation and only re-weights per draw.
//
// Weighted geometric aggregation (OECD-JRC Handbook on Constructing Composite Indicators) needs
// strictly positive values, which z-scores and the worst zone's min-max or percentile score (0)
// are not. Each normalised column is therefore shifted so that its lowest value is 1:
// aggregated = normalised - (lowest normalised value of the column) + 1, so min-max and
// percentile-rank scores become 1..101 and z-scores 1 and up. A degenerate column is 1 throughout.
// Arithmetic aggregation takes the normalised values as they are.

/** The normalised matrix and the matrix aggregated (the same array for arithmetic aggregation). */
export interface AggregationInputs {
  readonly normalised: Float64Array;
  readonly aggregated: Float64Array;
}

/** Normalises every column of `matrix` by `normalisation`, and shifts it for geometric means. */
export function aggregationInputs(
  matrix: ValueMatrix,
  normalisation: Normalisation,
  aggregation: Aggregation,
): AggregationInputs {
  const n = matrix.zoneIds.length;
  const m = matrix.indicators.length;
  const normalised = new Float64Array(n * m);
  const present = new Uint8Array(n);
  const scratch = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const offset = i * n;
    for (let z = 0; z < n; z++) present[z] = matrix.cells[offset + z] === CELL_MISSING ? 0 : 1;
    normaliseColumn(
      matrix.values.subarray(offset, offset + n),
      present,
      matrix.indicators[i].direction,
      normalisation,
      normalised.subarray(offset, offset + n),
      scratch,
    );
  }
  if (aggregation === 'AGGREGATION_WEIGHTED_ARITHMETIC')
    return { normalised, aggregated: normalised };
  const aggregated = new Float64Array(n * m);
  for (let i = 0; i < m; i++) {
    const offset = i * n;
    let lowest = Infinity;
    for (let z = 0; z < n; z++)
      if (matrix.cells[offset + z] !== CELL_MISSING && normalised[offset + z] < lowest)
        lowest = normalised[offset + z];
    for (let z = 0; z < n; z++)
      if (matrix.cells[offset + z] !== CELL_MISSING)
        aggregated[offset + z] = normalised[offset + z] - lowest + 1;
  }
  return { normalised, aggregated };
}

/**
 * Per zone and dimension (row-major, zone z's dimension d at z * dimensions + d), the dimension's
 * score from the indicators the zone has, their weights renormalised over those present: the
 * weighted mean of the aggregated values (arithmetic), or the weighted mean of their logarithms
 * (geometric: the log of the dimension's geometric mean). NaN where the zone has no indicator
 * of the dimension. Used by rank uncertainty, which weights dimensions per draw.
 */
export function dimensionScores(
  matrix: ValueMatrix,
  inputs: AggregationInputs,
  methodology: Methodology,
): Float64Array {
  const n = matrix.zoneIds.length;
  const m = matrix.indicators.length;
  const dims = methodology.dimensions.length;
  const geometric = methodology.aggregation === 'AGGREGATION_WEIGHTED_GEOMETRIC';
  const scores = new Float64Array(n * dims);
  const weightSums = new Float64Array(dims);
  for (let z = 0; z < n; z++) {
    weightSums.fill(0);
    for (let i = 0; i < m; i++)
      if (matrix.cells[i * n + z] !== CELL_MISSING)
        weightSums[matrix.dimensionOf[i]] += matrix.indicators[i].weight;
    for (let d = 0; d < dims; d++) scores[z * dims + d] = weightSums[d] > 0 ? 0 : NaN;
    for (let i = 0; i < m; i++) {
      if (matrix.cells[i * n + z] === CELL_MISSING) continue;
      const d = matrix.dimensionOf[i];
      const a = inputs.aggregated[i * n + z];
      scores[z * dims + d] +=
        (matrix.indicators[i].weight / weightSums[d]) * (geometric ? Math.log(a) : a);
    }
  }
  return scores;
}
