import type { PolicyScope } from './policy.events';
import { scopeMatches, type ScopedZone } from './policy-scope';
import { NATIONAL_ETDZS } from './testing/policy-fixtures';

const EVERY_ZONE: PolicyScope = {
  zoneKinds: [],
  zoneLevels: [],
  provinces: [],
  regions: [],
  zoneIds: [],
};

/** Suzhou Industrial Park: a national ETDZ in Jiangsu, East. */
const SIP: ScopedZone = {
  zoneId: 'zone-sip',
  kind: 'ZONE_KIND_ETDZ',
  level: 'ZONE_LEVEL_NATIONAL',
  province: '江苏省',
  region: 'REGION_EAST',
  status: 'active',
};
/** Huadu before its upgrade: a provincial zone in Guangdong. */
const HUADU: ScopedZone = {
  zoneId: 'zone-huadu',
  kind: 'ZONE_KIND_OTHER',
  level: 'ZONE_LEVEL_PROVINCIAL',
  province: '广东',
  region: 'REGION_EAST',
  status: 'active',
};

describe('whether a scope covers a zone', () => {
  it('covers every zone in the register when it names no criterion', () =>
    expect(scopeMatches(EVERY_ZONE, HUADU)).toEqual({ matches: true, matchedBy: [] }));

  it('covers a national ETDZ by kind and level (国发〔2019〕11号)', () =>
    expect(scopeMatches(NATIONAL_ETDZS, SIP)).toEqual({
      matches: true,
      matchedBy: ['zone_kind', 'zone_level'],
    }));

  it('says which criterion a zone fails', () =>
    expect(scopeMatches({ ...NATIONAL_ETDZS, zoneKinds: [] }, HUADU)).toEqual({
      matches: false,
      failedOn: 'zone_level',
    }));

  it('covers a named zone (国办函〔2024〕83号)', () =>
    expect(scopeMatches({ ...EVERY_ZONE, zoneIds: ['zone-huadu', 'zone-guixi'] }, HUADU)).toEqual({
      matches: true,
      matchedBy: ['named_zone'],
    }));

  it('leaves out a zone it does not name', () =>
    expect(scopeMatches({ ...EVERY_ZONE, zoneIds: ['zone-guixi'] }, HUADU)).toEqual({
      matches: false,
      failedOn: 'named_zone',
    }));

  it('compares provinces by official name, however the zone spells its own', () =>
    expect(scopeMatches({ ...EVERY_ZONE, provinces: ['广东省'] }, HUADU)).toEqual({
      matches: true,
      matchedBy: ['province'],
    }));

  it('covers a zone by region', () => {
    const west = { ...EVERY_ZONE, regions: ['REGION_WEST' as const] };
    expect(scopeMatches(west, SIP)).toEqual({ matches: false, failedOn: 'region' });
    expect(scopeMatches(west, { ...SIP, region: 'REGION_WEST' })).toEqual({
      matches: true,
      matchedBy: ['region'],
    });
  });

  it('covers a downgraded zone by its level now', () =>
    expect(
      scopeMatches(
        { ...EVERY_ZONE, zoneLevels: ['ZONE_LEVEL_PROVINCIAL'] },
        { ...SIP, level: 'ZONE_LEVEL_PROVINCIAL', status: 'downgraded' },
      ),
    ).toEqual({ matches: true, matchedBy: ['zone_level'] }));

  it.each(['merged', 'exited'] as const)('covers no %s zone, whatever the scope', (status) =>
    expect(scopeMatches(EVERY_ZONE, { ...SIP, status })).toEqual({
      matches: false,
      failedOn: 'status',
    }),
  );
});
