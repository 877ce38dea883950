import { fold } from '@zoneledger/testing';
import {
  GUANGZHOU_BONDED,
  GUANGZHOU_ETDZ,
  GUANGZHOU_EXPORT,
  GUANGZHOU_HIGH_TECH,
  GUANGZHOU_MERGED,
  HUADU,
  HUADU_UPGRADED,
  HUANGPU_CREATED,
  JIUQUAN,
  JIUQUAN_EXITED,
  registered,
  SIP,
} from './testing/zone-fixtures';
import type { ZoneEvent, ZonesMerged } from './zone.events';
import {
  approvedOn,
  evolve,
  firstApprovedOn,
  initialState,
  isInRegister,
  type Zone,
  type ZoneState,
} from './zone.state';

const stateAfter = (events: readonly ZoneEvent[]): ZoneState =>
  fold({ evolve, initialState }, events);

function zoneAfter(events: readonly ZoneEvent[]): Zone {
  const state = stateAfter(events);
  if (!state.registered) throw new Error('expected a registered zone');
  return state;
}

describe('evolve', () => {
  it('starts with no zone', () => expect(initialState()).toEqual({ registered: false }));

  it('registers an active zone with no lineage', () =>
    expect(zoneAfter([registered(SIP)])).toEqual({
      registered: true,
      zoneId: SIP.zoneId,
      nameZh: SIP.nameZh,
      nameEn: SIP.nameEn,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: '江苏省',
      city: '苏州',
      region: 'REGION_EAST',
      approvals: { ZONE_LEVEL_NATIONAL: { year: 1994, month: 2 } },
      industryFocus: SIP.industryFocus,
      autonomy: [],
      status: { kind: 'active' },
      lineage: { absorbedZoneIds: [], mergerIds: [] },
    }));

  it('keeps both approvals of an upgraded zone: the current level’s and the first', () => {
    const zone = zoneAfter([registered(HUADU), HUADU_UPGRADED]);
    expect(zone).toMatchObject({ level: 'ZONE_LEVEL_NATIONAL', kind: 'ZONE_KIND_ETDZ' });
    expect(approvedOn(zone)).toEqual({ year: 2024, month: 10 });
    expect(firstApprovedOn(zone)).toEqual({ year: 2006 });
  });

  it('marks a downgraded zone, still in the register, and returns it to active on an upgrade', () => {
    const downgraded = zoneAfter([
      registered(SIP),
      {
        type: 'ZoneDowngraded',
        data: {
          zoneId: SIP.zoneId,
          previousLevel: 'ZONE_LEVEL_NATIONAL',
          level: 'ZONE_LEVEL_PROVINCIAL',
          effectiveOn: { year: 2024 },
          reason: 'bottom five',
        },
      },
    ]);
    expect(downgraded.status).toEqual({ kind: 'downgraded', since: { year: 2024 } });
    expect(isInRegister(downgraded)).toBe(true);
    expect(approvedOn(downgraded)).toBeUndefined();
    expect(firstApprovedOn(downgraded)).toEqual({ year: 1994, month: 2 });
  });

  it('replaces the profile, names and focus, and accumulates autonomy grants', () => {
    const zone = zoneAfter([
      registered(SIP),
      {
        type: 'ZoneProfileUpdated',
        data: {
          zoneId: SIP.zoneId,
          province: '江苏省',
          city: '苏州市',
          region: 'REGION_EAST',
          reason: 'x',
        },
      },
      {
        type: 'ZoneRenamed',
        data: {
          zoneId: SIP.zoneId,
          nameZh: '新',
          nameEn: 'New',
          previousNameZh: SIP.nameZh,
          previousNameEn: SIP.nameEn,
        },
      },
      { type: 'ZoneIndustryFocusSet', data: { zoneId: SIP.zoneId, industryFocus: ['AI'] } },
      {
        type: 'ZoneAutonomyGranted',
        data: { zoneId: SIP.zoneId, power: 'a', policyId: 'p1', effectiveOn: { year: 2019 } },
      },
      {
        type: 'ZoneAutonomyGranted',
        data: { zoneId: SIP.zoneId, power: 'b', policyId: 'p1', effectiveOn: { year: 2020 } },
      },
    ]);
    expect(zone).toMatchObject({
      city: '苏州市',
      nameZh: '新',
      nameEn: 'New',
      industryFocus: ['AI'],
      approvals: {},
    });
    expect(zone.autonomy).toEqual([
      { power: 'a', policyId: 'p1', effectiveOn: { year: 2019 } },
      { power: 'b', policyId: 'p1', effectiveOn: { year: 2020 } },
    ]);
  });

  it('marks an exited zone out of the register', () => {
    const zone = zoneAfter([registered(JIUQUAN), JIUQUAN_EXITED]);
    expect(zone.status).toEqual({ kind: 'exited', since: { year: 2020, month: 1, day: 17 } });
    expect(isInRegister(zone)).toBe(false);
  });
});

