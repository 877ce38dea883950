import {
  scoreRound,
  type IndicatorContribution,
  type RoundScores,
  type ZoneScore,
} from './scoring';
import {
  CHENGDU,
  HEFEI,
  KUNSHAN,
  POPULATION,
  SIP,
  small,
  SMALL,
  syntheticMethodology,
  syntheticPopulation,
  syntheticValues,
  VALUES,
  WUHU,
  XIAN,
} from './testing/assessment-fixtures';

type Explained = ZoneScore & { readonly contributions: readonly IndicatorContribution[] };

// A zone's score with its contributions.
const scoreOf = (scores: RoundScores, zoneId: string): Explained => {
  const score = scores.scores.find((s) => s.zoneId === zoneId);
  if (!score) throw new Error(`${zoneId} is not scored`);
  return { ...score, contributions: scores.contributionsOf(zoneId) };
};
const explained = (scores: RoundScores): Explained[] =>
  scores.scores.map((score) => scoreOf(scores, score.zoneId));
const sumOf = (score: Explained) =>
  score.contributions.reduce((sum, { contribution }) => sum + contribution, 0);
const normalisedOf = (scores: RoundScores, zoneId: string, key: string) =>
  scores.contributionsOf(zoneId).find((c) => c.indicatorKey === key)?.normalised;

describe('scoreRound, min-max and weighted arithmetic mean', () => {
  const scores = scoreRound(SMALL, POPULATION, VALUES);

  it('scores the worked example: 0.3 FDI + 0.3 trade + 0.4 energy (lower is better), 0..100', () => {
    const totals = Object.fromEntries(scores.scores.map((s) => [s.zoneId, s.total]));
    expect(totals[SIP]).toBeCloseTo(100, 10);
    expect(totals[KUNSHAN]).toBeCloseTo(0.3 * (50 / 0.7) + 0.3 * 75 + 0.4 * 75, 10);
    expect(totals[CHENGDU]).toBeCloseTo(0.3 * (30 / 0.7) + 0.3 * 18.75 + 0.4 * 62.5, 10);
    expect(totals[HEFEI]).toBeCloseTo(0.3 * (20 / 0.7) + 0.3 * 25 + 0.4 * 50, 10);
    expect(totals[WUHU]).toBeCloseTo(0.3 * (10 / 0.7) + 0.3 * 12.5 + 0.4 * 25, 10);
    expect(totals[XIAN]).toBe(0);
  });

  it('ranks nationally and within each region, best first', () => {
    expect(scores.scores.map((s) => [s.zoneId, s.nationalRank, s.regionalRank])).toEqual([
      [SIP, 1, 1],
      [KUNSHAN, 2, 2],
      [CHENGDU, 3, 1],
      [HEFEI, 4, 1],
      [WUHU, 5, 2],
      [XIAN, 6, 2],
    ]);
    expect(scores.regionSizes).toEqual({ REGION_EAST: 2, REGION_CENTRAL: 2, REGION_WEST: 2 });
  });

  it('inverts a lower-is-better indicator: the least energy per unit scores 100', () => {
    expect(normalisedOf(scores, SIP, 'energy')).toBe(100);
    expect(normalisedOf(scores, XIAN, 'energy')).toBe(0);
  });

  it('explains each total by contributions that sum to it exactly, with dimension scores', () => {
    for (const score of explained(scores)) expect(sumOf(score)).toBe(score.total);
    const kunshan = scoreOf(scores, KUNSHAN);
    expect(kunshan.contributions.map((c) => [c.indicatorKey, c.value, c.weight])).toEqual([
      ['fdi', 60, 0.3],
      ['trade', 700, 0.3],
      ['energy', 0.3, 0.4],
    ]);
    expect(kunshan.dimensions[0].key).toBe('opening');
    expect(kunshan.dimensions[0].score).toBeCloseTo((50 / 0.7 + 75) / 2, 10);
    expect(kunshan.dimensions[1].score).toBeCloseTo(75, 10);
    expect(kunshan.imputed).toEqual([]);
    expect(kunshan.excluded).toEqual([]);
  });

  it('breaks a tie of totals by zone id: the earlier id ranks better', () => {
    const tied = scoreRound(SMALL, POPULATION, { ...VALUES, [WUHU]: VALUES[HEFEI] });
    expect([scoreOf(tied, HEFEI).total]).toEqual([scoreOf(tied, WUHU).total]);
    expect(scoreOf(tied, HEFEI).nationalRank).toBe(4);
    expect(scoreOf(tied, WUHU).nationalRank).toBe(5);
    expect(scoreOf(tied, HEFEI).regionalRank).toBe(1);
  });

  it('does not read values of zones outside the population, nor keys outside the methodology', () => {
    const extra = scoreRound(SMALL, POPULATION, {
      ...VALUES,
      'zone-elsewhere': { fdi: 1e9 },
      [SIP]: { ...VALUES[SIP], tourism: -5 },
    });
    expect({ ...extra, contributionsOf: null }).toStrictEqual({ ...scores, contributionsOf: null });
    expect(explained(extra)).toStrictEqual(explained(scores));
  });
});

