import { REGIONS, type Region } from '@zoneledger/shared-kernel';
import { fold } from '@zoneledger/testing';
import fc from 'fast-check';
import {
  AGGREGATIONS,
  indicatorsOf,
  MISSING_VALUE_POLICIES,
  NORMALISATIONS,
  withDimensionWeights,
  type Methodology,
} from './methodology';
import { roundDecider } from './round.decider';
import type { OpenedRound, RecordedValue } from './round.state';
import { scoreChange, type ScoreChange } from './score-change';
import { scoreRound } from './scoring';
import {
  KUNSHAN,
  POPULATION,
  SIP,
  SMALL,
  small,
  syntheticMethodology,
  VALUES,
  XIAN,
} from './testing/assessment-fixtures';
import { ALL_SUBMITTED, OPENED } from './testing/round-fixtures';
import type { IndicatorValues, PopulationZone } from './value-matrix';

// A round as its stream would leave it, from a methodology, a population and values.
function roundOf(
  roundId: string,
  methodology: Methodology,
  population: readonly PopulationZone[],
  values: IndicatorValues,
): OpenedRound {
  const units = new Map(indicatorsOf(methodology).map((i) => [i.key, i.unit]));
  const recorded = new Map<string, ReadonlyMap<string, RecordedValue>>();
  for (const [zoneId, row] of Object.entries(values)) {
    const zone = new Map<string, RecordedValue>();
    for (const [key, value] of Object.entries(row ?? {}))
      if (typeof value === 'number')
        zone.set(key, {
          value,
          unit: units.get(key) ?? 'index',
          source: 'synthetic',
          submitter: 'statistics office',
          version: 1,
        });
    if (zone.size > 0) recorded.set(zoneId, zone);
  }
  return {
    opened: true,
    roundId,
    methodology,
    referenceDate: { year: 2022, month: 12, day: 31 },
    synthetic: true,
    population: [...population].sort((a, b) => (a.zoneId < b.zoneId ? -1 : 1)),
    regions: new Map(population.map((zone) => [zone.zoneId, zone.region])),
    values: recorded,
    changedSinceScoring: true,
    published: false,
  };
}

const sumOfParts = (change: ScoreChange & { comparable: true }) =>
  change.parts.methodology +
  change.parts.population +
  change.parts.otherZonesData +
  change.parts.ownData;

function comparable(change: ScoreChange): ScoreChange & { comparable: true } {
  if (!change.comparable) throw new Error(`not comparable: ${change.reason}`);
  return change;
}

// SMALL's version 2: the green dimension weighs more.
const SMALL_V2: Methodology = {
  ...withDimensionWeights(SMALL, { opening: 0.3, green: 0.7 }),
  version: 2,
};

const PREVIOUS = roundOf('2021', SMALL, POPULATION, VALUES);

