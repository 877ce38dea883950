import { deciderSpec } from '@zoneledger/testing';
import { roundDecider } from './round.decider';
import type { PublishedRankingImported, RoundPublished } from './round.events';
import { ALL_SUBMITTED, importRanking, OPENED, ROUND, scored } from './testing/round-fixtures';

const spec = deciderSpec(roundDecider);

// The 2023 round's published ranks (28 Dec 2023, 230 zones), three of them; Nantong is not in the
// fixtures' directory.
const IMPORTED: PublishedRankingImported = {
  type: 'PublishedRankingImported',
  data: {
    roundId: ROUND,
    publishedOn: { year: 2023, month: 12, day: 28 },
    zonesAssessed: 230,
    source: 'MofCOM',
    matched: [
      {
        rank: 1,
        nameZh: '苏州工业园区',
        nameEn: 'Suzhou Industrial Park',
        zoneId: 'zone-sip',
        matchedBy: 'MATCHED_BY_NAME_ZH',
      },
      {
        rank: 4,
        nameZh: '昆山经济技术开发区',
        nameEn: 'Kunshan Economic and Technological Development Zone',
        zoneId: 'zone-kunshan',
        matchedBy: 'MATCHED_BY_NAME_ZH',
      },
    ],
    unmatched: [
      {
        rank: 21,
        nameZh: '南通经济技术开发区',
        nameEn: 'Nantong Economic and Technological Development Zone',
        unmatchedReason: 'UNMATCHED_REASON_NO_MATCH',
      },
    ],
  },
};

describe('ImportPublishedRanking', () => {
  it('records the ranks as published, matched to zones by name, the unmatched reported', () =>
    spec.given([OPENED]).when(importRanking()).then([IMPORTED]));

  it('records nothing when the same ranking is imported again', () =>
    spec.given([OPENED, IMPORTED]).when(importRanking()).then([]));

  it('records a different ranking, which replaces the previous one', () =>
    spec
      .given([OPENED, IMPORTED])
      .when(importRanking({ zonesAssessed: 229 }))
      .then([{ ...IMPORTED, data: { ...IMPORTED.data, zonesAssessed: 229 } }]));

  it('imports into a published round: published ranks are kept apart from computed ones', () => {
    const published: RoundPublished = {
      type: 'RoundPublished',
      data: { roundId: ROUND, scoring: 1, synthetic: true, zonesScored: 6 },
    };
    spec
      .given([OPENED, ...ALL_SUBMITTED, ...scored([OPENED, ...ALL_SUBMITTED]), published])
      .when(importRanking())
      .then([IMPORTED]);
  });

  it('imports into a round whose methodology has unpublished weights (the 2016 system)', () =>
    spec
      .given([
        {
          ...OPENED,
          data: {
            ...OPENED.data,
            methodology: { ...OPENED.data.methodology, weightsPublished: false },
          },
        },
      ])
      .when(importRanking())
      .then([IMPORTED]));

  it('records a month-precise publication date (the 2021 round: February 2022) and no source', () =>
    spec
      .given([OPENED])
      .when(importRanking({ publishedOn: { year: 2022, month: 2, day: 0 }, source: ' ' }))
      .then([
        {
          ...IMPORTED,
          data: {
            roundId: ROUND,
            publishedOn: { year: 2022, month: 2 },
            zonesAssessed: 230,
            source: '',
            matched: IMPORTED.data.matched,
            unmatched: IMPORTED.data.unmatched,
          },
        },
      ]));

  it.each([
    ['ASSESSMENT.INVALID_RANK', { rows: [{ rank: 0, nameZh: '苏州工业园区' }] }],
    ['ASSESSMENT.INVALID_RANK', { rows: [{ rank: 1.5, nameZh: '苏州工业园区' }] }],
    [
      'ASSESSMENT.DUPLICATE_RANK',
      {
        rows: [
          { rank: 1, nameZh: '苏州工业园区' },
          { rank: 1, nameZh: '昆山经开区' },
        ],
      },
    ],
    ['ASSESSMENT.FIELD_REQUIRED', { rows: [{ rank: 1, nameZh: ' ' }] }],
    ['ASSESSMENT.FIELD_REQUIRED', { rows: [] }],
    ['ASSESSMENT.INVALID_DATE', { publishedOn: { year: 2023, month: 13 } }],
    ['ASSESSMENT.INVALID_OPTION', { zonesAssessed: 0 }],
  ])('refuses %s: %j', (code, data) =>
    spec.given([OPENED]).when(importRanking(data)).thenThrows(code),
  );
});
