import { REGIONS } from '@zoneledger/shared-kernel';
import fc from 'fast-check';
import {
  AGGREGATIONS,
  MISSING_VALUE_POLICIES,
  NORMALISATIONS,
  type Methodology,
} from './methodology';
import { scoreRound, type RoundScores } from './scoring';
import { small } from './testing/assessment-fixtures';
import type { IndicatorValues, PopulationZone } from './value-matrix';

// Properties of scoring over random populations and values (with ties, zeros and gaps), under
// every normalisation, aggregation and missing-value policy.

const KEYS = ['fdi', 'trade', 'energy'] as const;

const methodologyArb = fc
  .record({
    normalisation: fc.constantFrom(...NORMALISATIONS),
    aggregation: fc.constantFrom(...AGGREGATIONS),
    missingValues: fc.constantFrom(...MISSING_VALUE_POLICIES),
  })
  .map((options) => small(options));

// Small integers make ties; doubles make everything else.
const valueArb = fc.oneof(
  fc.integer({ min: 0, max: 4 }),
  fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);
const rowArb = fc.record({
  fdi: fc.option(valueArb, { nil: undefined, freq: 6 }),
  trade: fc.option(valueArb, { nil: undefined, freq: 6 }),
  energy: fc.option(valueArb, { nil: undefined, freq: 6 }),
});

const zoneArb = fc.record({
  zoneId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,6}$/),
  region: fc.constantFrom(...REGIONS),
});

interface Round {
  readonly population: readonly PopulationZone[];
  readonly values: IndicatorValues;
}

const roundArb: fc.Arbitrary<Round> = fc
  .uniqueArray(zoneArb, { minLength: 1, maxLength: 24, selector: (zone) => zone.zoneId })
  .chain((population) =>
    fc.array(rowArb, { minLength: population.length, maxLength: population.length }).map(
      (rows): Round => ({
        population,
        values: Object.fromEntries(population.map((zone, z) => [zone.zoneId, rows[z]])),
      }),
    ),
  );

// Everything a scoring says, contributions included, as plain data.
function everything(scores: RoundScores) {
  const { contributionsOf, ...rest } = scores;
  return {
    ...rest,
    contributions: scores.scores.map((score) => contributionsOf(score.zoneId)),
  };
}

const totalOf = (scores: RoundScores, zoneId: string) =>
  scores.scores.find((score) => score.zoneId === zoneId)?.total;

describe('scoring properties', () => {
  it('gives bit-identical results whatever the order of zones and of keys', () =>
    fc.assert(
      fc.property(
        methodologyArb,
        roundArb.chain((round) =>
          fc
            .shuffledSubarray([...round.population], {
              minLength: round.population.length,
              maxLength: round.population.length,
            })
            .map((shuffled) => ({ round, shuffled })),
        ),
        (methodology, { round, shuffled }) => {
          const reversedKeys = Object.fromEntries(
            Object.entries(round.values)
              .reverse()
              .map(([zoneId, row]) => [
                zoneId,
                Object.fromEntries(Object.entries(row ?? {}).reverse()),
              ]),
          );
          const reference = scoreRound(methodology, round.population, round.values);
          const reordered = scoreRound(methodology, shuffled, reversedKeys);
          expect(everything(reordered)).toStrictEqual(everything(reference));
        },
      ),
    ));

  it('explains every total by contributions summing to it exactly (===), never NaN', () =>
    fc.assert(
      fc.property(methodologyArb, roundArb, (methodology, round) => {
        const scores = scoreRound(methodology, round.population, round.values);
        for (const score of scores.scores) {
          const contributions = scores.contributionsOf(score.zoneId);
          expect(contributions.reduce((sum, c) => sum + c.contribution, 0)).toBe(score.total);
          expect(Number.isFinite(score.total)).toBe(true);
          for (const dimension of score.dimensions)
            if (dimension.score !== null) expect(Number.isFinite(dimension.score)).toBe(true);
        }
      }),
    ));

  it('ranks a permutation of 1..n nationally, and of 1..k within each region', () =>
    fc.assert(
      fc.property(methodologyArb, roundArb, (methodology, round) => {
        const scores = scoreRound(methodology, round.population, round.values);
        const n = scores.scores.length;
        expect(scores.scores.map((s) => s.nationalRank)).toEqual(
          Array.from({ length: n }, (_, i) => i + 1),
        );
        for (const region of REGIONS) {
          const inRegion = scores.scores.filter((s) => s.region === region);
          expect(inRegion.map((s) => s.regionalRank)).toEqual(
            Array.from({ length: inRegion.length }, (_, i) => i + 1),
          );
          expect(scores.regionSizes[region] ?? 0).toBe(inRegion.length);
        }
        expect(n + scores.unscored.length).toBe(round.population.length);
        for (let i = 1; i < n; i++) {
          const [better, worse] = [scores.scores[i - 1], scores.scores[i]];
          expect(
            better.total > worse.total ||
              (better.total === worse.total && better.zoneId < worse.zoneId),
          ).toBe(true);
        }
      }),
    ));

  // Raising one zone's value (others fixed) never lowers its total. With region-mean imputation the
  // other zones' imputed values move with it, so the property is stated for exclude and zero.
  it.each(
    NORMALISATIONS.filter((n) => n !== 'NORMALISATION_Z_SCORE').flatMap((normalisation) =>
      AGGREGATIONS.map((aggregation) => [normalisation, aggregation] as const),
    ),
  )('is monotone in each indicator’s direction (%s, %s)', (normalisation, aggregation) =>
    fc.assert(
      fc.property(
        fc.constantFrom<Methodology['missingValues']>(
          'MISSING_VALUE_POLICY_EXCLUDE',
          'MISSING_VALUE_POLICY_ZERO',
        ),
        roundArb,
        fc.nat(),
        fc.constantFrom(...KEYS),
        fc.double({ min: 0, max: 1e5, noNaN: true, noDefaultInfinity: true }),
        (missingValues, round, pick, key, step) => {
          const methodology = small({ normalisation, aggregation, missingValues });
          const zoneId = round.population[pick % round.population.length].zoneId;
          const value = round.values[zoneId]?.[key];
          fc.pre(value !== undefined && value !== null);
          // 'energy' is lower-is-better: improving it means lowering it.
          const better = key === 'energy' ? Math.max(0, value - step) : value + step;
          const improved = {
            ...round.values,
            [zoneId]: { ...round.values[zoneId], [key]: better },
          };
          const before = totalOf(scoreRound(methodology, round.population, round.values), zoneId);
          const after = totalOf(scoreRound(methodology, round.population, improved), zoneId);
          expect(after).toBeGreaterThanOrEqual(before ?? Infinity);
        },
      ),
    ),
  );
});
