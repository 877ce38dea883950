import { fold } from '@zoneledger/testing';
import { roundDecider } from './round.decider';
import type { RoundEvent } from './round.events';
import { KUNSHAN, SIP, small } from './testing/assessment-fixtures';
import { OPENED, scored, submitted } from './testing/round-fixtures';
import { whatIf } from './what-if';

// Two zones with opposite strengths: SIP opens up, Kunshan saves energy (0.6 / 0.4 favours SIP).
const SUBMITTED: RoundEvent[] = [
  OPENED,
  submitted(SIP, { fdi: 80, trade: 900, energy: 0.6 }),
  submitted(KUNSHAN, { fdi: 10, trade: 100, energy: 0.2 }),
];
const state = fold(roundDecider, [...SUBMITTED, ...scored(SUBMITTED)]);

const ranks = (result: ReturnType<typeof whatIf>) =>
  result.zones.map((z) => [z.zoneId, z.nationalRank, z.roundRank, z.rankDelta]);

describe('whatIf', () => {
  it('changes nothing when nothing changes', () =>
    expect(ranks(whatIf(state, '2023', {}))).toEqual([
      [SIP, 1, 1, 0],
      [KUNSHAN, 2, 2, 0],
    ]));

  it('tells the rank changes under other dimension weights', () => {
    const result = whatIf(state, '2023', { dimensionWeights: { opening: 0.3, green: 0.7 } });
    expect(ranks(result)).toEqual([
      [KUNSHAN, 1, 2, -1],
      [SIP, 2, 1, 1],
    ]);
    expect(result.zones[0].total).toBeCloseTo(70, 10);
  });

  it('scores with another normalisation, or a methodology whose weights were never published', () => {
    expect(
      whatIf(state, '2023', { normalisation: 'NORMALISATION_PERCENTILE_RANK' }).normalisation,
    ).toBe('NORMALISATION_PERCENTILE_RANK');
    const unpublished = small({
      weightsPublished: false,
      aggregation: 'AGGREGATION_WEIGHTED_GEOMETRIC',
    });
    expect(whatIf(state, '2023', { methodology: unpublished }).zones).toHaveLength(2);
  });

  it('leaves the round as it was', () => {
    whatIf(state, '2023', { dimensionWeights: { opening: 0.3, green: 0.7 } });
    expect(state).toStrictEqual(fold(roundDecider, [...SUBMITTED, ...scored(SUBMITTED)]));
  });

  it.each([
    ['ASSESSMENT.ROUND_NOT_FOUND', fold(roundDecider, []), {}],
    ['ASSESSMENT.ROUND_NOT_SCORED', fold(roundDecider, SUBMITTED), {}],
    ['ASSESSMENT.WEIGHTS_DO_NOT_SUM_TO_ONE', state, { dimensionWeights: { opening: 0.9 } }],
  ] as const)('refuses: %s', (code, round, change) =>
    expect(() => whatIf(round, '2023', change)).toThrow(expect.objectContaining({ code })),
  );
});
