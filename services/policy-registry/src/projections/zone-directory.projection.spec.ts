import { nextRow, type ZoneDirectoryColumns } from './zone-directory.projection';

const NATIONAL_ETDZ = {
  kind: 'ZONE_KIND_ETDZ',
  level: 'ZONE_LEVEL_NATIONAL',
  province: '江苏省',
  region: 'REGION_EAST',
};

describe('zone directory: a zone after an event of its stream', () => {
  const registered: ZoneDirectoryColumns = {
    ...NATIONAL_ETDZ,
    status: 'active',
    merged_into: null,
  };

  it('enters a registered zone as active', () => {
    const zone = { zoneId: 'sip', ...NATIONAL_ETDZ };
    expect(nextRow(undefined, 'sip', 'ZoneRegistered', zone)).toEqual(registered);
  });

  it('enters the new zone of a merger on its own stream, and no other zone without its registration', () => {
    const merger = {
      survivingZoneId: 'huangpu',
      absorbedZoneIds: ['gz-etdz'],
      newZone: { zoneId: 'huangpu', ...NATIONAL_ETDZ, province: '广东省' },
    };
    expect(nextRow(undefined, 'huangpu', 'ZonesMerged', merger)).toMatchObject({
      province: '广东省',
      status: 'active',
    });
    expect(nextRow(undefined, 'gz-etdz', 'ZonesMerged', merger)).toBeUndefined();
  });

  it('marks an absorbed zone merged into the survivor, and leaves the survivor as it was', () => {
    const merger = { survivingZoneId: 'sip', absorbedZoneIds: ['wuzhong'] };
    expect(nextRow(registered, 'wuzhong', 'ZonesMerged', merger)).toMatchObject({
      status: 'merged',
      merged_into: 'sip',
    });
    expect(nextRow(registered, 'sip', 'ZonesMerged', merger)).toEqual(registered);
  });

  it('follows upgrades, downgrades, exits and profile changes', () => {
    const provincial: ZoneDirectoryColumns = { ...registered, level: 'ZONE_LEVEL_PROVINCIAL' };
    expect(
      nextRow(provincial, 'sip', 'ZoneUpgraded', { level: 'ZONE_LEVEL_NATIONAL' }),
    ).toMatchObject({
      level: 'ZONE_LEVEL_NATIONAL',
      status: 'active',
    });
    expect(
      nextRow(registered, 'sip', 'ZoneDowngraded', { level: 'ZONE_LEVEL_PROVINCIAL' }),
    ).toMatchObject({
      level: 'ZONE_LEVEL_PROVINCIAL',
      status: 'downgraded',
    });
    expect(nextRow(registered, 'sip', 'ZoneExited', {})).toMatchObject({ status: 'exited' });
    expect(nextRow(registered, 'sip', 'ZoneProfileUpdated', { province: '浙江省' })).toMatchObject({
      province: '浙江省',
      region: 'REGION_EAST',
    });
  });

  it('ignores events that change nothing it holds (renames, grants)', () => {
    expect(nextRow(registered, 'sip', 'ZoneRenamed', { nameZh: '新名' })).toEqual(registered);
    expect(nextRow(registered, 'sip', 'ZoneAutonomyGranted', { power: 'p' })).toEqual(registered);
  });
});
