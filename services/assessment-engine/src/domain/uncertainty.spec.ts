import fc from 'fast-check';
import { scoreRound } from './scoring';
import {
  POPULATION,
  SIP,
  SMALL,
  small,
  syntheticMethodology,
  syntheticPopulation,
  syntheticValues,
  VALUES,
  XIAN,
} from './testing/assessment-fixtures';
import { rankUncertainty, type RankUncertainty } from './uncertainty';

const zoneOf = (result: RankUncertainty, zoneId: string) => {
  const zone = result.zones.find((z) => z.zoneId === zoneId);
  if (!zone) throw new Error(`${zoneId} has no result`);
  return zone;
};

describe('rankUncertainty', () => {
  const methodology = syntheticMethodology(5, 6);
  const population = syntheticPopulation(60);
  const values = syntheticValues(methodology, population);
  const options = {
    draws: 200,
    seed: 42,
    weightSpread: 0.5,
    normalisations: [
      'NORMALISATION_MIN_MAX',
      'NORMALISATION_Z_SCORE',
      'NORMALISATION_PERCENTILE_RANK',
    ] as const,
    top: 10,
    bottomPerRegion: 5,
  };

  it('is the same for the same seed, bit for bit', () =>
    expect(rankUncertainty(methodology, population, values, options)).toStrictEqual(
      rankUncertainty(methodology, [...population].reverse(), values, options),
    ));

  it('is a function of its inputs and seed, for any seed', () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const run = {
          seed,
          draws: 20,
          normalisations: ['NORMALISATION_MIN_MAX', 'NORMALISATION_PERCENTILE_RANK'] as const,
        };
        expect(rankUncertainty(SMALL, POPULATION, VALUES, run)).toStrictEqual(
          rankUncertainty(SMALL, [...POPULATION].reverse(), VALUES, run),
        );
      }),
      { numRuns: 25 },
    ));

  it('differs for another seed', () =>
    expect(rankUncertainty(methodology, population, values, { ...options, seed: 43 })).not.toEqual(
      rankUncertainty(methodology, population, values, options),
    ));

  it('reports an interval around the median, and shares between 0 and 1, for every zone', () => {
    const result = rankUncertainty(methodology, population, values, options);
    expect(result.zones).toHaveLength(60);
    for (const zone of result.zones) {
      expect(zone.rankLow).toBeGreaterThanOrEqual(1);
      expect(zone.rankLow).toBeLessThanOrEqual(zone.medianRank);
      expect(zone.medianRank).toBeLessThanOrEqual(zone.rankHigh);
      expect(zone.rankHigh).toBeLessThanOrEqual(60);
      expect(zone.topShare).toBeGreaterThanOrEqual(0);
      expect(zone.topShare).toBeLessThanOrEqual(1);
      expect(zone.regionalBottomShare).toBeGreaterThanOrEqual(0);
      expect(zone.regionalBottomShare).toBeLessThanOrEqual(1);
    }
    // Every draw has exactly `top` zones in the top, and 5 at the bottom of each of 3 regions.
    const topShares = result.zones.reduce((sum, zone) => sum + zone.topShare, 0);
    expect(topShares).toBeCloseTo(10, 9);
    const bottomShares = result.zones.reduce((sum, zone) => sum + zone.regionalBottomShare, 0);
    expect(bottomShares).toBeCloseTo(15, 9);
    expect(result.zones.map((z) => z.medianRank)).toEqual(
      [...result.zones.map((z) => z.medianRank)].sort((a, b) => a - b),
    );
  });

  it('with no spread and one normalisation, every draw gives the ranks scoreRound gives', () => {
    const result = rankUncertainty(SMALL, POPULATION, VALUES, {
      seed: 7,
      draws: 20,
      weightSpread: 0,
      top: 1,
      bottomPerRegion: 1,
    });
    const scores = scoreRound(SMALL, POPULATION, VALUES);
    for (const score of scores.scores) {
      const zone = zoneOf(result, score.zoneId);
      expect([zone.rankLow, zone.medianRank, zone.rankHigh]).toEqual(
        Array(3).fill(score.nationalRank),
      );
    }
    expect(zoneOf(result, SIP)).toMatchObject({ topShare: 1, regionalBottomShare: 0 });
    expect(zoneOf(result, XIAN)).toMatchObject({ topShare: 0, regionalBottomShare: 1 });
    expect(result).toMatchObject({ draws: 20, normalisations: ['NORMALISATION_MIN_MAX'] });
  });

  it('works with geometric aggregation and leaves zones without values out', () => {
    const result = rankUncertainty(
      small({ aggregation: 'AGGREGATION_WEIGHTED_GEOMETRIC' }),
      POPULATION,
      { ...VALUES, [XIAN]: {} },
      { seed: 1, draws: 50 },
    );
    expect(result.unscored).toEqual([XIAN]);
    expect(result.zones).toHaveLength(5);
    expect(zoneOf(result, SIP).medianRank).toBe(1);
  });

  it('is allowed for a methodology whose weights were never published', () =>
    expect(
      rankUncertainty(small({ weightsPublished: false }), POPULATION, VALUES, { seed: 3, draws: 5 })
        .zones,
    ).toHaveLength(6));

  it.each([
    ['draws', { draws: 0 }],
    ['draws', { draws: 2.5 }],
    ['seed', { seed: -1 }],
    ['seed', { seed: 2 ** 32 }],
    ['seed', { seed: 0.5 }],
    ['weightSpread', { weightSpread: 1 }],
    ['weightSpread', { weightSpread: -0.1 }],
    ['top', { top: 0 }],
    ['bottomPerRegion', { bottomPerRegion: 0 }],
    ['normalisations', { normalisations: [] }],
    ['normalisations', { normalisations: ['rank'] }],
  ])('refuses an out-of-range %s: %j', (option, change) =>
    expect(() =>
      rankUncertainty(SMALL, POPULATION, VALUES, { seed: 1, ...change } as never),
    ).toThrow(expect.objectContaining({ code: 'ASSESSMENT.INVALID_OPTION', option })),
  );

  it('runs 1,000 draws over 230 zones and 30 indicators (sanity, not a timing)', () => {
    const large = syntheticMethodology(5, 6);
    const zones = syntheticPopulation(230);
    const result = rankUncertainty(large, zones, syntheticValues(large, zones), {
      seed: 2024,
      draws: 1000,
      normalisations: ['NORMALISATION_MIN_MAX', 'NORMALISATION_PERCENTILE_RANK'],
    });
    expect(result.zones).toHaveLength(230);
    expect(result.zones.reduce((sum, z) => sum + z.topShare, 0)).toBeCloseTo(30, 9);
  });
});
