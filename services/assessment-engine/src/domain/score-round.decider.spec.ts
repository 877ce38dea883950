import { deciderSpec, fold } from '@zoneledger/testing';
import type { ScoreRound } from './round.commands';
import { roundDecider } from './round.decider';
import type { RoundEvent, RoundPublished, ZoneScored } from './round.events';
import type { OpenedRound } from './round.state';
import { CHENGDU, HEFEI, KUNSHAN, SIP, WUHU, XIAN } from './testing/assessment-fixtures';
import {
  ALL_SUBMITTED,
  correct,
  OPENED,
  publish,
  resultOf,
  ROUND,
  scored,
  submitted,
} from './testing/round-fixtures';

const spec = deciderSpec(roundDecider);
const SCORE: ScoreRound = { type: 'ScoreRound', data: { roundId: ROUND } };

const SUBMITTED: RoundEvent[] = [OPENED, ...ALL_SUBMITTED];
const SCORED = scored(SUBMITTED);
const PUBLISHED: RoundPublished = {
  type: 'RoundPublished',
  data: { roundId: ROUND, scoring: 1, synthetic: true, zonesScored: 6 },
};
const CORRECTED: RoundEvent = roundDecider.decide(
  correct(),
  fold(roundDecider, [...SUBMITTED, ...SCORED]),
)[0];

const zonesScored = (events: readonly RoundEvent[]): ZoneScored['data'][] =>
  events.flatMap((event) => (event.type === 'ZoneScored' ? [event.data] : []));

describe('ScoreRound', () => {
  it("records how it scored, then every zone's total, dimension scores and ranks, best first", () =>
    spec.given(SUBMITTED).when(SCORE).then(SCORED));

  it('says how many zones follow, each of this scoring', () => {
    const [roundScored, ...zones] = SCORED;
    expect(roundScored.data).toMatchObject({ scoring: 1, zonesScored: 6, unscored: [] });
    expect(zones.map((zone) => [zone.type, zone.data.roundId, zone.data.scoring])).toEqual(
      Array(6).fill(['ZoneScored', ROUND, 1]),
    );
  });

  it('rebuilds the scoring from its events as it was', () => {
    const round = fold(roundDecider, [...SUBMITTED, ...SCORED]) as OpenedRound;
    expect(round.scoring?.results).toEqual(
      zonesScored(SCORED).map(({ roundId: _r, scoring: _s, ...result }) => result),
    );
    expect(round.scoring).toMatchObject({ scoring: 1, methodologyId: 'small', unscored: [] });
  });

  it('ranks the worked example as scoreRound does: SIP first, Xi’an last', () => {
    expect(zonesScored(SCORED).map((r) => [r.zoneId, r.nationalRank, r.regionalRank])).toEqual([
      [SIP, 1, 1],
      [KUNSHAN, 2, 2],
      [CHENGDU, 3, 1],
      [HEFEI, 4, 1],
      [WUHU, 5, 2],
      [XIAN, 6, 2],
    ]);
    expect(resultOf(SCORED, SIP)).toMatchObject({
      total: 100,
      dimensions: [
        { key: 'opening', score: 100 },
        { key: 'green', score: 100 },
      ],
    });
  });

  it('lists zones with no value as unscored', () => {
    const events = [OPENED, submitted(SIP), submitted(XIAN)];
    const [event, ...zones] = roundDecider.decide(SCORE, fold(roundDecider, events));
    expect(event.data).toMatchObject({ zonesScored: 2, unscored: [CHENGDU, HEFEI, KUNSHAN, WUHU] });
    expect(zonesScored(zones).map((r) => r.zoneId)).toEqual([SIP, XIAN]);
  });

  it('records nothing when nothing changed since the last scoring', () =>
    spec
      .given([...SUBMITTED, ...SCORED])
      .when(SCORE)
      .then([]));

  it('scores again after a correction, as the next scoring', () => {
    const events = [...SUBMITTED, ...SCORED, CORRECTED];
    spec.given(events).when(SCORE).then(scored(events, 2));
  });

  it('refuses a methodology whose weights were never published', () =>
    spec
      .given([
        {
          ...OPENED,
          data: {
            ...OPENED.data,
            methodology: { ...OPENED.data.methodology, weightsPublished: false },
          },
        },
        ...ALL_SUBMITTED,
      ])
      .when(SCORE)
      .thenThrows('ASSESSMENT.WEIGHTS_UNPUBLISHED'));

  it('refuses a round without values', () =>
    spec.given([OPENED]).when(SCORE).thenThrows('ASSESSMENT.NOTHING_TO_SCORE'));

  it('refuses a published round', () =>
    spec
      .given([...SUBMITTED, ...SCORED, PUBLISHED])
      .when(SCORE)
      .thenThrows('ASSESSMENT.ROUND_PUBLISHED'));
});

