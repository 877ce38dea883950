import { interleavedZoneHistory, projectedAlikeInBatches } from '@zoneledger/service-testing';
import { zoneNamesProjection } from '../src/projections/zone-names.projection';

describe('zone-names: handleBatch and statements against handle, on real PostgreSQL', () => {
  it('leave, in batches of 1, 4 and 100 events, the rows handle leaves event by event', async () => {
    const oneByOne = await projectedAlikeInBatches(
      zoneNamesProjection('zoneledger.zones.v1'),
      interleavedZoneHistory(),
      [1, 4, 100],
    );

    expect(oneByOne.zone_names).toEqual([
      { zone_id: 'zh-a', stream_version: 4, name_zh: '甲区', name_en: null },
      { zone_id: 'zh-b', stream_version: 1, name_zh: '开发区zh-b', name_en: 'Zone zh-b' },
      { zone_id: 'zh-c', stream_version: 1, name_zh: '开发区zh-c', name_en: 'Zone zh-c' },
      { zone_id: 'zh-ghost', stream_version: 3, name_zh: '幽灵区', name_en: null },
      { zone_id: 'zh-new', stream_version: 1, name_zh: '新区', name_en: 'New Area' },
    ]);
  });
});
