import {
  expectReadProbesPrimaryKey,
  interleavedZoneHistory,
  projectedAlikeInBatches,
} from '@zoneledger/service-testing';
import { zoneTimelineProjection } from '@zoneledger/zone-timeline';

describe('zone-timeline: handleBatch and statements against handle, on real PostgreSQL', () => {
  it('leave, in batches of 1, 4 and 100 events, the rows handle leaves event by event', async () => {
    const oneByOne = await projectedAlikeInBatches(
      zoneTimelineProjection('zoneledger.zones.v1'),
      interleavedZoneHistory(),
      [1, 4, 100],
    );

    const states = oneByOne.zone_timeline as {
      zone_id: string;
      stream_version: number;
      valid_from: string;
      status: string;
    }[];
    expect(
      states.map((row) => [row.zone_id, row.stream_version, row.valid_from, row.status]),
    ).toEqual([
      ['zh-a', 1, '2000-01-01', 'active'],
      // A profile's change keeps the day the standing took effect.
      ['zh-a', 3, '2000-01-01', 'active'],
      ['zh-b', 1, '2000-01-01', 'active'],
      ['zh-b', 2, '2011-06-01', 'active'],
      ['zh-b', 3, '2014-01-01', 'merged'],
      ['zh-c', 1, '2000-01-01', 'active'],
      ['zh-c', 2, '2013-03-01', 'downgraded'],
      ['zh-c', 3, '2014-01-01', 'merged'],
      ['zh-c', 4, '2020-01-01', 'exited'],
      ['zh-new', 1, '2014-01-01', 'active'],
      ['zh-new', 2, '2018-01-01', 'downgraded'],
    ]);
    const mergers = oneByOne.zone_merger as { absorbed_zone_id: string; merged_from: string }[];
    expect(mergers.map((row) => [row.absorbed_zone_id, row.merged_from])).toEqual([
      ['zh-b', '2014-01-01'],
      ['zh-c', '2014-01-01'],
    ]);
  });
});

describe("zone-timeline's read of a batch's latest states, on real PostgreSQL", () => {
  it('probes the primary key once a zone, whatever the statistics, not the whole table', async () => {
    await expectReadProbesPrimaryKey(
      zoneTimelineProjection('zoneledger.zones.v1'),
      interleavedZoneHistory(),
    );
  });
});
