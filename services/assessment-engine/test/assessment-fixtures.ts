import { zoneEvent, zoneRegistered } from '@zoneledger/service-testing';
import type { Message } from 'kafkajs';

// A small register for the engine's API tests: eight national ETDZs in the East (Jiangsu), two
// in the Centre (Hubei), one in the West (Sichuan), one provincial zone and one national zone
// that exited in 2021; later (mid 2023) e8 merges into e1.

export const EAST = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'];
export const CENTRAL = ['c1', 'c2'];
export const WEST = ['w1'];

export function registerZones(suffix: string): {
  messages: Message[];
  versions: Record<string, number>;
} {
  const id = (name: string) => `${name}-${suffix}`;
  const messages = [
    ...EAST.map((name) =>
      zoneRegistered({ zoneId: id(name), nameZh: `${suffix}${name}经济技术开发区` }),
    ),
    ...CENTRAL.map((name) =>
      zoneRegistered({ zoneId: id(name), province: '湖北省', region: 'REGION_CENTRAL' }),
    ),
    ...WEST.map((name) =>
      zoneRegistered({ zoneId: id(name), province: '四川省', region: 'REGION_WEST' }),
    ),
    zoneRegistered({ zoneId: id('p1'), level: 'ZONE_LEVEL_PROVINCIAL' }),
    zoneRegistered({ zoneId: id('x1') }),
    zoneEvent(id('x1'), 2, 'ZoneExited', {
      zoneId: id('x1'),
      effectiveOn: { year: 2021, month: 1, day: 27 },
      reason: 'assessment',
    }),
  ];
  const versions: Record<string, number> = {};
  for (const name of [...EAST, ...CENTRAL, ...WEST, 'p1']) versions[id(name)] = 1;
  versions[id('x1')] = 2;
  return { messages, versions };
}

/** e8 merges into e1 from 1 June 2023: the event on the absorbed zone's stream. */
export function mergeE8IntoE1(suffix: string): Message {
  const e1 = `e1-${suffix}`;
  const e8 = `e8-${suffix}`;
  return zoneEvent(e8, 2, 'ZonesMerged', {
    mergerId: `m-${suffix}`,
    survivingZoneId: e1,
    absorbedZoneIds: [e8],
    effectiveOn: { year: 2023, month: 6, day: 1 },
    kind: 'MERGER_KIND_OTHER',
  });
}

/** A two-dimension methodology: output (higher is better) 60%, energy (lower is better) 40%. */
export function testMethodology(methodologyId: string, overrides: Record<string, unknown> = {}) {
  return {
    methodologyId,
    version: 1,
    name: 'Test methodology',
    weightsPublished: true,
    normalisation: 'NORMALISATION_MIN_MAX',
    aggregation: 'AGGREGATION_WEIGHTED_ARITHMETIC',
    missingValues: 'MISSING_VALUE_POLICY_EXCLUDE',
    dimensions: [
      {
        key: 'growth',
        nameEn: 'Growth',
        weight: 0.6,
        indicators: [
          {
            key: 'output',
            nameEn: 'Industrial output',
            unit: 'CNY 100m',
            direction: 'DIRECTION_HIGHER_IS_BETTER',
            weight: 1,
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
            nameEn: 'Energy per unit of value added',
            unit: 'tce',
            direction: 'DIRECTION_LOWER_IS_BETTER',
            weight: 1,
          },
        ],
      },
    ],
    ...overrides,
  };
}

/** One zone's two values. */
export function submission(zoneId: string, output: number, energy: number) {
  return {
    zoneId,
    values: [
      { indicatorKey: 'output', value: output, unit: 'CNY 100m', source: 'synthetic' },
      { indicatorKey: 'energy', value: energy, unit: 'tce', source: 'synthetic' },
    ],
  };
}
