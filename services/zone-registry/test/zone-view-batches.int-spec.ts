import { expectReadProbesPrimaryKey, projectedAlikeInBatches } from '@zoneledger/service-testing';
import { publishedMessages, RECORDED_ZONE_HISTORY } from '../src/projections/testing/zone-history';
import { zoneViewProjection } from '../src/projections/zone-view.projection';

describe('zone-view: handleBatch and statements against handle, on real PostgreSQL', () => {
  it('leave, in batches of 1, 4 and 100 events, the rows handle leaves event by event', async () => {
    const oneByOne = await projectedAlikeInBatches(
      zoneViewProjection('zoneledger.zones.v1'),
      publishedMessages(RECORDED_ZONE_HISTORY),
      [1, 4, 100],
    );
    const rows = oneByOne.zone_view as {
      zone_id: string;
      stream_version: number;
      status: string;
    }[];
    expect(rows.map((row) => [row.zone_id, row.stream_version, row.status])).toEqual([
      ['zone-gz-bonded', 2, 'merged'],
      ['zone-gz-etdz', 3, 'merged'],
      ['zone-gz-export', 2, 'merged'],
      ['zone-gz-hitech', 2, 'merged'],
      ['zone-huangpu', 1, 'active'],
      ['zone-sip', 3, 'active'],
    ]);
  });
});

describe("zone-view's read of a batch's rows (streamRows), on real PostgreSQL", () => {
  it('probes the primary key once a zone, whatever the statistics, not the whole table', async () => {
    await expectReadProbesPrimaryKey(
      zoneViewProjection('zoneledger.zones.v1'),
      publishedMessages(RECORDED_ZONE_HISTORY),
    );
  });
});
