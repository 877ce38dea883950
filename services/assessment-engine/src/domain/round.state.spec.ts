import { fold } from '@zoneledger/testing';
import { roundDecider } from './round.decider';
import type { IndicatorCorrected, RoundEvent } from './round.events';
import { indicatorValuesOf, type OpenedRound } from './round.state';
import { KUNSHAN, SIP } from './testing/assessment-fixtures';
import { OPENED, ROUND, scored, submitted } from './testing/round-fixtures';

const CORRECTED: IndicatorCorrected = {
  type: 'IndicatorCorrected',
  data: {
    roundId: ROUND,
    zoneId: SIP,
    indicatorKey: 'fdi',
    version: 2,
    previousValue: 80,
    value: 85,
    unit: 'USD 100m',
    source: 'statistical yearbook 2023',
    submitter: 'statistics office',
    reason: 'revised by the yearbook',
  },
};

const opened = (events: RoundEvent[]) => fold(roundDecider, events) as OpenedRound;

describe('round state', () => {
  it('ignores everything before the round is opened', () =>
    expect(fold(roundDecider, [submitted(SIP)])).toEqual({ opened: false }));

  it('holds each value’s latest version, with its source and the last reason', () => {
    const round = opened([OPENED, submitted(SIP), CORRECTED]);
    expect(round.values.get(SIP)?.get('fdi')).toEqual({
      value: 85,
      unit: 'USD 100m',
      source: 'statistical yearbook 2023',
      submitter: 'statistics office',
      version: 2,
      reason: 'revised by the yearbook',
    });
    expect(round.values.get(SIP)?.get('trade')).toMatchObject({ value: 900, version: 1 });
    expect(indicatorValuesOf(round)[SIP]).toEqual({ fdi: 85, trade: 900, energy: 0.2 });
  });

  it('knows whether values changed since the last scoring', () => {
    const events = [OPENED, submitted(SIP), submitted(KUNSHAN)];
    expect(opened(events).changedSinceScoring).toBe(true);
    const scoredRound = opened([...events, ...scored(events)]);
    expect(scoredRound.changedSinceScoring).toBe(false);
    expect(scoredRound.scoring?.scoring).toBe(1);
    expect(opened([...events, ...scored(events), CORRECTED]).changedSinceScoring).toBe(true);
  });
});
