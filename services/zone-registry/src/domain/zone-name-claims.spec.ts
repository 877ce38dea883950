import { shanxiDemoCreated, taiyuanMerged } from './testing/merger-fixtures';
import { fold } from '@zoneledger/testing';
import {
  GUANGZHOU_ETDZ,
  GUANGZHOU_HIGH_TECH,
  GUANGZHOU_MERGED,
  HUADU,
  HUADU_UPGRADED,
  JIUQUAN,
  JIUQUAN_EXITED,
  registered,
  SIP,
} from './testing/zone-fixtures';
import { zoneDecider } from './zone.decider';
import type { ZoneEvent, ZoneLevel, ZoneRegistered, ZoneRenamed } from './zone.events';
import {
  movesNames,
  nameClaimChanges,
  type NameClaim,
  type NameClaimChanges,
} from './zone-name-claims';

// Given a zone's stream, when events are appended to it, then the name claims they free and take.

const given = (history: readonly ZoneEvent[]) => ({
  when: (...events: ZoneEvent[]) => ({
    then: (expected: NameClaimChanges) =>
      expect(nameClaimChanges(fold(zoneDecider, history), events)).toStrictEqual(expected),
  }),
});

/** Both claims of a zone at a level, as the register compares its names. */
function claimsOf(
  zone: Pick<ZoneRegistered['data'], 'zoneId' | 'nameZh' | 'nameEn'>,
  level: ZoneLevel,
): NameClaim[] {
  return [
    { zoneId: zone.zoneId, level, language: 'zh', key: zone.nameZh, name: zone.nameZh },
    {
      zoneId: zone.zoneId,
      level,
      language: 'en',
      key: zone.nameEn.toLowerCase(),
      name: zone.nameEn,
    },
  ];
}

const NOTHING: NameClaimChanges = { released: [], claimed: [] };

const renamed = (
  zone: ZoneRegistered['data'],
  names: { nameZh: string; nameEn: string },
): ZoneRenamed => ({
  type: 'ZoneRenamed',
  data: {
    zoneId: zone.zoneId,
    ...names,
    previousNameZh: zone.nameZh,
    previousNameEn: zone.nameEn,
    effectiveOn: { year: 2024 },
  },
});

describe('a stream with no zone yet', () => {
  it('claims the registered names at the zone level, the English one without its case', () =>
    given([])
      .when(registered(SIP))
      .then({
        released: [],
        claimed: [
          {
            zoneId: SIP.zoneId,
            level: 'ZONE_LEVEL_NATIONAL',
            language: 'zh',
            key: '苏州工业园区',
            name: '苏州工业园区',
          },
          {
            zoneId: SIP.zoneId,
            level: 'ZONE_LEVEL_NATIONAL',
            language: 'en',
            key: 'suzhou industrial park',
            name: 'Suzhou Industrial Park',
          },
        ],
      }));

  it('claims no English name when the zone has none', () =>
    given([])
      .when(registered({ ...SIP, nameEn: '' }))
      .then({ released: [], claimed: [claimsOf(SIP, 'ZONE_LEVEL_NATIONAL')[0]] }));

  it('claims the names of the zone a merger creates', () =>
    given([])
      .when(taiyuanMerged)
      .then({
        released: [],
        claimed: claimsOf(shanxiDemoCreated, 'ZONE_LEVEL_PROVINCIAL'),
      }));
});