describe('scoreChange', () => {
  it('puts the whole change in the methodology part when only the methodology changed', () => {
    // Kunshan's weight moves from opening-up (where it is second) towards energy (second too).
    const change = comparable(
      scoreChange(PREVIOUS, roundOf('2023', SMALL_V2, POPULATION, VALUES), KUNSHAN),
    );
    expect(change.methodology).toEqual({
      previous: { methodologyId: 'small', version: 1 },
      current: { methodologyId: 'small', version: 2 },
      changed: true,
    });
    expect(change.parts.methodology).not.toBe(0);
    expect(change.parts.population).toBe(0);
    expect(change.parts.otherZonesData).toBe(0);
    expect(change.parts.ownData).toBe(0);
    expect(change.change).toBe(change.parts.methodology);
    expect(change.change).toBeCloseTo(change.current.total - change.previous.total, 10);
    expect(change.topMovers.map((m) => m.indicatorKey)).toEqual(['energy', 'trade', 'fdi']);
    expect(change.topMovers[0].currentWeight).toBeCloseTo(0.7, 12);
    expect(change.topMovers[0].previousWeight).toBeCloseTo(0.4, 12);
  });

  it("puts the zone's own data change in the own-data part", () => {
    const values = { ...VALUES, [KUNSHAN]: { ...VALUES[KUNSHAN], fdi: 50 } };
    const change = comparable(
      scoreChange(PREVIOUS, roundOf('2023', SMALL, POPULATION, values), KUNSHAN),
    );
    expect(change.methodology.changed).toBe(false);
    expect(change.parts).toEqual({
      methodology: 0,
      population: 0,
      otherZonesData: 0,
      ownData: change.parts.ownData,
    });
    // fdi from (60 - 10) / 70 to (50 - 10) / 70 of 100, at weight 0.6 * 0.5.
    expect(change.parts.ownData).toBeCloseTo((0.3 * -1000) / 70, 10);
    expect(change.change).toBe(change.parts.ownData);
    expect(change.topMovers).toEqual([
      expect.objectContaining({
        indicatorKey: 'fdi',
        previousValue: 60,
        currentValue: 50,
        valueDelta: -10,
      }),
    ]);
    expect(change.indicators.map((i) => i.indicatorKey)).toEqual(['fdi', 'trade', 'energy']);
    expect(change.rankDelta).toBe(0);
  });

  it("puts other zones' data in their own part", () => {
    // A new best fdi elsewhere lowers Kunshan's normalised fdi; its own values are the same.
    const values = { ...VALUES, [SIP]: { ...VALUES[SIP], fdi: 150 } };
    const change = comparable(
      scoreChange(PREVIOUS, roundOf('2023', SMALL, POPULATION, values), KUNSHAN),
    );
    expect(change.parts.otherZonesData).toBeLessThan(0);
    expect([change.parts.methodology, change.parts.population, change.parts.ownData]).toEqual([
      0, 0, 0,
    ]);
  });

  it("follows a merger: the zone continues its predecessor's result", () => {
    // Suzhou's new zone absorbs SIP and Kunshan; Nanjing enters with the best fdi of all.
    const population: PopulationZone[] = [
      ...POPULATION.filter((z) => z.zoneId !== SIP && z.zoneId !== KUNSHAN),
      { zoneId: 'zone-suzhou', region: 'REGION_EAST' },
      { zoneId: 'zone-nanjing', region: 'REGION_EAST' },
    ];
    const values: IndicatorValues = {
      ...VALUES,
      'zone-suzhou': { fdi: 140, trade: 1600, energy: 0.25 },
      'zone-nanjing': { fdi: 200, trade: 800, energy: 0.3 },
    };
    const current = roundOf('2023', SMALL, population, values);
    const change = comparable(
      scoreChange(PREVIOUS, current, 'zone-suzhou', { previousZoneId: SIP }),
    );
    expect(change).toMatchObject({
      zoneId: 'zone-suzhou',
      previousZoneId: SIP,
      previousRoundId: '2021',
      currentRoundId: '2023',
      population: { entered: ['zone-nanjing', 'zone-suzhou'], exited: [KUNSHAN, SIP] },
      previous: { zoneId: SIP, nationalRank: 1, regionalRank: 1 },
      current: { zoneId: 'zone-suzhou', nationalRank: 1 },
      rankDelta: 0,
    });
    expect(change.parts.methodology).toBe(0);
    // Nanjing's fdi of 200 makes SIP's 80 no longer the best.
    expect(change.parts.population).toBeLessThan(0);
    expect(change.parts.ownData).toBeGreaterThan(0);
    expect(sumOfParts(change)).toBe(change.change);
    expect(change.change).toBeCloseTo(change.current.total - change.previous.total, 10);
    expect(change.steps.previous).toBe(change.previous.total);
    expect(change.steps.current).toBe(change.current.total);
  });

  it('does not split the change of a zone that was not in the previous round', () => {
    const population: PopulationZone[] = [
      ...POPULATION,
      { zoneId: 'zone-nanjing', region: 'REGION_EAST' },
    ];
    const values = { ...VALUES, 'zone-nanjing': { fdi: 50, trade: 500, energy: 0.3 } };
    const change = scoreChange(
      PREVIOUS,
      roundOf('2023', SMALL, population, values),
      'zone-nanjing',
    );
    expect(change).toMatchObject({
      comparable: false,
      reason: 'NOT_IN_PREVIOUS_ROUND',
      previous: null,
      current: { zoneId: 'zone-nanjing', region: 'REGION_EAST' },
      rankDelta: null,
      regionalRankDelta: null,
      imputation: { previous: null, current: { contribution: 0, indicators: [] } },
      population: { entered: ['zone-nanjing'], exited: [] },
    });
    expect(change).not.toHaveProperty('parts');
  });

  it('does not split a change without values in either round', () => {
    const { [SIP]: _sip, ...withoutSip } = VALUES;
    const emptyPrevious = roundOf('2021', SMALL, POPULATION, withoutSip);
    expect(scoreChange(emptyPrevious, PREVIOUS, SIP)).toMatchObject({
      comparable: false,
      reason: 'NO_PREVIOUS_VALUES',
      previous: null,
    });
    expect(scoreChange(PREVIOUS, emptyPrevious, SIP)).toMatchObject({
      comparable: false,
      reason: 'NO_CURRENT_VALUES',
      current: null,
    });
  });

  it('tells the scoring in which the zone is left unscored', () => {
    // A methodology sharing no indicator with the previous one: the previous values are all
    // missing to it, and it leaves them out.
    const other = syntheticMethodology(1, 2);
    const population = POPULATION;
    const values = Object.fromEntries(
      population.map(({ zoneId }, z) => [zoneId, { d0i0: z, d0i1: 10 - z }]),
    );
    const change = scoreChange(PREVIOUS, roundOf('2023', other, population, values), SIP);
    expect(change).toMatchObject({
      comparable: false,
      reason: 'NOT_SCORED',
      unscoredIn: 'currentMethodology',
      methodology: { changed: true },
    });
    // Every indicator of both methodologies: the current one's first.
    expect(change.indicators.map((i) => i.indicatorKey).sort()).toEqual(
      ['d0i0', 'd0i1', 'energy', 'fdi', 'trade'].sort(),
    );
    expect(change.indicators.find((i) => i.indicatorKey === 'fdi')).toMatchObject({
      previousValue: 80,
      currentValue: null,
      valueDelta: null,
      currentContribution: 0,
      currentWeight: 0,
    });
  });

  it('reports what region-mean imputation filled in', () => {
    const methodology = small({ missingValues: 'MISSING_VALUE_POLICY_REGION_MEAN' });
    const previous = roundOf('2021', methodology, POPULATION, VALUES);
    const values = { ...VALUES, [KUNSHAN]: { fdi: 60, energy: 0.3 } };
    const current = roundOf('2023', methodology, POPULATION, values);
    const change = comparable(scoreChange(previous, current, KUNSHAN));
    const trade = scoreRound(methodology, POPULATION, values)
      .contributionsOf(KUNSHAN)
      .find((c) => c.indicatorKey === 'trade');
    expect(change.imputation).toEqual({
      previous: { contribution: 0, indicators: [] },
      current: { contribution: trade?.contribution, indicators: ['trade'] },
    });
    // The mean of the east's given trade values: SIP's alone.
    expect(change.indicators.find((i) => i.indicatorKey === 'trade')).toMatchObject({
      previousValue: 700,
      currentValue: 900,
      previousImputed: false,
      currentImputed: true,
    });
    expect(change.parts.ownData).toBeGreaterThan(0);
    expect(change.topMovers[0]).toMatchObject({ indicatorKey: 'trade', valueDelta: 200 });
    expect(sumOfParts(change)).toBe(change.change);
  });

  it('explains rounds as their streams leave them', () => {
    const previous = fold(roundDecider, [OPENED, ...ALL_SUBMITTED]) as OpenedRound;
    const current = roundOf('2024', SMALL, POPULATION, {
      ...VALUES,
      [XIAN]: { fdi: 70, trade: 800, energy: 0.3 },
    });
    const change = comparable(scoreChange(previous, current, XIAN, { top: 2 }));
    expect(change.previousRoundId).toBe('2023');
    expect(change.rankDelta).toBeLessThan(0);
    expect(change.topMovers).toHaveLength(2);
    expect(Math.abs(change.topMovers[0].contributionDelta)).toBeGreaterThanOrEqual(
      Math.abs(change.topMovers[1].contributionDelta),
    );
    expect(change.topMovers).toEqual(change.indicators.slice(0, 2));
  });

  it.each([
    ['ASSESSMENT.ZONE_NOT_IN_POPULATION', 'zone-nowhere', {}],
    ['ASSESSMENT.INVALID_OPTION', SIP, { top: -1 }],
    ['ASSESSMENT.INVALID_OPTION', SIP, { top: 1.5 }],
  ] as const)('refuses: %s', (code, zoneId, options) =>
    expect(() => scoreChange(PREVIOUS, PREVIOUS, zoneId, options)).toThrow(
      expect.objectContaining({ code }),
    ),
  );
});

