import type { Region } from '@zoneledger/shared-kernel';
import { exitWarnings, regionalBottom, type RegionalStanding } from './exit-warnings';

// Seven eastern zones (e1 best .. e7 worst: e3..e7 are the bottom 5) and three western ones.
const standings: RegionalStanding[] = [
  ...Array.from({ length: 7 }, (_, i) => ({
    zoneId: `e${i + 1}`,
    region: 'REGION_EAST' as Region,
    regionalRank: i + 1,
  })),
  ...Array.from({ length: 3 }, (_, i) => ({
    zoneId: `w${i + 1}`,
    region: 'REGION_WEST' as Region,
    regionalRank: i + 1,
  })),
];

describe('regionalBottom', () => {
  it("is each region's last five; a region of five or fewer is all bottom", () =>
    expect(regionalBottom(standings)).toEqual(['e3', 'e4', 'e5', 'e6', 'e7', 'w1', 'w2', 'w3']));

  it('takes another size of bottom', () =>
    expect(regionalBottom(standings, 1)).toEqual(['e7', 'w3']));
});

describe('exitWarnings', () => {
  it('warns a zone in the bottom 5 now and in the previous round', () =>
    expect(
      exitWarnings(standings, [
        { roundId: '2022', zoneIds: ['e7'] },
        { roundId: '2021', zoneIds: [] },
      ]),
    ).toEqual([
      {
        zoneId: 'e7',
        region: 'REGION_EAST',
        regionalRank: 7,
        regionSize: 7,
        alsoInBottom: ['2022'],
      },
    ]));

  it('warns a zone in the bottom 5 now and two rounds ago, not the one before: twice within three', () =>
    expect(
      exitWarnings(standings, [
        { roundId: '2022', zoneIds: [] },
        { roundId: '2021', zoneIds: ['e5'] },
      ]).map((w) => [w.zoneId, w.alsoInBottom]),
    ).toEqual([['e5', ['2021']]]));

  it('lists every previous round the zone was in the bottom of', () =>
    expect(
      exitWarnings(standings, [
        { roundId: '2022', zoneIds: ['e6'] },
        { roundId: '2021', zoneIds: ['e6'] },
      ])[0].alsoInBottom,
    ).toEqual(['2022', '2021']));

  it('does not warn a zone in the bottom once only, now or before', () =>
    expect(
      exitWarnings(standings, [
        { roundId: '2022', zoneIds: ['e1', 'e2'] },
        { roundId: '2021', zoneIds: ['x9'] },
      ]),
    ).toEqual([]));

  it('does not warn a zone out of the bottom now, whatever its past', () =>
    expect(exitWarnings(standings, [{ roundId: '2022', zoneIds: ['e2'] }])).toEqual([]));

  it('does not warn with no previous round', () => expect(exitWarnings(standings, [])).toEqual([]));

  it('does not follow a merger: the absorbed zone’s bottom standing is not the survivor’s', () =>
    // e4 absorbed zone "old-x", which was in the bottom 5 in 2022 under its own id.
    expect(exitWarnings(standings, [{ roundId: '2022', zoneIds: ['old-x'] }])).toEqual([]));

  it('refuses more than the two previous rounds', () =>
    expect(() =>
      exitWarnings(standings, [
        { roundId: '2022', zoneIds: [] },
        { roundId: '2021', zoneIds: [] },
        { roundId: '2020', zoneIds: ['e7'] },
      ]),
    ).toThrow(expect.objectContaining({ code: 'ASSESSMENT.INVALID_OPTION' })));
});
