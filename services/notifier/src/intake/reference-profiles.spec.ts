import { profileChanges } from './reference-profiles';

describe('the profile changes of an event', () => {
  it('keeps what a registration says of its zone', () => {
    expect(
      profileChanges('zoneledger.zone.v1.ZoneRegistered', {
        zoneId: 'zone-sip',
        province: '江苏省',
        region: 'REGION_EAST',
        kind: 'ZONE_KIND_ETDZ',
        nameZh: '苏州工业园区',
      }),
    ).toEqual({
      zones: [
        { zoneId: 'zone-sip', province: '江苏省', region: 'REGION_EAST', kind: 'ZONE_KIND_ETDZ' },
      ],
      policies: [],
    });
  });

  it('changes only what an update or upgrade says (proto JSON leaves out the rest)', () => {
    expect(profileChanges('ZoneProfileUpdated', { zoneId: 'z-1', province: '广东省' })).toEqual({
      zones: [{ zoneId: 'z-1', province: '广东省' }],
      policies: [],
    });
    expect(
      profileChanges('ZoneUpgraded', {
        zoneId: 'z-1',
        previousKind: 'ZONE_KIND_HIGH_TECH',
        kind: 'ZONE_KIND_ETDZ',
      }),
    ).toEqual({ zones: [{ zoneId: 'z-1', kind: 'ZONE_KIND_ETDZ' }], policies: [] });
    expect(
      profileChanges('ZoneProfileUpdated', { zoneId: 'z-1', region: 'REGION_UNSPECIFIED' }),
    ).toEqual({ zones: [{ zoneId: 'z-1' }], policies: [] });
  });

  it('records each absorbed zone’s survivor, and the survivor’s new profile', () => {
    expect(
      profileChanges('ZonesMerged', {
        survivingZoneId: 'z-new',
        absorbedZoneIds: ['z-a', 'z-b', 'z-new'],
        newZone: { province: '浙江省', region: 'REGION_EAST', kind: 'ZONE_KIND_ETDZ' },
      }),
    ).toEqual({
      zones: [
        { zoneId: 'z-new', province: '浙江省', region: 'REGION_EAST', kind: 'ZONE_KIND_ETDZ' },
        { zoneId: 'z-a', survivorId: 'z-new' },
        { zoneId: 'z-b', survivorId: 'z-new' },
      ],
      policies: [],
    });
    expect(profileChanges('ZonesMerged', { absorbedZoneIds: ['z-a'] })).toEqual({
      zones: [],
      policies: [],
    });
  });

  it('keeps a policy’s issuer and themes from its issuance, its themes from an amendment', () => {
    expect(
      profileChanges('PolicyIssued', {
        policyId: 'p-1',
        issuer: '国务院',
        themes: ['opening-up', ''],
      }),
    ).toEqual({
      zones: [],
      policies: [{ policyId: 'p-1', issuer: '国务院', themes: ['opening-up'] }],
    });
    expect(profileChanges('PolicyAmended', { policyId: 'p-1', themes: ['innovation'] })).toEqual({
      zones: [],
      policies: [{ policyId: 'p-1', themes: ['innovation'] }],
    });
    expect(profileChanges('PolicyAmended', { policyId: 'p-1' })).toEqual({
      zones: [],
      policies: [],
    });
  });

  it('changes nothing for other events, unknown types and malformed data', () => {
    expect(profileChanges('ZoneRankChanged', { zoneId: 'z-1', rank: 3 })).toEqual({
      zones: [],
      policies: [],
    });
    expect(profileChanges('zoneledger.zone.v2.Whatever', { zoneId: 'z-1' })).toEqual({
      zones: [],
      policies: [],
    });
    expect(profileChanges('ZoneRegistered', { zoneId: 7, province: ['x'] })).toEqual({
      zones: [],
      policies: [],
    });
    expect(profileChanges('ZoneRegistered', undefined)).toEqual({ zones: [], policies: [] });
  });
});