// Random small rounds: two methodologies (possibly the same), overlapping populations, regions
// that may move, values with gaps, and the zone either itself or a merger's heir.

const methodologyArb = fc
  .record({
    normalisation: fc.constantFrom(...NORMALISATIONS),
    aggregation: fc.constantFrom(...AGGREGATIONS),
    missingValues: fc.constantFrom(...MISSING_VALUE_POLICIES),
    version: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ version, ...options }) => ({ ...small(options), version }));

const valueArb = fc.oneof(
  fc.integer({ min: 0, max: 4 }),
  fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);
const rowArb = fc.record({
  fdi: fc.option(valueArb, { nil: undefined, freq: 6 }),
  trade: fc.option(valueArb, { nil: undefined, freq: 6 }),
  energy: fc.option(valueArb, { nil: undefined, freq: 6 }),
});
const regionArb = fc.constantFrom<Region>(...REGIONS);
const OTHERS = ['zone-1', 'zone-2', 'zone-3', 'zone-4', 'zone-5', 'zone-6'];

const roundArb = (roundId: string, zoneId: string) =>
  fc
    .record({
      methodology: methodologyArb,
      others: fc.subarray(OTHERS),
      regions: fc.array(regionArb, { minLength: 7, maxLength: 7 }),
      rows: fc.array(rowArb, { minLength: 7, maxLength: 7 }),
    })
    .map(({ methodology, others, regions, rows }) => {
      const ids = [zoneId, ...others];
      const population = ids.map((id, z) => ({ zoneId: id, region: regions[z] }));
      const values = Object.fromEntries(ids.map((id, z) => [id, rows[z]]));
      return roundOf(roundId, methodology, population, values);
    });