describe('degenerate indicators', () => {
  const flat = Object.fromEntries(
    Object.entries(VALUES).map(([zoneId, row]) => [zoneId, { ...row, trade: 500 }]),
  );

  it.each([
    ['NORMALISATION_MIN_MAX', 50],
    ['NORMALISATION_PERCENTILE_RANK', 50],
    ['NORMALISATION_Z_SCORE', 0],
  ] as const)('%s gives every zone the neutral value, never NaN', (normalisation, neutral) => {
    const scores = scoreRound(small({ normalisation }), POPULATION, flat);
    for (const score of explained(scores)) {
      expect(normalisedOf(scores, score.zoneId, 'trade')).toBe(neutral);
      expect(Number.isFinite(score.total)).toBe(true);
    }
  });

  it('scores a population of one zone', () => {
    const scores = scoreRound(
      small({ normalisation: 'NORMALISATION_Z_SCORE' }),
      [POPULATION[0]],
      VALUES,
    );
    expect(scores.scores).toHaveLength(1);
    expect(scores.scores[0]).toMatchObject({ total: 0, nationalRank: 1, regionalRank: 1 });
  });

  it('keeps the geometric mean finite when every value is equal', () => {
    const same = Object.fromEntries(
      POPULATION.map(({ zoneId }) => [zoneId, { fdi: 1, trade: 1, energy: 1 }]),
    );
    const scores = scoreRound(
      small({ aggregation: 'AGGREGATION_WEIGHTED_GEOMETRIC' }),
      POPULATION,
      same,
    );
    for (const score of explained(scores)) {
      expect(score.total).toBeCloseTo(1, 12);
      expect(sumOf(score)).toBe(score.total);
    }
    expect(scores.scores.map((s) => s.zoneId)).toEqual([...POPULATION.map((z) => z.zoneId)].sort());
  });
});

describe('z-score and percentile rank', () => {
  it('z-scores: standard deviations from the mean, lower-is-better negated', () => {
    const scores = scoreRound(
      small({ normalisation: 'NORMALISATION_Z_SCORE' }),
      POPULATION,
      VALUES,
    );
    const fdi = [80, 60, 30, 20, 40, 10];
    const mean = fdi.reduce((a, b) => a + b) / 6;
    const sd = Math.sqrt(fdi.reduce((a, x) => a + (x - mean) ** 2, 0) / 6);
    expect(normalisedOf(scores, SIP, 'fdi')).toBeCloseTo((80 - mean) / sd, 12);
    const energy = [0.2, 0.3, 0.4, 0.5, 0.35, 0.6];
    const eMean = energy.reduce((a, b) => a + b) / 6;
    expect(Math.sign(normalisedOf(scores, SIP, 'energy') ?? 0)).toBe(Math.sign(eMean - 0.2));
  });

  it('percentile ranks: the share of other zones with a worse value, ties counting half', () => {
    const scores = scoreRound(
      small({ normalisation: 'NORMALISATION_PERCENTILE_RANK' }),
      POPULATION,
      {
        ...VALUES,
        [WUHU]: { ...VALUES[WUHU], fdi: 30 },
      },
    );
    expect(normalisedOf(scores, SIP, 'fdi')).toBe(100);
    expect(normalisedOf(scores, XIAN, 'fdi')).toBe(0);
    // 30 twice: one zone below (10), one tie counting half, of five others.
    expect(normalisedOf(scores, HEFEI, 'fdi')).toBe(30);
    expect(normalisedOf(scores, WUHU, 'fdi')).toBe(30);
    expect(normalisedOf(scores, SIP, 'energy')).toBe(100);
  });
});