describe('a zone in the register', () => {
  const sip = [registered(SIP)];
  const newNames = { nameZh: '苏州园区', nameEn: 'Suzhou Park' };

  it('releases its names and claims the new ones when renamed', () =>
    given(sip)
      .when(renamed(SIP, newNames))
      .then({
        released: claimsOf(SIP, 'ZONE_LEVEL_NATIONAL'),
        claimed: claimsOf({ ...SIP, ...newNames }, 'ZONE_LEVEL_NATIONAL'),
      }));

  it('moves only the name that changes', () =>
    given(sip)
      .when(renamed(SIP, { nameZh: SIP.nameZh, nameEn: newNames.nameEn }))
      .then({
        released: [claimsOf(SIP, 'ZONE_LEVEL_NATIONAL')[1]],
        claimed: [claimsOf({ ...SIP, ...newNames }, 'ZONE_LEVEL_NATIONAL')[1]],
      }));

  it('moves nothing when its English name only changes case', () =>
    given(sip)
      .when(renamed(SIP, { nameZh: SIP.nameZh, nameEn: 'SUZHOU Industrial PARK' }))
      .then(NOTHING));

  it('moves nothing when renamed and renamed back in one append', () =>
    given(sip)
      .when(renamed(SIP, newNames), renamed({ ...SIP, ...newNames }, SIP))
      .then(NOTHING));

  it('takes its names to national level when upgraded', () =>
    given([registered(HUADU)])
      .when(HUADU_UPGRADED)
      .then({
        released: claimsOf(HUADU, 'ZONE_LEVEL_PROVINCIAL'),
        claimed: claimsOf(HUADU, 'ZONE_LEVEL_NATIONAL'),
      }));

  it('takes its names to provincial level when downgraded, where it stays in the register', () =>
    given(sip)
      .when({
        type: 'ZoneDowngraded',
        data: {
          zoneId: SIP.zoneId,
          previousLevel: 'ZONE_LEVEL_NATIONAL',
          level: 'ZONE_LEVEL_PROVINCIAL',
          effectiveOn: { year: 2024 },
          reason: 'bottom five twice',
        },
      })
      .then({
        released: claimsOf(SIP, 'ZONE_LEVEL_NATIONAL'),
        claimed: claimsOf(SIP, 'ZONE_LEVEL_PROVINCIAL'),
      }));

  it('releases its names when it exits', () =>
    given([registered(JIUQUAN)])
      .when(JIUQUAN_EXITED)
      .then({ released: claimsOf(JIUQUAN, 'ZONE_LEVEL_NATIONAL'), claimed: [] }));

  it('releases its names when a merger absorbs it', () =>
    given([registered(GUANGZHOU_HIGH_TECH)])
      .when(GUANGZHOU_MERGED)
      .then({ released: claimsOf(GUANGZHOU_HIGH_TECH, 'ZONE_LEVEL_NATIONAL'), claimed: [] }));

  it('keeps its names when it survives a merger', () =>
    given([registered(GUANGZHOU_ETDZ)])
      .when(GUANGZHOU_MERGED)
      .then(NOTHING));

  it('moves nothing for a change that leaves names and level alone', () =>
    given(sip)
      .when(
        {
          type: 'ZoneIndustryFocusSet',
          data: { zoneId: SIP.zoneId, industryFocus: ['robotics'] },
        },
        {
          type: 'ZoneAutonomyGranted',
          data: {
            zoneId: SIP.zoneId,
            power: 'approve projects',
            policyId: 'policy-2019-11',
            effectiveOn: { year: 2019, month: 11 },
          },
        },
      )
      .then(NOTHING));
});

describe('a zone out of the register', () => {
  const absorbed = [registered(GUANGZHOU_HIGH_TECH), GUANGZHOU_MERGED];

  it('claims nothing when its name is corrected', () =>
    given(absorbed)
      .when({
        type: 'ZoneRenamed',
        data: {
          zoneId: GUANGZHOU_HIGH_TECH.zoneId,
          nameZh: '广州高新区',
          nameEn: GUANGZHOU_HIGH_TECH.nameEn,
          previousNameZh: GUANGZHOU_HIGH_TECH.nameZh,
          previousNameEn: GUANGZHOU_HIGH_TECH.nameEn,
        },
      })
      .then(NOTHING));

  it('moves nothing when the merger that absorbed it is delivered again', () =>
    given(absorbed).when(GUANGZHOU_MERGED).then(NOTHING));
});

describe('movesNames', () => {
  it('is true when a change frees or takes a name, false otherwise', () => {
    const [claim] = claimsOf(SIP, 'ZONE_LEVEL_NATIONAL');
    expect(movesNames({ released: [claim], claimed: [] })).toBe(true);
    expect(movesNames({ released: [], claimed: [claim] })).toBe(true);
    expect(movesNames(NOTHING)).toBe(false);
  });
});
