import type { Direction, Normalisation } from './methodology';

// Normalisation of one indicator's column of values over the zones that have one (given or
// imputed), in place into `out`; cells without a value get 0 and are never read. Each method reads
// the column in zone order, so its result does not depend on how the caller listed the zones.
//
// - min-max: 0 for the worst value, 100 for the best (inverted when lower is better).
// - z-score: standard deviations from the mean (population standard deviation); negated when lower
//   is better.
// - percentile-rank: the share of the other zones with a worse value, ties counting half, 0..100.
//
// A degenerate column (every value equal, or a single value) carries no information: every zone
// gets the neutral value (50 for min-max and percentile rank, 0 for z-score), never NaN.

/** Min-max and percentile rank's value for a column that cannot tell zones apart. */
export const NEUTRAL_SCORE = 50;

/**
 * Normalises `column` (one value per zone; `present[z]` non-zero where zone z has one) into `out`.
 * `sorted` is scratch space of at least the column's length (percentile rank sorts into it).
 */
export function normaliseColumn(
  column: Float64Array,
  present: Uint8Array,
  direction: Direction,
  method: Normalisation,
  out: Float64Array,
  sorted: Float64Array,
): void {
  out.fill(0);
  switch (method) {
    case 'NORMALISATION_MIN_MAX':
      return minMax(column, present, direction, out);
    case 'NORMALISATION_Z_SCORE':
      return zScore(column, present, direction, out);
    case 'NORMALISATION_PERCENTILE_RANK':
      return percentileRank(column, present, direction, out, sorted);
  }
}

function minMax(
  column: Float64Array,
  present: Uint8Array,
  direction: Direction,
  out: Float64Array,
) {
  const n = column.length;
  let min = Infinity;
  let max = -Infinity;
  for (let z = 0; z < n; z++) {
    if (!present[z]) continue;
    const x = column[z];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (!(max > min)) return fill(present, out, NEUTRAL_SCORE);
  // Halving keeps the range finite for values near the largest doubles (exact for normal numbers).
  const halve = !Number.isFinite(max - min);
  const lo = halve ? min / 2 : min;
  const hi = halve ? max / 2 : max;
  const range = hi - lo;
  for (let z = 0; z < n; z++) {
    if (!present[z]) continue;
    const x = halve ? column[z] / 2 : column[z];
    out[z] = ((direction === 'DIRECTION_HIGHER_IS_BETTER' ? x - lo : hi - x) / range) * 100;
  }
}

function zScore(
  column: Float64Array,
  present: Uint8Array,
  direction: Direction,
  out: Float64Array,
) {
  const n = column.length;
  let count = 0;
  let sum = 0;
  for (let z = 0; z < n; z++) {
    if (!present[z]) continue;
    count++;
    sum += column[z];
  }
  if (count === 0) return;
  const mean = sum / count;
  let squares = 0;
  for (let z = 0; z < n; z++) {
    if (!present[z]) continue;
    const d = column[z] - mean;
    squares += d * d;
  }
  const sd = Math.sqrt(squares / count);
  if (!(sd > 0) || !Number.isFinite(sd) || !Number.isFinite(mean)) return fill(present, out, 0);
  for (let z = 0; z < n; z++) {
    if (!present[z]) continue;
    out[z] =
      (direction === 'DIRECTION_HIGHER_IS_BETTER' ? column[z] - mean : mean - column[z]) / sd;
  }
}

function percentileRank(
  column: Float64Array,
  present: Uint8Array,
  direction: Direction,
  out: Float64Array,
  scratch: Float64Array,
) {
  const n = column.length;
  let count = 0;
  for (let z = 0; z < n; z++) if (present[z]) scratch[count++] = column[z];
  if (count < 2) return fill(present, out, NEUTRAL_SCORE);
  const sorted = scratch.subarray(0, count).sort();
  // For the first position of each distinct value, how many positions hold it.
  const ties = new Int32Array(count);
  for (let start = 0, end = 0; start < count; start = end) {
    while (end < count && sorted[end] === sorted[start]) end++;
    ties[start] = end - start;
  }
  const others = count - 1;
  for (let z = 0; z < n; z++) {
    if (!present[z]) continue;
    const below = lowerBound(sorted, column[z]);
    const equal = ties[below];
    const worse = direction === 'DIRECTION_HIGHER_IS_BETTER' ? below : count - below - equal;
    out[z] = ((worse + (equal - 1) / 2) / others) * 100;
  }
}

function fill(present: Uint8Array, out: Float64Array, value: number) {
  for (let z = 0; z < present.length; z++) if (present[z]) out[z] = value;
}

// The first index whose value is not below x.
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