describe('missing values', () => {
  const withoutTrade = { ...VALUES, [KUNSHAN]: { fdi: 60, energy: 0.3 } };

  it('exclude: the zone is scored on the values it has, their weights renormalised', () => {
    const scores = scoreRound(SMALL, POPULATION, withoutTrade);
    const kunshan = scoreOf(scores, KUNSHAN);
    expect(kunshan.excluded).toEqual(['trade']);
    expect(kunshan.contributions[1]).toEqual({
      indicatorKey: 'trade',
      value: null,
      normalised: null,
      aggregated: null,
      imputed: false,
      weight: 0,
      contribution: 0,
    });
    expect(kunshan.contributions.map((c) => c.weight)).toEqual([0.6, 0, 0.4]);
    expect(kunshan.dimensions[0].score).toBeCloseTo(50 / 0.7, 10);
    expect(sumOf(kunshan)).toBe(kunshan.total);
  });

  it('exclude: a dimension with no value has no score, and its weight goes to the others', () => {
    const scores = scoreRound(SMALL, POPULATION, { ...VALUES, [KUNSHAN]: { energy: 0.3 } });
    const kunshan = scoreOf(scores, KUNSHAN);
    expect(kunshan.dimensions).toEqual([
      { key: 'opening', score: null },
      { key: 'green', score: 75 },
    ]);
    expect(kunshan.total).toBe(75);
  });

  it('exclude: a zone with no value at all is left unscored and unranked', () => {
    const scores = scoreRound(SMALL, POPULATION, { ...VALUES, [KUNSHAN]: {}, [XIAN]: undefined });
    expect(scores.unscored).toEqual([KUNSHAN, XIAN]);
    expect(scores.scores.map((s) => s.nationalRank)).toEqual([1, 2, 3, 4]);
    expect(scoreOf(scores, SIP).regionalRank).toBe(1);
    expect(scores.regionSizes).toEqual({ REGION_EAST: 1, REGION_CENTRAL: 2, REGION_WEST: 1 });
  });

  it('zero: the missing value is taken as 0, and marked imputed', () => {
    const scores = scoreRound(
      small({ missingValues: 'MISSING_VALUE_POLICY_ZERO' }),
      POPULATION,
      withoutTrade,
    );
    const kunshan = scoreOf(scores, KUNSHAN);
    expect(kunshan.imputed).toEqual(['trade']);
    expect(kunshan.contributions[1]).toMatchObject({ value: 0, normalised: 0, imputed: true });
    expect(kunshan.contributions[1].weight).toBeCloseTo(0.3, 15);
    expect(scoreOf(scores, SIP).imputed).toEqual([]);
  });

  it("region-mean: the mean of the zone's region, else of every zone", () => {
    const scores = scoreRound(
      small({ missingValues: 'MISSING_VALUE_POLICY_REGION_MEAN' }),
      POPULATION,
      {
        ...withoutTrade,
        [XIAN]: { fdi: 10, energy: 0.6 },
        [CHENGDU]: { fdi: 40, energy: 0.35 },
      },
    );
    const kunshan = scoreOf(scores, KUNSHAN);
    expect(kunshan.imputed).toEqual(['trade']);
    expect(kunshan.contributions[1]).toMatchObject({ value: 900, imputed: true });
    // No western zone has trade: the mean of the three given (900, 300, 200).
    expect(scoreOf(scores, XIAN).contributions[1]).toMatchObject({
      value: (900 + 300 + 200) / 3,
      imputed: true,
    });
    for (const score of explained(scores)) expect(sumOf(score)).toBe(score.total);
  });
});