const chainArb = fc.boolean().chain((merger) =>
  fc.record({
    merger: fc.constant(merger),
    previous: roundArb('2021', 'zone-0'),
    current: roundArb('2023', merger ? 'zone-heir' : 'zone-0'),
  }),
);

describe('scoreChange properties', () => {
  it('splits the change into parts that sum to it exactly, step by step', () =>
    fc.assert(
      fc.property(chainArb, ({ merger, previous, current }) => {
        const zoneId = merger ? 'zone-heir' : 'zone-0';
        const change = scoreChange(previous, current, zoneId, { previousZoneId: 'zone-0' });
        const before = scoreRound(
          previous.methodology,
          previous.population,
          Object.fromEntries([...previous.values].map(([id, row]) => [id, valuesOf(row)])),
        ).scores.find((s) => s.zoneId === 'zone-0');
        const after = scoreRound(
          current.methodology,
          current.population,
          Object.fromEntries([...current.values].map(([id, row]) => [id, valuesOf(row)])),
        ).scores.find((s) => s.zoneId === zoneId);
        expect(change.previous?.total).toBe(before?.total);
        expect(change.current?.total).toBe(after?.total);
        if (!change.comparable) {
          const hasValues = (round: OpenedRound, id: string) => round.values.has(id);
          expect(hasValues(previous, 'zone-0') && hasValues(current, zoneId)).toBe(
            change.reason === 'NOT_SCORED',
          );
          return;
        }
        const { steps, parts } = change;
        expect(parts).toEqual({
          methodology: steps.currentMethodology - steps.previous,
          population: steps.currentPopulation - steps.currentMethodology,
          otherZonesData: steps.otherZonesCurrentData - steps.currentPopulation,
          ownData: steps.current - steps.otherZonesCurrentData,
        });
        expect(parts.methodology + parts.population + parts.otherZonesData + parts.ownData).toBe(
          change.change,
        );
        const scale = Math.max(1, ...Object.values(steps).map(Math.abs));
        expect(Math.abs(change.change - (steps.current - steps.previous))).toBeLessThanOrEqual(
          8 * Number.EPSILON * scale,
        );
        if (JSON.stringify(previous.methodology) === JSON.stringify(current.methodology))
          expect(parts.methodology).toBe(0);
        const contributions = change.indicators.reduce((s, i) => s + i.contributionDelta, 0);
        expect(contributions).toBeCloseTo(change.change, 6);
        expect(change.rankDelta).toBe(change.current.nationalRank - change.previous.nationalRank);
      }),
    ));

  it('has nothing to split between a round and itself', () =>
    fc.assert(
      fc.property(roundArb('2023', 'zone-0'), (round) => {
        const change = scoreChange(round, round, 'zone-0');
        if (!change.comparable) return;
        expect(change.parts).toEqual({
          methodology: 0,
          population: 0,
          otherZonesData: 0,
          ownData: 0,
        });
        expect(change.change).toBe(0);
        expect(change.topMovers).toEqual([]);
      }),
    ));
});

function valuesOf(row: ReadonlyMap<string, RecordedValue>): Record<string, number> {
  return Object.fromEntries([...row].map(([key, { value }]) => [key, value]));
}
