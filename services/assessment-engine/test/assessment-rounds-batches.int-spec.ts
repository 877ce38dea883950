import { projectedAlikeInBatches, publishedEvent } from '@zoneledger/service-testing';
import { assessmentRoundsProjection } from '../src/projections/assessment-rounds.projection';

let streamVersion = 0;

function roundEvent(roundId: string, type: string, data: Record<string, unknown>) {
  streamVersion += 1;
  return publishedEvent({
    aggregate: 'round',
    aggregateId: roundId,
    streamVersion,
    type,
    data: { roundId, ...data },
  });
}

const methodology = { methodologyId: 'mofcom', version: 2, name: '综合发展水平考核评价' };

function zoneScored(roundId: string, scoring: number, zoneId: string, total: number, rank: number) {
  return roundEvent(roundId, 'ZoneScored', {
    scoring,
    zoneId,
    region: 'REGION_EAST',
    total,
    nationalRank: rank,
    regionalRank: rank,
    dimensions: [{ key: 'innovation', score: total / 2 }],
    imputed: rank === 2 ? ['foreign_trade'] : [],
  });
}

function ranking(roundId: string, names: readonly string[]) {
  return roundEvent(roundId, 'PublishedRankingImported', {
    publishedOn: { year: 2024, month: 1 },
    zonesAssessed: 230,
    source: 'MofCOM',
    matched: names.slice(1).map((nameZh, at) => ({
      rank: at + 2,
      nameZh,
      zoneId: `z-${at}`,
      matchedBy: 'MATCHED_BY_NAME_ZH',
    })),
    unmatched: [{ rank: 1, nameZh: names[0], unmatchedReason: 'UNMATCHED_REASON_NO_MATCH' }],
  });
}

// Two rounds opened, scored twice and published; events redelivered; a scoring and a
// publication that arrive late (after a newer one) and change nothing; changes and warnings, one
// recorded twice with other values (the first kept); a published ranking imported, then again
// with other rows (the second replaces the first).
const HISTORY = [
  publishedEvent({
    aggregate: 'methodology',
    aggregateId: 'mofcom',
    streamVersion: 1,
    type: 'MethodologyVersionCreated',
    data: { methodology: { ...methodology, weightsPublished: true } },
  }),
  roundEvent('r-2023', 'RoundOpened', {
    methodology,
    referenceDate: { year: 2023 },
    population: [{ zoneId: 'a' }, { zoneId: 'b' }, { zoneId: 'c' }],
  }),
  zoneScored('r-2023', 1, 'a', 80, 1),
  zoneScored('r-2023', 1, 'b', 70, 2),
  zoneScored('r-2023', 1, 'a', 80, 1),
  roundEvent('r-2023', 'RoundScored', { scoring: 1, zonesScored: 2, unscored: ['c'] }),
  zoneScored('r-2023', 2, 'a', 81, 1),
  zoneScored('r-2023', 2, 'b', 71, 2),
  zoneScored('r-2023', 2, 'c', 60, 3),
  roundEvent('r-2023', 'RoundScored', { scoring: 2, zonesScored: 3 }),
  roundEvent('r-2023', 'RoundScored', { scoring: 1, zonesScored: 2, unscored: ['c'] }),
  roundEvent('r-2023', 'RoundPublished', { scoring: 2, zonesScored: 3 }),
  roundEvent('r-2023', 'RoundPublished', { scoring: 1, zonesScored: 2 }),
  ranking('r-2023', ['第一', '第二', '第三']),
  roundEvent('r-2024', 'RoundOpened', {
    methodology,
    referenceDate: { year: 2024, month: 6 },
    synthetic: true,
    population: [{ zoneId: 'a' }, { zoneId: 'b' }],
  }),
  roundEvent('r-2023', 'RoundOpened', { methodology, referenceDate: { year: 1999 } }),
  zoneScored('r-2024', 1, 'a', 75, 2),
  zoneScored('r-2024', 1, 'b', 77, 1),
  roundEvent('r-2024', 'ZoneScoreChanged', {
    zoneId: 'a',
    previousRoundId: 'r-2023',
    previousTotal: 81,
    total: 75,
    delta: -6,
  }),
  roundEvent('r-2024', 'ZoneRankChanged', {
    zoneId: 'a',
    previousRoundId: 'r-2023',
    previousRank: 1,
    rank: 2,
    delta: -1,
  }),
  roundEvent('r-2024', 'ExitWarningIssued', {
    zoneId: 'a',
    region: 'REGION_EAST',
    regionalRank: 2,
  }),
  roundEvent('r-2024', 'ZoneRankChanged', { zoneId: 'a', previousRank: 9, rank: 9, delta: 0 }),
  roundEvent('r-2024', 'RoundScored', { scoring: 1, zonesScored: 2 }),
  ranking('r-2023', ['甲', '乙']),
  roundEvent('r-2024', 'RoundPublished', { scoring: 1, zonesScored: 2 }),
];

describe('assessment-rounds: its statements in batches against one event at a time, on real PostgreSQL', () => {
  it('leave, in batches of 1, 4, 7 and 100 events, the rows one event at a time leaves', async () => {
    const oneByOne = await projectedAlikeInBatches(
      assessmentRoundsProjection('zoneledger.assessments.v1'),
      HISTORY,
      [1, 4, 7, 100],
    );

    expect(oneByOne.methodology_version).toEqual([
      expect.objectContaining({ methodology_id: 'mofcom', version: 2, weights_published: true }),
    ]);
    expect(oneByOne.round_summary).toEqual([
      expect.objectContaining({
        round_id: 'r-2023',
        reference_date: '2023-01-01',
        population_size: 3,
        scoring: 2,
        zones_scored: 3,
        unscored: [],
        published: true,
        published_scoring: 2,
      }),
      expect.objectContaining({
        round_id: 'r-2024',
        reference_date: '2024-06-01',
        synthetic: true,
        scoring: 1,
        published_scoring: 1,
      }),
    ]);
    const results = oneByOne.zone_result as { round_id: string; scoring: number }[];
    expect(results.map((row) => `${row.round_id}/${row.scoring}`)).toEqual([
      'r-2023/1',
      'r-2023/1',
      'r-2023/2',
      'r-2023/2',
      'r-2023/2',
      'r-2024/1',
      'r-2024/1',
    ]);
    expect(oneByOne.zone_change).toEqual([
      expect.objectContaining({ kind: 'exit_warning', value: 2 }),
      expect.objectContaining({ kind: 'rank', previous_value: 1, value: 2, delta: -1 }),
      expect.objectContaining({ kind: 'score', previous_value: 81, value: 75, delta: -6 }),
    ]);
    expect(oneByOne.published_rank).toEqual([
      expect.objectContaining({ position: 1, rank: 1, name_zh: '甲', zone_id: null }),
      expect.objectContaining({ position: 2, rank: 2, name_zh: '乙', zone_id: 'z-0' }),
    ]);
  });
});
