import type { Region } from '@zoneledger/shared-kernel';
import { methodologyOf, type Methodology, type MethodologyInput } from '../methodology';
import type { IndicatorValues, PopulationZone } from '../value-matrix';

// Methodologies, zones and values the specs use. Zone ids follow the zone-registry's fixtures'
// style; indicator values are synthetic (the values behind MofCOM's ranks are not public).

/** A small methodology of two dimensions, three indicators, one of them 'lower is better'. */
export const SMALL_INPUT: MethodologyInput = {
  methodologyId: 'small',
  version: 1,
  name: 'Two-dimension test methodology',
  source: 'specs',
  notes: 'synthetic',
  weightsPublished: true,
  normalisation: 'NORMALISATION_MIN_MAX',
  aggregation: 'AGGREGATION_WEIGHTED_ARITHMETIC',
  missingValues: 'MISSING_VALUE_POLICY_EXCLUDE',
  dimensions: [
    {
      key: 'opening',
      nameEn: 'Opening-up',
      nameZh: '对外开放',
      weight: 0.6,
      indicators: [
        {
          key: 'fdi',
          nameEn: 'Foreign investment used',
          unit: 'USD 100m',
          direction: 'DIRECTION_HIGHER_IS_BETTER',
          weight: 0.5,
          allowsNegative: false,
        },
        {
          key: 'trade',
          nameEn: 'Trade',
          unit: 'CNY 100m',
          direction: 'DIRECTION_HIGHER_IS_BETTER',
          weight: 0.5,
          allowsNegative: false,
        },
      ],
    },
    {
      key: 'green',
      nameEn: 'Green development',
      weight: 0.4,
      indicators: [
        {
          key: 'energy',
          nameEn: 'Energy per unit of industrial value added',
          unit: 'tce/10k CNY',
          direction: 'DIRECTION_LOWER_IS_BETTER',
          weight: 1,
          allowsNegative: false,
        },
      ],
    },
  ],
};

export const SMALL: Methodology = methodologyOf(SMALL_INPUT);

/** SMALL with other options. */
export function small(
  options: Partial<
    Pick<Methodology, 'normalisation' | 'aggregation' | 'missingValues' | 'weightsPublished'>
  >,
): Methodology {
  return { ...SMALL, ...options };
}

export const SIP = 'zone-sip';
export const KUNSHAN = 'zone-kunshan';
export const HEFEI = 'zone-hefei';
export const WUHU = 'zone-wuhu';
export const CHENGDU = 'zone-chengdu';
export const XIAN = 'zone-xian';

export const POPULATION: readonly PopulationZone[] = [
  { zoneId: SIP, region: 'REGION_EAST' },
  { zoneId: KUNSHAN, region: 'REGION_EAST' },
  { zoneId: HEFEI, region: 'REGION_CENTRAL' },
  { zoneId: WUHU, region: 'REGION_CENTRAL' },
  { zoneId: CHENGDU, region: 'REGION_WEST' },
  { zoneId: XIAN, region: 'REGION_WEST' },
];

export const VALUES: IndicatorValues = {
  [SIP]: { fdi: 80, trade: 900, energy: 0.2 },
  [KUNSHAN]: { fdi: 60, trade: 700, energy: 0.3 },
  [HEFEI]: { fdi: 30, trade: 300, energy: 0.4 },
  [WUHU]: { fdi: 20, trade: 200, energy: 0.5 },
  [CHENGDU]: { fdi: 40, trade: 250, energy: 0.35 },
  [XIAN]: { fdi: 10, trade: 100, energy: 0.6 },
};

const REGION_CYCLE: readonly Region[] = ['REGION_EAST', 'REGION_CENTRAL', 'REGION_WEST'];

/** A synthetic methodology of `dimensions` x `perDimension` indicators, equal weights. */
export function syntheticMethodology(
  dimensions: number,
  perDimension: number,
  options: Partial<Pick<MethodologyInput, 'normalisation' | 'aggregation' | 'missingValues'>> = {},
): Methodology {
  return methodologyOf({
    methodologyId: `synthetic-${dimensions}x${perDimension}`,
    version: 1,
    name: 'Synthetic methodology',
    weightsPublished: true,
    normalisation: options.normalisation ?? 'NORMALISATION_MIN_MAX',
    aggregation: options.aggregation ?? 'AGGREGATION_WEIGHTED_ARITHMETIC',
    missingValues: options.missingValues ?? 'MISSING_VALUE_POLICY_EXCLUDE',
    dimensions: Array.from({ length: dimensions }, (_, d) => ({
      key: `d${d}`,
      nameEn: `Dimension ${d}`,
      weight: 1 / dimensions,
      indicators: Array.from({ length: perDimension }, (_, i) => ({
        key: `d${d}i${i}`,
        nameEn: `Indicator ${i} of dimension ${d}`,
        unit: 'index',
        direction: i % 3 === 2 ? 'DIRECTION_LOWER_IS_BETTER' : 'DIRECTION_HIGHER_IS_BETTER',
        weight: 1 / perDimension,
      })),
    })),
  });
}

/** `zones` synthetic zones, spread over the three regions. */
export function syntheticPopulation(zones: number): PopulationZone[] {
  return Array.from({ length: zones }, (_, z) => ({
    zoneId: `zone-${String(z).padStart(5, '0')}`,
    region: REGION_CYCLE[z % 3],
  }));
}

/** Deterministic synthetic values (a simple hash of zone and indicator), all of them given. */
export function syntheticValues(
  methodology: Methodology,
  population: readonly PopulationZone[],
): Record<string, Record<string, number>> {
  const keys = methodology.dimensions.flatMap((d) => d.indicators.map((i) => i.key));
  const values: Record<string, Record<string, number>> = {};
  population.forEach(({ zoneId }, z) => {
    const row: Record<string, number> = {};
    keys.forEach((key, i) => {
      row[key] = ((z * 7919 + i * 104729 + z * i * 31) % 10007) / 10;
    });
    values[zoneId] = row;
  });
  return values;
}
