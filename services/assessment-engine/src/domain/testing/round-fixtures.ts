import { fold } from '@zoneledger/testing';
import type {
  CorrectIndicator,
  ImportPublishedRanking,
  OpenRound,
  PublishRound,
  RoundCommand,
  SubmitIndicators,
} from '../round.commands';
import { roundDecider } from '../round.decider';
import type {
  IndicatorsSubmitted,
  RoundEvent,
  RoundOpened,
  RoundScored,
  SubmittedValue,
  ZoneScored,
} from '../round.events';
import { indicatorValuesOf, type OpenedRound } from '../round.state';
import { scoreRound } from '../scoring';
import { POPULATION, SMALL, SMALL_INPUT, VALUES } from './assessment-fixtures';

// A round the specs drive: "2023", the 2023 round on 2022 data, opened with the small test
// methodology over six zones, its values synthetic.

export const ROUND = '2023';
const UNITS: Record<string, string> = { fdi: 'USD 100m', trade: 'CNY 100m', energy: 'tce/10k CNY' };

export const OPEN: OpenRound['data'] = {
  roundId: ROUND,
  methodologyId: 'small',
  methodologyVersion: 1,
  methodology: SMALL_INPUT,
  referenceDate: { year: 2022, month: 12, day: 31 },
  synthetic: true,
  population: [...POPULATION].reverse(),
};

export const OPENED: RoundOpened = {
  type: 'RoundOpened',
  data: {
    roundId: ROUND,
    methodology: SMALL,
    referenceDate: { year: 2022, month: 12, day: 31 },
    synthetic: true,
    population: [...POPULATION].sort((a, b) => (a.zoneId < b.zoneId ? -1 : 1)),
  },
};

/** A submitted value of the fixtures, in its unit, from a synthetic source. */
export const value = (indicatorKey: string, v: number): SubmittedValue => ({
  indicatorKey,
  value: v,
  unit: UNITS[indicatorKey],
  source: 'synthetic',
  submitter: 'statistics office',
});

/** The zone's fixture values, as submitted. */
export function submitted(zoneId: string, row = VALUES[zoneId] ?? {}): IndicatorsSubmitted {
  return {
    type: 'IndicatorsSubmitted',
    data: {
      roundId: ROUND,
      zoneId,
      values: ['fdi', 'trade', 'energy']
        .filter((key) => typeof row[key] === 'number')
        .map((key) => value(key, row[key] as number)),
    },
  };
}

/** Every zone's fixture values, submitted. */
export const ALL_SUBMITTED: IndicatorsSubmitted[] = POPULATION.map(({ zoneId }) =>
  submitted(zoneId),
);

/** What a scoring records: its RoundScored, then one ZoneScored per scored zone, best first. */
export type ScoringEvents = [RoundScored, ...ZoneScored[]];

/** What scoring the round after `events` records (as scoreRound computes it). */
export function scored(events: readonly RoundEvent[], scoring = 1): ScoringEvents {
  const round = fold(roundDecider, events) as OpenedRound;
  const scores = scoreRound(round.methodology, round.population, indicatorValuesOf(round));
  return [
    {
      type: 'RoundScored',
      data: {
        roundId: ROUND,
        scoring,
        methodologyId: 'small',
        methodologyVersion: 1,
        normalisation: 'NORMALISATION_MIN_MAX',
        aggregation: 'AGGREGATION_WEIGHTED_ARITHMETIC',
        zonesScored: scores.scores.length,
        unscored: [...scores.unscored],
      },
    },
    ...scores.scores.map(
      (s): ZoneScored => ({
        type: 'ZoneScored',
        data: {
          roundId: ROUND,
          scoring,
          zoneId: s.zoneId,
          region: s.region,
          total: s.total,
          nationalRank: s.nationalRank,
          regionalRank: s.regionalRank,
          dimensions: s.dimensions.map((d) =>
            d.score === null ? { key: d.key } : { key: d.key, score: d.score },
          ),
          imputed: [...s.imputed],
          excluded: [...s.excluded],
        },
      }),
    ),
  ];
}

/** The result of `zoneId` among a scoring's events. */
export function resultOf(events: readonly RoundEvent[], zoneId: string): ZoneScored['data'] {
  for (const event of events)
    if (event.type === 'ZoneScored' && event.data.zoneId === zoneId) return event.data;
  throw new Error(`${zoneId} is not in the results`);
}

export const submit = (data: Partial<SubmitIndicators['data']> = {}): SubmitIndicators => ({
  type: 'SubmitIndicators',
  data: { roundId: ROUND, zoneId: 'zone-sip', values: [value('fdi', 80)], ...data },
});

export const correct = (data: Partial<CorrectIndicator['data']> = {}): CorrectIndicator => ({
  type: 'CorrectIndicator',
  data: {
    roundId: ROUND,
    zoneId: 'zone-sip',
    indicatorKey: 'fdi',
    value: 85,
    unit: 'USD 100m',
    source: 'statistical yearbook 2023',
    submitter: 'statistics office',
    reason: 'revised by the yearbook',
    ...data,
  },
});

export const publish = (data: Partial<PublishRound['data']> = {}): PublishRound => ({
  type: 'PublishRound',
  data: { roundId: ROUND, previousResults: [], previousBottoms: [], ...data },
});

export const importRanking = (
  data: Partial<ImportPublishedRanking['data']> = {},
): ImportPublishedRanking => ({
  type: 'ImportPublishedRanking',
  data: {
    roundId: ROUND,
    publishedOn: { year: 2023, month: 12, day: 28 },
    zonesAssessed: 230,
    source: 'MofCOM',
    rows: [
      { rank: 1, nameZh: '苏州工业园区', nameEn: 'Suzhou Industrial Park' },
      {
        rank: 4,
        nameZh: '昆山经济技术开发区',
        nameEn: 'Kunshan Economic and Technological Development Zone',
      },
      {
        rank: 21,
        nameZh: '南通经济技术开发区',
        nameEn: 'Nantong Economic and Technological Development Zone',
      },
    ],
    directory: [
      { zoneId: 'zone-sip', nameZh: '苏州工业园区', nameEn: 'Suzhou Industrial Park' },
      { zoneId: 'zone-kunshan', nameZh: '昆山经开区', nameEn: 'Kunshan ETDZ' },
      { zoneId: 'zone-hefei', nameZh: '合肥经济技术开发区', nameEn: 'Hefei ETDZ' },
    ],
    ...data,
  },
});

/** One command of each kind on the round, for refusals every command shares. */
export const everyCommand: RoundCommand[] = [
  { type: 'SubmitIndicators', data: submit().data },
  correct(),
  { type: 'ScoreRound', data: { roundId: ROUND } },
  publish(),
  importRanking(),
];