describe('weighted geometric mean', () => {
  const methodology = small({ aggregation: 'AGGREGATION_WEIGHTED_GEOMETRIC' });
  const scores = scoreRound(methodology, POPULATION, VALUES);

  it('aggregates the normalised values shifted to start at 1: G = Π a^W', () => {
    const kunshan = scoreOf(scores, KUNSHAN);
    const expected = Math.exp(
      kunshan.contributions.reduce((sum, c) => sum + c.weight * Math.log(c.aggregated ?? 1), 0),
    );
    expect(kunshan.total).toBeCloseTo(expected, 10);
    expect(kunshan.contributions.map((c) => c.aggregated)).toEqual(
      kunshan.contributions.map((c) => (c.normalised ?? 0) + 1),
    );
    expect(scoreOf(scores, XIAN).total).toBeCloseTo(1, 12);
    expect(scoreOf(scores, SIP).total).toBeCloseTo(101, 10);
  });

  it('splits the total by log shares, every part non-negative, summing to it exactly', () => {
    for (const score of explained(scores)) {
      expect(sumOf(score)).toBe(score.total);
      for (const c of score.contributions) expect(c.contribution).toBeGreaterThanOrEqual(0);
    }
    const kunshan = scoreOf(scores, KUNSHAN);
    const logs = kunshan.contributions.map((c) => c.weight * Math.log(c.aggregated ?? 1));
    const logTotal = logs.reduce((a, b) => a + b);
    expect(kunshan.contributions[2].contribution).toBeCloseTo(
      (kunshan.total * logs[2]) / logTotal,
      10,
    );
  });

  it('ranks as the arithmetic mean does on this example', () => {
    const arithmetic = scoreRound(SMALL, POPULATION, VALUES);
    expect(scores.scores.map((s) => s.zoneId)).toEqual(arithmetic.scores.map((s) => s.zoneId));
  });

  it('shifts z-scores too: the lowest of each indicator becomes 1', () => {
    const z = scoreRound(
      small({
        aggregation: 'AGGREGATION_WEIGHTED_GEOMETRIC',
        normalisation: 'NORMALISATION_Z_SCORE',
      }),
      POPULATION,
      VALUES,
    );
    for (const score of explained(z))
      for (const c of score.contributions) expect(c.aggregated).toBeGreaterThanOrEqual(1);
    expect(scoreOf(z, XIAN).total).toBeCloseTo(1, 12);
  });
});

describe('refusals', () => {
  it.each([
    ['NaN', NaN],
    ['an infinity', Infinity],
  ])('refuses %s as a value', (_case, value) =>
    expect(() => scoreRound(SMALL, POPULATION, { ...VALUES, [SIP]: { fdi: value } })).toThrow(
      expect.objectContaining({ code: 'ASSESSMENT.VALUE_NOT_FINITE', zoneId: SIP }),
    ),
  );

  it('refuses a negative value where the indicator allows none, and takes it where it does', () => {
    expect(() => scoreRound(SMALL, POPULATION, { ...VALUES, [SIP]: { fdi: -1 } })).toThrow(
      expect.objectContaining({ code: 'ASSESSMENT.NEGATIVE_VALUE' }),
    );
    const growth = {
      ...SMALL,
      dimensions: [
        SMALL.dimensions[0],
        {
          ...SMALL.dimensions[1],
          indicators: [{ ...SMALL.dimensions[1].indicators[0], allowsNegative: true }],
        },
      ],
    };
    const scores = scoreRound(growth, POPULATION, { ...VALUES, [SIP]: { energy: -0.1 } });
    expect(normalisedOf(scores, SIP, 'energy')).toBe(100);
  });

  it.each([
    ['ASSESSMENT.EMPTY_POPULATION', []],
    ['ASSESSMENT.DUPLICATE_ZONE', [...POPULATION, { zoneId: SIP, region: 'REGION_WEST' }]],
    ['ASSESSMENT.UNKNOWN_REGION', [{ zoneId: SIP, region: 'REGION_NORTH' }]],
    ['ASSESSMENT.INVALID_ZONE_ID', [{ zoneId: 'Zone SIP', region: 'REGION_EAST' }]],
  ] as const)('refuses a population: %s', (code, population) =>
    expect(() => scoreRound(SMALL, population as never, VALUES)).toThrow(
      expect.objectContaining({ code }),
    ),
  );
});

describe('keys that are also names of object properties', () => {
  it('reads only the values given: "constructor" is an indicator key like any other', () => {
    const methodology = {
      ...SMALL,
      dimensions: [
        SMALL.dimensions[0],
        {
          ...SMALL.dimensions[1],
          indicators: [{ ...SMALL.dimensions[1].indicators[0], key: 'constructor' }],
        },
      ],
    };
    const scores = scoreRound(methodology, POPULATION, VALUES);
    expect(scoreOf(scores, SIP).excluded).toEqual(['constructor']);
  });
});

describe('at scale', () => {
  it('scores 10,000 zones on 50 indicators, ranking every one (sanity, not a timing)', () => {
    const methodology = syntheticMethodology(5, 10, {
      normalisation: 'NORMALISATION_PERCENTILE_RANK',
    });
    const population = syntheticPopulation(10_000);
    const scores = scoreRound(methodology, population, syntheticValues(methodology, population));
    expect(scores.scores).toHaveLength(10_000);
    expect(scores.scores.map((s) => s.nationalRank)).toEqual(
      Array.from({ length: 10_000 }, (_, i) => i + 1),
    );
    const last = scoreOf(scores, scores.scores[9_999].zoneId);
    expect(last.contributions).toHaveLength(50);
    expect(sumOf(last)).toBe(last.total);
  });
});