describe('PublishRound', () => {
  it('publishes the last scoring', () =>
    spec
      .given([...SUBMITTED, ...SCORED])
      .when(publish())
      .then([PUBLISHED]));

  it('records nothing when published again', () =>
    spec
      .given([...SUBMITTED, ...SCORED, PUBLISHED])
      .when(publish())
      .then([]));

  it('refuses a round never scored', () =>
    spec.given(SUBMITTED).when(publish()).thenThrows('ASSESSMENT.ROUND_NOT_SCORED'));

  it('refuses a round with values newer than its scores', () =>
    spec
      .given([...SUBMITTED, ...SCORED, CORRECTED])
      .when(publish())
      .thenThrows('ASSESSMENT.SCORES_STALE'));

  it('publishes a scoring taken after the correction', () => {
    const events = [
      ...SUBMITTED,
      ...SCORED,
      CORRECTED,
      ...scored([...SUBMITTED, ...SCORED, CORRECTED], 2),
    ];
    spec
      .given(events)
      .when(publish())
      .then([{ ...PUBLISHED, data: { ...PUBLISHED.data, scoring: 2 } }]);
  });

  it('tells score and rank changes against the previous round, only what changed', () => {
    const kunshan = resultOf(SCORED, KUNSHAN);
    spec
      .given([...SUBMITTED, ...SCORED])
      .when(
        publish({
          previousResults: [
            { zoneId: SIP, roundId: '2022', total: 100, nationalRank: 1 },
            { zoneId: KUNSHAN, roundId: '2022', total: 70, nationalRank: 3 },
            { zoneId: XIAN, roundId: '2022', total: 0, nationalRank: 5 },
          ],
        }),
      )
      .then([
        PUBLISHED,
        {
          type: 'ZoneScoreChanged',
          data: {
            roundId: ROUND,
            zoneId: KUNSHAN,
            previousRoundId: '2022',
            previousTotal: 70,
            total: kunshan.total,
            delta: kunshan.total - 70,
          },
        },
        {
          type: 'ZoneRankChanged',
          data: {
            roundId: ROUND,
            zoneId: KUNSHAN,
            previousRoundId: '2022',
            previousRank: 3,
            rank: 2,
            delta: -1,
          },
        },
        {
          type: 'ZoneRankChanged',
          data: {
            roundId: ROUND,
            zoneId: XIAN,
            previousRoundId: '2022',
            previousRank: 5,
            rank: 6,
            delta: 1,
          },
        },
      ]);
  });

  it('follows lineage as the caller keys it: a merged zone’s previous result under the survivor', () => {
    // Wuhu absorbed another zone; the caller passes the lineage's previous result under Wuhu's id.
    const wuhu = resultOf(SCORED, WUHU);
    spec
      .given([...SUBMITTED, ...SCORED])
      .when(
        publish({
          previousResults: [
            { zoneId: WUHU, roundId: '2022', total: wuhu.total, nationalRank: 4 },
            { zoneId: 'zone-absorbed', roundId: '2022', total: 10, nationalRank: 9 },
          ],
        }),
      )
      .then([
        PUBLISHED,
        {
          type: 'ZoneRankChanged',
          data: {
            roundId: ROUND,
            zoneId: WUHU,
            previousRoundId: '2022',
            previousRank: 4,
            rank: 5,
            delta: 1,
          },
        },
      ]);
  });

  it('warns a zone in its region’s bottom 5 now and in one of the two previous rounds', () =>
    spec
      .given([...SUBMITTED, ...SCORED])
      .when(
        publish({
          previousBottoms: [
            { roundId: '2022', zoneIds: [XIAN, 'zone-elsewhere'] },
            { roundId: '2021', zoneIds: [XIAN, HEFEI] },
          ],
        }),
      )
      .then([
        PUBLISHED,
        {
          type: 'ExitWarningIssued',
          data: {
            roundId: ROUND,
            zoneId: HEFEI,
            region: 'REGION_CENTRAL',
            regionalRank: 1,
            regionSize: 2,
            alsoInBottom: ['2021'],
          },
        },
        {
          type: 'ExitWarningIssued',
          data: {
            roundId: ROUND,
            zoneId: XIAN,
            region: 'REGION_WEST',
            regionalRank: 2,
            regionSize: 2,
            alsoInBottom: ['2022', '2021'],
          },
        },
      ]));

  it.each([
    [
      'ASSESSMENT.DUPLICATE_ZONE',
      [
        { zoneId: SIP, roundId: '2022', total: 1, nationalRank: 1 },
        { zoneId: SIP, roundId: '2022', total: 2, nationalRank: 2 },
      ],
    ],
    ['ASSESSMENT.INVALID_RANK', [{ zoneId: SIP, roundId: '2022', total: 1, nationalRank: 0 }]],
    [
      'ASSESSMENT.VALUE_NOT_FINITE',
      [{ zoneId: SIP, roundId: '2022', total: NaN, nationalRank: 1 }],
    ],
  ])('refuses previous results: %s', (code, previousResults) =>
    spec
      .given([...SUBMITTED, ...SCORED])
      .when(publish({ previousResults }))
      .thenThrows(code),
  );

  it('refuses more than two previous rounds of bottom sets', () =>
    spec
      .given([...SUBMITTED, ...SCORED])
      .when(
        publish({
          previousBottoms: ['2022', '2021', '2020'].map((roundId) => ({ roundId, zoneIds: [] })),
        }),
      )
      .thenThrows('ASSESSMENT.INVALID_OPTION'));
});
