import { deciderSpec } from '@zoneledger/testing';
import { HUADU, namesake, NOW, registered } from './testing/zone-fixtures';
import { zoneDecider } from './zone.decider';

// Changes to a zone in the register: its place, names, industries, powers, and leaving.

const spec = deciderSpec(zoneDecider);

describe('an active provincial zone', () => {
  const given = spec.given([registered(HUADU)]);
  const zoneId = HUADU.zoneId;

  it('records a new city with the whole profile', () =>
    given
      .when({
        type: 'UpdateZoneProfile',
        data: { zoneId, city: ' 广州 市 ', reason: 'full city name' },
      })
      .then([
        {
          type: 'ZoneProfileUpdated',
          data: {
            zoneId,
            province: '广东省',
            city: '广州 市',
            region: 'REGION_EAST',
            approvedOn: { year: 2006 },
            reason: 'full city name',
          },
        },
      ]));

  it('moves the zone to another province and its region', () =>
    given
      .when({ type: 'UpdateZoneProfile', data: { zoneId, province: '广西', reason: 'moved' } })
      .then([
        {
          type: 'ZoneProfileUpdated',
          data: {
            zoneId,
            province: '广西壮族自治区',
            city: '广州',
            region: 'REGION_WEST',
            approvedOn: { year: 2006 },
            reason: 'moved',
          },
        },
      ]));

  it('records nothing when the profile is already so', () =>
    given
      .when({
        type: 'UpdateZoneProfile',
        data: { zoneId, province: '广东省', city: '广州', reason: 'same' },
      })
      .then([]));

  it('refuses an unknown province in a profile update', () =>
    given
      .when({ type: 'UpdateZoneProfile', data: { zoneId, province: 'Guangdong', reason: 'x' } })
      .thenThrows('ZONE.UNKNOWN_PROVINCE'));

  const rename = (
    data: Partial<{
      nameZh: string;
      nameEn: string;
      effectiveOn: { year: number; month?: number };
    }> = {},
  ) => ({
    type: 'RenameZone' as const,
    data: {
      zoneId,
      nameZh: '广州花都经济技术开发区',
      nameEn: 'Guangzhou Huadu Economic and Technological Development Zone',
      effectiveOn: { year: 2024, month: 10 },
      basisPolicyId: 'policy-guobanhan-2024-83',
      namesakes: [namesake(HUADU)],
      now: NOW,
      ...data,
    },
  });

  it('renames the zone from a date, by a policy', () =>
    given.when(rename()).then([
      {
        type: 'ZoneRenamed',
        data: {
          zoneId,
          nameZh: '广州花都经济技术开发区',
          nameEn: 'Guangzhou Huadu Economic and Technological Development Zone',
          previousNameZh: HUADU.nameZh,
          previousNameEn: HUADU.nameEn,
          effectiveOn: { year: 2024, month: 10 },
          basisPolicyId: 'policy-guobanhan-2024-83',
        },
      },
    ]));

  it('records nothing when renamed to the names it has', () =>
    given.when(rename({ nameZh: HUADU.nameZh, nameEn: HUADU.nameEn })).then([]));

  it('refuses a renaming dated before the zone was approved', () =>
    given
      .when(rename({ effectiveOn: { year: 2005, month: 12 } }))
      .thenThrows('ZONE.DATE_BEFORE_APPROVAL'));

  it('accepts a renaming in the year of approval (the approval day is not known)', () =>
    given.when(rename({ effectiveOn: { year: 2006, month: 1 }, nameEn: 'Huadu ETDZ' })).then([
      {
        type: 'ZoneRenamed',
        data: {
          zoneId,
          nameZh: '广州花都经济技术开发区',
          nameEn: 'Huadu ETDZ',
          previousNameZh: HUADU.nameZh,
          previousNameEn: HUADU.nameEn,
          effectiveOn: { year: 2006, month: 1 },
          basisPolicyId: 'policy-guobanhan-2024-83',
        },
      },
    ]));

  it('refuses a name another provincial zone bears', () =>
    given
      .when({
        ...rename(),
        data: {
          ...rename().data,
          namesakes: [{ ...namesake(HUADU), zoneId: 'zone-x', nameZh: '广州花都经济技术开发区' }],
        },
      })
      .thenThrows('ZONE.NAME_TAKEN'));

  it('sets the industry focus, tidy and without repeats', () =>
    given
      .when({
        type: 'SetIndustryFocus',
        data: {
          zoneId,
          industryFocus: [' automobiles', 'new energy', 'new energy'],
          effectiveOn: { year: 2020 },
          now: NOW,
        },
      })
      .then([
        {
          type: 'ZoneIndustryFocusSet',
          data: {
            zoneId,
            industryFocus: ['automobiles', 'new energy'],
            effectiveOn: { year: 2020 },
          },
        },
      ]));

  it('clears the industry focus with an empty list', () =>
    given
      .when({ type: 'SetIndustryFocus', data: { zoneId, industryFocus: [], now: NOW } })
      .then([{ type: 'ZoneIndustryFocusSet', data: { zoneId, industryFocus: [] } }]));

  it('records nothing when the focus is already so', () =>
    given
      .when({
        type: 'SetIndustryFocus',
        data: { zoneId, industryFocus: ['automobiles'], now: NOW },
      })
      .then([]));

  const grant = {
    type: 'GrantAutonomy' as const,
    data: {
      zoneId,
      power: 'approve foreign-invested projects',
      policyId: 'policy-2019-11',
      effectiveOn: { year: 2019, month: 5 },
      now: NOW,
    },
  };

  it('records a reform power a policy grants', () =>
    given.when(grant).then([
      {
        type: 'ZoneAutonomyGranted',
        data: {
          zoneId,
          power: 'approve foreign-invested projects',
          policyId: 'policy-2019-11',
          effectiveOn: { year: 2019, month: 5 },
        },
      },
    ]));

  it('records a power granted again by the same policy once', () =>
    spec
      .given([
        registered(HUADU),
        {
          type: 'ZoneAutonomyGranted',
          data: {
            zoneId,
            power: grant.data.power,
            policyId: grant.data.policyId,
            effectiveOn: { year: 2019, month: 5 },
          },
        },
      ])
      .when(grant)
      .then([]));

  it('refuses a grant dated after today', () =>
    given
      .when({ ...grant, data: { ...grant.data, effectiveOn: { year: 2025, month: 7, day: 1 } } })
      .thenThrows('ZONE.DATE_IN_FUTURE'));

  it('exits the register', () =>
    given
      .when({
        type: 'ExitZone',
        data: {
          zoneId,
          effectiveOn: { year: 2021, month: 1, day: 27 },
          basisPolicyId: 'policy-exit',
          reason: ' merged away ',
          now: NOW,
        },
      })
      .then([
        {
          type: 'ZoneExited',
          data: {
            zoneId,
            effectiveOn: { year: 2021, month: 1, day: 27 },
            basisPolicyId: 'policy-exit',
            reason: 'merged away',
          },
        },
      ]));

  it('refuses an exit dated before approval', () =>
    given
      .when({
        type: 'ExitZone',
        data: { zoneId, effectiveOn: { year: 2005 }, basisPolicyId: 'p', reason: 'r', now: NOW },
      })
      .thenThrows('ZONE.DATE_BEFORE_APPROVAL'));
});
