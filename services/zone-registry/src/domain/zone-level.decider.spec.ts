import { deciderSpec } from '@zoneledger/testing';
import { HUADU, HUADU_UPGRADED, namesake, NOW, registered, SIP } from './testing/zone-fixtures';
import type { DowngradeZone, UpgradeZone } from './zone.commands';
import { zoneDecider } from './zone.decider';
import type { ZoneDowngraded } from './zone.events';

const spec = deciderSpec(zoneDecider);

const upgrade = (data: Partial<UpgradeZone['data']> = {}): UpgradeZone => ({
  type: 'UpgradeZone',
  data: {
    zoneId: HUADU.zoneId,
    kind: 'ZONE_KIND_ETDZ',
    effectiveOn: { year: 2024, month: 10 },
    basisPolicyId: 'policy-guobanhan-2024-83',
    namesakes: [namesake(HUADU)],
    now: NOW,
    ...data,
  },
});

const downgrade = (data: Partial<DowngradeZone['data']> = {}): DowngradeZone => ({
  type: 'DowngradeZone',
  data: {
    zoneId: SIP.zoneId,
    effectiveOn: { year: 2024, month: 3, day: 1 },
    basisPolicyId: 'policy-downgrade',
    reason: 'bottom five of the East region in the 2021 and 2023 rounds',
    namesakes: [],
    now: NOW,
    ...data,
  },
});

const sipDowngraded: ZoneDowngraded = {
  type: 'ZoneDowngraded',
  data: {
    zoneId: SIP.zoneId,
    previousLevel: 'ZONE_LEVEL_NATIONAL',
    level: 'ZONE_LEVEL_PROVINCIAL',
    effectiveOn: { year: 2024, month: 3, day: 1 },
    basisPolicyId: 'policy-downgrade',
    reason: 'bottom five of the East region in the 2021 and 2023 rounds',
  },
};

describe('an active provincial zone', () => {
  const given = spec.given([registered(HUADU)]);

  it('is upgraded to a national ETDZ', () => given.when(upgrade()).then([HUADU_UPGRADED]));

  it('keeps its kind when the upgrade names none', () =>
    given.when(upgrade({ kind: undefined })).then([
      {
        ...HUADU_UPGRADED,
        data: { ...HUADU_UPGRADED.data, kind: 'ZONE_KIND_OTHER' },
      },
    ]));

  it('cannot be upgraded before it was approved', () =>
    given.when(upgrade({ effectiveOn: { year: 2005 } })).thenThrows('ZONE.DATE_BEFORE_APPROVAL'));

  it('cannot be upgraded when a national zone bears its name', () =>
    given
      .when(
        upgrade({
          namesakes: [{ ...namesake(HUADU), zoneId: 'zone-x', level: 'ZONE_LEVEL_NATIONAL' }],
        }),
      )
      .thenThrows('ZONE.NAME_TAKEN'));

  it('cannot be downgraded', () =>
    given.when(downgrade({ zoneId: HUADU.zoneId })).thenThrows('ZONE.NOT_NATIONAL'));
});

describe('an active national zone', () => {
  const given = spec.given([registered(SIP)]);

  it('cannot be upgraded', () =>
    given.when(upgrade({ zoneId: SIP.zoneId })).thenThrows('ZONE.ALREADY_NATIONAL'));

  it('is downgraded to provincial management', () => given.when(downgrade()).then([sipDowngraded]));

  it('is downgraded without a policy when none is known', () => {
    const { basisPolicyId: _none, ...withoutPolicy } = sipDowngraded.data;
    given
      .when(downgrade({ basisPolicyId: undefined }))
      .then([{ ...sipDowngraded, data: withoutPolicy }]);
  });

  it('cannot be downgraded when a provincial zone bears its name', () =>
    given
      .when(
        downgrade({
          namesakes: [{ ...namesake(SIP), zoneId: 'zone-x', level: 'ZONE_LEVEL_PROVINCIAL' }],
        }),
      )
      .thenThrows('ZONE.NAME_TAKEN'));

  it('cannot be downgraded after today', () =>
    given.when(downgrade({ effectiveOn: { year: 2026 } })).thenThrows('ZONE.DATE_IN_FUTURE'));

  it('cannot be downgraded before it was approved', () =>
    given
      .when(downgrade({ effectiveOn: { year: 1994, month: 1 } }))
      .thenThrows('ZONE.DATE_BEFORE_APPROVAL'));
});

describe('a zone upgraded from provincial level', () => {
  const given = spec.given([registered(HUADU), HUADU_UPGRADED]);

  it('cannot be upgraded again', () => given.when(upgrade()).thenThrows('ZONE.ALREADY_NATIONAL'));

  it('can be downgraded with a date between its provincial and its national approval', () =>
    given.when(downgrade({ zoneId: HUADU.zoneId, effectiveOn: { year: 2010 } })).then([
      {
        ...sipDowngraded,
        data: { ...sipDowngraded.data, zoneId: HUADU.zoneId, effectiveOn: { year: 2010 } },
      },
    ]));

  it('keeps its first approval as the earliest date of its history', () =>
    given
      .when(downgrade({ zoneId: HUADU.zoneId, effectiveOn: { year: 2005 } }))
      .thenThrows('ZONE.DATE_BEFORE_APPROVAL'));
});

describe('a downgraded zone', () => {
  const given = spec.given([registered(SIP), sipDowngraded]);

  it('stays in the register: it can be renamed', () =>
    given
      .when({
        type: 'RenameZone',
        data: {
          zoneId: SIP.zoneId,
          nameZh: '苏州园区',
          nameEn: 'Suzhou Park',
          effectiveOn: { year: 2025 },
          namesakes: [],
          now: NOW,
        },
      })
      .then([
        {
          type: 'ZoneRenamed',
          data: {
            zoneId: SIP.zoneId,
            nameZh: '苏州园区',
            nameEn: 'Suzhou Park',
            previousNameZh: SIP.nameZh,
            previousNameEn: SIP.nameEn,
            effectiveOn: { year: 2025 },
          },
        },
      ]));

  it('cannot be downgraded again', () => given.when(downgrade()).thenThrows('ZONE.NOT_NATIONAL'));

  it('can be upgraded back to national level', () =>
    given
      .when(upgrade({ zoneId: SIP.zoneId, kind: undefined, effectiveOn: { year: 2025, month: 6 } }))
      .then([
        {
          type: 'ZoneUpgraded',
          data: {
            zoneId: SIP.zoneId,
            previousLevel: 'ZONE_LEVEL_PROVINCIAL',
            level: 'ZONE_LEVEL_NATIONAL',
            previousKind: 'ZONE_KIND_ETDZ',
            kind: 'ZONE_KIND_ETDZ',
            effectiveOn: { year: 2025, month: 6 },
            basisPolicyId: 'policy-guobanhan-2024-83',
          },
        },
      ]));

  it('can exit the register', () =>
    given
      .when({
        type: 'ExitZone',
        data: {
          zoneId: SIP.zoneId,
          effectiveOn: { year: 2025, month: 1 },
          basisPolicyId: 'p',
          reason: 'r',
          now: NOW,
        },
      })
      .then([
        {
          type: 'ZoneExited',
          data: {
            zoneId: SIP.zoneId,
            effectiveOn: { year: 2025, month: 1 },
            basisPolicyId: 'p',
            reason: 'r',
          },
        },
      ]));
});
