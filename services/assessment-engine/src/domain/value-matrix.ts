import { REGIONS, ZONE_ID_PATTERN, type Region } from '@zoneledger/shared-kernel';
import {
  DuplicateZoneError,
  EmptyPopulationError,
  InvalidZoneIdError,
  NegativeValueError,
  UnknownRegionError,
  ValueNotFiniteError,
} from './assessment.errors';
import { indicatorsOf, type Indicator, type Methodology } from './methodology';

// The values of a round as the scoring reads them: one column per indicator (in the methodology's
// order), one row per zone (in zoneId order), with missing values filled in by the methodology's
// policy. Sorting the zones first, and reading indicators in the methodology's order, is what
// makes every floating-point sum the same whatever order the caller listed zones or keys in.

/** A zone of a round's population and the ranking region it is ranked in. */
export interface PopulationZone {
  readonly zoneId: string;
  readonly region: Region;
}

/**
 * Indicator values per zone id, then per indicator key. A key left out (or null) is a missing
 * value; zones and keys outside the population and methodology are not read.
 */
export type IndicatorValues = Readonly<
  Record<string, Readonly<Record<string, number | null | undefined>> | undefined>
>;

/** How a cell of the matrix came to be. */
export const CELL_MISSING = 0;
export const CELL_GIVEN = 1;
export const CELL_IMPUTED = 2;

/** The values ready to normalise. Internal to scoring and uncertainty. */
export interface ValueMatrix {
  /** Sorted (code unit order). */
  readonly zoneIds: readonly string[];
  readonly regions: readonly Region[];
  readonly indicators: readonly Indicator[];
  /** Per indicator, the index of its dimension in the methodology. */
  readonly dimensionOf: Int32Array;
  /** Column-major: indicator k of zone z at k * zones + z. */
  readonly values: Float64Array;
  /** CELL_MISSING, CELL_GIVEN or CELL_IMPUTED, laid out as `values`. */
  readonly cells: Uint8Array;
}

/** Compares strings by code units: the order every tie-break and sum of the engine follows. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The population's zones sorted by id, checked: at least one zone, ids the zone register takes,
 * no zone twice, every region one of MofCOM's.
 */
export function sortedPopulation(population: readonly PopulationZone[]): PopulationZone[] {
  if (population.length === 0) throw new EmptyPopulationError();
  const sorted = [...population].sort((a, b) => byCodeUnits(a.zoneId, b.zoneId));
  sorted.forEach(({ zoneId, region }, index) => {
    if (typeof zoneId !== 'string' || !ZONE_ID_PATTERN.test(zoneId))
      throw new InvalidZoneIdError(String(zoneId));
    if (index > 0 && sorted[index - 1].zoneId === zoneId) throw new DuplicateZoneError(zoneId);
    if (!REGIONS.includes(region)) throw new UnknownRegionError(zoneId, region);
  });
  return sorted;
}

/**
 * The matrix of `values` for the population and methodology, missing values filled in by its
 * policy: exclude leaves them missing; zero takes the raw value 0 (as for a count of none; note
 * that for a lower-is-better indicator 0 is the best value); region-mean takes the mean of the
 * values given in the zone's region, else of all values given, else leaves it missing. Imputed
 * values take part in normalisation like given ones. Refuses non-finite values, and negative ones where
 * the indicator allows none.
 */
export function valueMatrix(
  methodology: Methodology,
  population: readonly PopulationZone[],
  values: IndicatorValues,
): ValueMatrix {
  const zones = sortedPopulation(population);
  const indicators = indicatorsOf(methodology);
  const n = zones.length;
  const m = indicators.length;
  const dimensionOf = new Int32Array(m);
  let k = 0;
  methodology.dimensions.forEach((dimension, d) => {
    for (let i = 0; i < dimension.indicators.length; i++) dimensionOf[k++] = d;
  });
  const matrix = new Float64Array(n * m);
  const cells = new Uint8Array(n * m);
  for (let z = 0; z < n; z++) {
    // Own properties only: a key such as "constructor" is a value's name, not the prototype's.
    const row = Object.hasOwn(values, zones[z].zoneId) ? values[zones[z].zoneId] : undefined;
    if (!row) continue;
    for (let i = 0; i < m; i++) {
      const value = Object.hasOwn(row, indicators[i].key) ? row[indicators[i].key] : undefined;
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new ValueNotFiniteError(indicators[i].key, zones[z].zoneId);
      if (value < 0 && !indicators[i].allowsNegative)
        throw new NegativeValueError(indicators[i].key, value);
      matrix[i * n + z] = value;
      cells[i * n + z] = CELL_GIVEN;
    }
  }
  const regions = zones.map((zone) => zone.region);
  if (methodology.missingValues === 'MISSING_VALUE_POLICY_ZERO') {
    for (let c = 0; c < n * m; c++) if (cells[c] === CELL_MISSING) cells[c] = CELL_IMPUTED;
  } else if (methodology.missingValues === 'MISSING_VALUE_POLICY_REGION_MEAN') {
    for (let i = 0; i < m; i++) imputeRegionMeans(matrix, cells, regions, i * n, n);
  }
  return {
    zoneIds: zones.map((zone) => zone.zoneId),
    regions,
    indicators,
    dimensionOf,
    values: matrix,
    cells,
  };
}

// Fills the missing cells of the column starting at `offset` with the mean of its region's given
// values (summed in zone order), else the mean of all given values.
function imputeRegionMeans(
  matrix: Float64Array,
  cells: Uint8Array,
  regions: readonly Region[],
  offset: number,
  n: number,
) {
  const sums = new Map<Region, { sum: number; count: number }>();
  let sum = 0;
  let count = 0;
  let missing = false;
  for (let z = 0; z < n; z++) {
    if (cells[offset + z] !== CELL_GIVEN) {
      missing = true;
      continue;
    }
    const x = matrix[offset + z];
    const region = sums.get(regions[z]) ?? { sum: 0, count: 0 };
    region.sum += x;
    region.count += 1;
    sums.set(regions[z], region);
    sum += x;
    count += 1;
  }
  if (!missing || count === 0) return;
  for (let z = 0; z < n; z++) {
    if (cells[offset + z] !== CELL_MISSING) continue;
    const region = sums.get(regions[z]);
    matrix[offset + z] = region ? region.sum / region.count : sum / count;
    cells[offset + z] = CELL_IMPUTED;
  }
}
