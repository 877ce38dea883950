import { notificationFacts } from './notification-facts';

const NONE = { provinces: [], regions: [], zoneKinds: [], themes: [] };

describe('the facts of an event', () => {
  it('reads a zone registration: the zone, its province, region and kind', () =>
    expect(
      notificationFacts('ZoneRegistered', {
        zoneId: 'zone-sip',
        nameZh: '苏州工业园区',
        kind: 'ZONE_KIND_ETDZ',
        level: 'ZONE_LEVEL_NATIONAL',
        province: '江苏省',
        region: 'REGION_EAST',
      }),
    ).toEqual({
      ...NONE,
      eventType: 'ZoneRegistered',
      zoneIds: ['zone-sip'],
      provinces: ['江苏省'],
      regions: ['REGION_EAST'],
      zoneKinds: ['ZONE_KIND_ETDZ'],
    }));

  it("reads a merger: the survivor and every absorbed zone, and a new zone's place", () =>
    expect(
      notificationFacts('zoneledger.zone.v1.ZonesMerged', {
        mergerId: 'm-1',
        survivingZoneId: 'zone-huangpu',
        absorbedZoneIds: ['zone-guangzhou-etdz', 'zone-guangzhou-high-tech'],
        newZone: { zoneId: 'zone-huangpu', province: '广东省', kind: 'ZONE_KIND_ETDZ' },
      }),
    ).toEqual({
      ...NONE,
      eventType: 'ZonesMerged',
      zoneIds: ['zone-guangzhou-etdz', 'zone-guangzhou-high-tech', 'zone-huangpu'],
      provinces: ['广东省'],
      regions: ['REGION_EAST'],
      zoneKinds: ['ZONE_KIND_ETDZ'],
    }));

  it('reads an issued policy: its scope, granted zones, themes and issuer', () =>
    expect(
      notificationFacts('PolicyIssued', {
        policyId: 'gf-2019-11',
        issuer: '国务院',
        themes: ['reform autonomy', 'Opening-up'],
        scope: { zoneKinds: ['ZONE_KIND_ETDZ'], provinces: ['江苏'], zoneIds: ['zone-sip'] },
        autonomyGrants: [{ power: 'p', zoneIds: ['zone-sip', 'zone-nanjing'], measureNumber: 1 }],
      }),
    ).toEqual({
      eventType: 'PolicyIssued',
      zoneIds: ['zone-nanjing', 'zone-sip'],
      provinces: ['江苏省'],
      regions: ['REGION_EAST'],
      zoneKinds: ['ZONE_KIND_ETDZ'],
      themes: ['opening-up', 'reform autonomy'],
      issuer: '国务院',
    }));

  it('reads a rank change, climbing as a negative delta', () =>
    expect(
      notificationFacts('ZoneRankChanged', {
        roundId: '2023',
        zoneId: 'zone-sip',
        previousRank: 1,
        rank: 1,
      }),
    ).toEqual({ ...NONE, eventType: 'ZoneRankChanged', zoneIds: ['zone-sip'], rankDelta: 0 }));

  it("reads a score change; a missing delta is proto JSON's zero, a non-finite one no size", () => {
    expect(
      notificationFacts('ZoneScoreChanged', { zoneId: 'zone-sip', delta: -1.25 }),
    ).toMatchObject({ scoreDelta: -1.25 });
    expect(notificationFacts('ZoneScoreChanged', { zoneId: 'zone-sip' })).toMatchObject({
      scoreDelta: 0,
    });
    expect(
      notificationFacts('ZoneScoreChanged', { zoneId: 'zone-sip', delta: 'NaN' }),
    ).not.toHaveProperty('scoreDelta');
  });

  it('reads a round opened: every zone of its population and their regions', () =>
    expect(
      notificationFacts('RoundOpened', {
        roundId: '2023',
        population: [
          { zoneId: 'zone-sip', region: 'REGION_EAST' },
          { zoneId: 'zone-lanzhou', region: 'REGION_WEST' },
        ],
      }),
    ).toMatchObject({
      zoneIds: ['zone-lanzhou', 'zone-sip'],
      regions: ['REGION_EAST', 'REGION_WEST'],
    }));

  it('leaves out unspecified enum values and empty strings', () =>
    expect(
      notificationFacts('ZoneScored', {
        roundId: '2023',
        zoneId: '',
        region: 'REGION_UNSPECIFIED',
      }),
    ).toEqual({ ...NONE, eventType: 'ZoneScored', zoneIds: [] }));

  it('adds what the handler knows of the zones and the policy', () => {
    const context = {
      zone: (zoneId: string) =>
        zoneId === 'zone-sip'
          ? { province: '江苏省', region: 'REGION_EAST' as const, kind: 'ZONE_KIND_ETDZ' as const }
          : undefined,
      policy: () => ({ issuer: '国务院', themes: ['assessment'] }),
    };
    expect(
      notificationFacts('ZoneRankChanged', { zoneId: 'zone-sip', delta: -3 }, context),
    ).toEqual({
      eventType: 'ZoneRankChanged',
      zoneIds: ['zone-sip'],
      provinces: ['江苏省'],
      regions: ['REGION_EAST'],
      zoneKinds: ['ZONE_KIND_ETDZ'],
      themes: [],
      rankDelta: -3,
    });
    expect(
      notificationFacts('PolicyRepealed', { policyId: 'szh-2016-192', reason: 'r' }, context),
    ).toMatchObject({ issuer: '国务院', themes: ['assessment'] });
  });

  it('is none for an event type the notifier does not know, or in another package', () => {
    expect(notificationFacts('ZoneTeleported', {})).toBeUndefined();
    expect(notificationFacts('zoneledger.zone.v1.ZoneRankChanged', {})).toBeUndefined();
  });

  it('reads events that concern no zone as their type only', () =>
    expect(notificationFacts('RoundPublished', { roundId: '2023' })).toEqual({
      ...NONE,
      eventType: 'RoundPublished',
      zoneIds: [],
    }));
});
