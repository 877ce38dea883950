import { REGIONS, type Region } from '@zoneledger/shared-kernel';
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import {
  methodologyOf,
  type IndicatorValues,
  type Methodology,
  type MethodologyInput,
  type PopulationZone,
} from '../../services/assessment-engine/src/domain';

/** The dimensions of every synthetic methodology: equal weights, indicators shared out evenly. */
export const DIMENSIONS = 5;
/** One value in this many is left out, so the missing-value policy has work to do. */
const MISSING_ONE_IN = 50;

export const indicatorKey = (d: number, i: number) =>
  `i-${String(d + 1).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`;
export const benchZoneId = (i: number) => `bz-${String(i).padStart(6, '0')}`;

/** The options a methodology is built with (the defaults are the engine's usual ones). */
export interface MethodologyOptions {
  readonly normalisation?: string;
  readonly aggregation?: string;
  readonly missingValues?: string;
}

export const DEFAULT_OPTIONS = {
  normalisation: 'NORMALISATION_MIN_MAX',
  aggregation: 'AGGREGATION_WEIGHTED_ARITHMETIC',
  missingValues: 'MISSING_VALUE_POLICY_REGION_MEAN',
} as const;

/**
 * A methodology of DIMENSIONS dimensions (weight 1/5 each) sharing `indicators` between them
 * (weights 1/k within a dimension of k); every seventh indicator is 'lower is better'. As
 * POST /v1/methodologies takes it.
 */
export function syntheticMethodologyInput(
  indicators: number,
  options: MethodologyOptions = {},
  methodologyId = `bench-${indicators}`,
): MethodologyInput {
  const perDimension = Array.from(
    { length: DIMENSIONS },
    (_, d) => Math.floor(indicators / DIMENSIONS) + (d < indicators % DIMENSIONS ? 1 : 0),
  );
  let n = 0;
  return {
    methodologyId,
    version: 1,
    name: `Synthetic methodology, ${indicators} indicators`,
    source: 'benchmark',
    notes: 'synthetic',
    weightsPublished: true,
    normalisation: options.normalisation ?? DEFAULT_OPTIONS.normalisation,
    aggregation: options.aggregation ?? DEFAULT_OPTIONS.aggregation,
    missingValues: options.missingValues ?? DEFAULT_OPTIONS.missingValues,
    dimensions: perDimension.map((count, d) => ({
      key: `d-${d + 1}`,
      nameEn: `Dimension ${d + 1}`,
      weight: 1 / DIMENSIONS,
      indicators: Array.from({ length: count }, (_, i) => {
        n += 1;
        return {
          key: indicatorKey(d, i),
          nameEn: `Indicator ${d + 1}.${i + 1}`,
          unit: 'unit',
          direction: n % 7 === 0 ? 'DIRECTION_LOWER_IS_BETTER' : 'DIRECTION_HIGHER_IS_BETTER',
          weight: 1 / count,
          allowsNegative: false,
        };
      }),
    })),
  };
}

export function syntheticMethodology(
  indicators: number,
  options?: MethodologyOptions,
): Methodology {
  return methodologyOf(syntheticMethodologyInput(indicators, options));
}

/** `zones` zones, their regions in turn. */
export function syntheticPopulation(zones: number): PopulationZone[] {
  return Array.from({ length: zones }, (_, i) => ({
    zoneId: benchZoneId(i),
    region: REGIONS[i % REGIONS.length] as Region,
  }));
}

/** A double in [0, 1) from pure-rand's uniform integers (53 bits). */
function uniform(rng: RandomGenerator): number {
  const high = unsafeUniformIntDistribution(0, 0x3ffffff, rng);
  const low = unsafeUniformIntDistribution(0, 0x7ffffff, rng);
  return (high * 0x8000000 + low) / 2 ** 53;
}

/**
 * Every zone's values of every indicator of `methodology`, from a seeded xoroshiro128+: a skewed
 * positive spread (u^3 scaled by the indicator), one value in MISSING_ONE_IN left out. The same
 * seed gives the same values.
 */
export function syntheticValues(
  methodology: Methodology,
  population: readonly PopulationZone[],
  seed: number,
): Record<string, Record<string, number>> {
  const rng = xoroshiro128plus(seed);
  const keys = methodology.dimensions.flatMap((d) => d.indicators.map((i) => i.key));
  const values: Record<string, Record<string, number>> = {};
  for (const zone of population) {
    const row: Record<string, number> = {};
    keys.forEach((key, k) => {
      const u = uniform(rng);
      if (unsafeUniformIntDistribution(0, MISSING_ONE_IN - 1, rng) === 0) return;
      row[key] = Math.round((1 + k) * 1000 * u * u * u * 1000) / 1000;
    });
    values[zone.zoneId] = row;
  }
  return values;
}

export type { IndicatorValues };
