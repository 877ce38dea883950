import { interleavedZoneHistory, projectedAlikeInBatches } from '@zoneledger/service-testing';
import { zoneDirectoryProjection } from '../src/projections/zone-directory.projection';

describe('zone-directory: handleBatch and statements against handle, on real PostgreSQL', () => {
  it('leave, in batches of 1, 4 and 100 events, the rows handle leaves event by event', async () => {
    const oneByOne = await projectedAlikeInBatches(
      zoneDirectoryProjection('zoneledger.zones.v1'),
      interleavedZoneHistory(),
      [1, 4, 100],
    );

    expect(oneByOne.zone_directory).toEqual([
      {
        zone_id: 'zh-a',
        stream_version: 4,
        kind: 'ZONE_KIND_ETDZ',
        level: 'ZONE_LEVEL_NATIONAL',
        province: '上海市',
        region: 'REGION_EAST',
        status: 'active',
        merged_into: null,
      },
      {
        zone_id: 'zh-b',
        stream_version: 3,
        kind: 'ZONE_KIND_HIGH_TECH_ZONE',
        level: 'ZONE_LEVEL_NATIONAL',
        province: '浙江省',
        region: 'REGION_EAST',
        status: 'merged',
        merged_into: 'zh-new',
      },
      {
        zone_id: 'zh-c',
        stream_version: 4,
        kind: 'ZONE_KIND_ETDZ',
        level: 'ZONE_LEVEL_PROVINCIAL',
        province: '湖北省',
        region: 'REGION_CENTRAL',
        status: 'exited',
        merged_into: 'zh-new',
      },
      {
        zone_id: 'zh-new',
        stream_version: 2,
        kind: 'ZONE_KIND_ETDZ',
        level: 'ZONE_LEVEL_PROVINCIAL',
        province: '广东省',
        region: 'REGION_EAST',
        status: 'downgraded',
        merged_into: null,
      },
    ]);
  });
});