describe('evolve: lineage', () => {
  it('gives the survivor the absorbed zones and the merger', () =>
    expect(zoneAfter([registered(GUANGZHOU_ETDZ), GUANGZHOU_MERGED])).toMatchObject({
      status: { kind: 'active' },
      lineage: {
        absorbedZoneIds: [
          GUANGZHOU_HIGH_TECH.zoneId,
          GUANGZHOU_BONDED.zoneId,
          GUANGZHOU_EXPORT.zoneId,
        ],
        mergerIds: ['merger-gz-2002'],
      },
    }));

  it('marks each absorbed zone merged into the survivor', () => {
    const zone = zoneAfter([registered(GUANGZHOU_BONDED), GUANGZHOU_MERGED]);
    expect(zone.status).toEqual({
      kind: 'merged',
      into: GUANGZHOU_ETDZ.zoneId,
      mergerId: 'merger-gz-2002',
      since: { year: 2002 },
    });
    expect(zone.lineage).toEqual({
      absorbedZoneIds: [],
      mergedInto: GUANGZHOU_ETDZ.zoneId,
      mergerIds: ['merger-gz-2002'],
    });
    expect(isInRegister(zone)).toBe(false);
  });

  it('adds the lineage of a later merger to what the survivor already absorbed', () => {
    const later: ZonesMerged = {
      type: 'ZonesMerged',
      data: {
        ...GUANGZHOU_MERGED.data,
        mergerId: 'merger-2005',
        absorbedZoneIds: ['zone-luogang'],
        effectiveOn: { year: 2005 },
      },
    };
    expect(zoneAfter([registered(GUANGZHOU_ETDZ), GUANGZHOU_MERGED, later]).lineage).toEqual({
      absorbedZoneIds: [
        GUANGZHOU_HIGH_TECH.zoneId,
        GUANGZHOU_BONDED.zoneId,
        GUANGZHOU_EXPORT.zoneId,
        'zone-luogang',
      ],
      mergerIds: ['merger-gz-2002', 'merger-2005'],
    });
  });

  it('applies a merger the stream already holds once', () =>
    expect(
      zoneAfter([registered(GUANGZHOU_ETDZ), GUANGZHOU_MERGED, GUANGZHOU_MERGED]).lineage.mergerIds,
    ).toEqual(['merger-gz-2002']));

  it('starts a new zone from the merger that creates it, approved on the merger’s date', () => {
    const created: ZonesMerged = {
      type: 'ZonesMerged',
      data: {
        ...GUANGZHOU_MERGED.data,
        mergerId: 'merger-huangpu-2014',
        survivingZoneId: 'zone-huangpu',
        absorbedZoneIds: [GUANGZHOU_ETDZ.zoneId],
        newZone: HUANGPU_CREATED,
        effectiveOn: { year: 2014, month: 2 },
        kind: 'MERGER_KIND_ZONE_DISTRICT_INTEGRATION',
      },
    };
    expect(zoneAfter([created])).toEqual({
      registered: true,
      zoneId: 'zone-huangpu',
      nameZh: '黄埔区',
      nameEn: 'Huangpu District',
      kind: 'ZONE_KIND_OTHER',
      level: 'ZONE_LEVEL_PROVINCIAL',
      province: '广东省',
      city: '广州',
      region: 'REGION_EAST',
      approvals: { ZONE_LEVEL_PROVINCIAL: { year: 2014, month: 2 } },
      industryFocus: ['automobiles'],
      autonomy: [],
      status: { kind: 'active' },
      lineage: { absorbedZoneIds: [GUANGZHOU_ETDZ.zoneId], mergerIds: ['merger-huangpu-2014'] },
    });
  });

  it('ignores a merger that involves neither the stream’s zone nor creates it', () => {
    expect(stateAfter([GUANGZHOU_MERGED])).toEqual({ registered: false });
    expect(zoneAfter([registered(SIP), GUANGZHOU_MERGED])).toEqual(zoneAfter([registered(SIP)]));
  });
});
