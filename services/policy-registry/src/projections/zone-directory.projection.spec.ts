import { consumedEvents, zoneEvent, zoneRegistered } from '@zoneledger/service-testing';
import {
  foldZoneDirectory,
  nextRow,
  type ZoneDirectoryColumns,
  type ZoneDirectoryRow,
} from './zone-directory.projection';

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

describe('zone directory: folding a batch of events', () => {
  const events = consumedEvents([
    zoneRegistered({ zoneId: 'sip', ...NATIONAL_ETDZ }),
    zoneRegistered({ zoneId: 'kunshan', ...NATIONAL_ETDZ }),
    zoneEvent('sip', 2, 'ZoneDowngraded', { zoneId: 'sip', level: 'ZONE_LEVEL_PROVINCIAL' }),
    zoneEvent('sip', 3, 'ZoneProfileUpdated', { zoneId: 'sip', province: '浙江省' }),
    zoneEvent('kunshan', 2, 'ZoneExited', { zoneId: 'kunshan' }),
  ]);
  const oneByOne = (rows: ReadonlyMap<string, ZoneDirectoryRow>) =>
    events.reduce((held, event) => new Map([...held, ...foldZoneDirectory(held, [event])]), rows);

  it('folds several events of a zone onto its row, each at its stream version', () => {
    const changed = foldZoneDirectory(new Map(), events);

    expect(changed.get('sip')).toEqual({
      ...NATIONAL_ETDZ,
      level: 'ZONE_LEVEL_PROVINCIAL',
      province: '浙江省',
      status: 'downgraded',
      merged_into: null,
      streamVersion: 3,
    });
    expect(changed.get('kunshan')).toMatchObject({ status: 'exited', streamVersion: 2 });
    expect(changed).toEqual(oneByOne(new Map()));
  });

  it('changes nothing for events at or below a row’s version (redelivered)', () => {
    const held = foldZoneDirectory(new Map(), events);

    expect(foldZoneDirectory(held, events)).toEqual(new Map());
    const sip = events.filter((event) => event.cloudEvent.subject === 'zone-sip');
    const atVersion2 = foldZoneDirectory(new Map(), sip.slice(0, 2));
    expect(foldZoneDirectory(atVersion2, sip)).toEqual(new Map([['sip', held.get('sip')]]));
  });

  it('writes no row for a change to a zone it does not hold, as handle writes none', () => {
    const ghost = consumedEvents([
      zoneEvent('ghost', 2, 'ZoneExited', { zoneId: 'ghost' }),
      zoneEvent('ghost', 3, 'ZoneUpgraded', { zoneId: 'ghost', level: 'ZONE_LEVEL_NATIONAL' }),
      zoneEvent('ghost', 4, 'ZonesMerged', { survivingZoneId: 'sip', absorbedZoneIds: ['ghost'] }),
    ]);

    expect(foldZoneDirectory(new Map(), ghost)).toEqual(new Map());
  });
});
