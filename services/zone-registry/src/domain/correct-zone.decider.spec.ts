import { deciderSpec } from '@zoneledger/testing';
import { HUADU, HUADU_UPGRADED, namesake, NOW, registered, SIP } from './testing/zone-fixtures';
import type { CorrectZone } from './zone.commands';
import { zoneDecider } from './zone.decider';

const spec = deciderSpec(zoneDecider);

const correct = (data: Partial<CorrectZone['data']>): CorrectZone => ({
  type: 'CorrectZone',
  data: {
    zoneId: SIP.zoneId,
    reason: 'checked against the 2018 catalogue',
    namesakes: [],
    now: NOW,
    ...data,
  },
});

const profile = {
  zoneId: SIP.zoneId,
  province: '江苏省',
  city: '苏州',
  region: 'REGION_EAST' as const,
  approvedOn: { year: 1994, month: 2 },
  reason: 'checked against the 2018 catalogue',
};

describe('an active zone', () => {
  const given = spec.given([registered(SIP)]);

  it('has a transliteration corrected: a renaming with no date (it was always so), and its reason', () =>
    given.when(correct({ nameEn: 'China-Singapore Suzhou Industrial Park' })).then([
      {
        type: 'ZoneRenamed',
        data: {
          zoneId: SIP.zoneId,
          nameZh: SIP.nameZh,
          nameEn: 'China-Singapore Suzhou Industrial Park',
          previousNameZh: SIP.nameZh,
          previousNameEn: SIP.nameEn,
          reason: profile.reason,
        },
      },
    ]));

  it('has its city and approval date corrected, recorded with the whole profile and the reason', () =>
    given.when(correct({ city: '苏州市', approvedOn: { year: 1994, month: 2, day: 26 } })).then([
      {
        type: 'ZoneProfileUpdated',
        data: { ...profile, city: '苏州市', approvedOn: { year: 1994, month: 2, day: 26 } },
      },
    ]));

  it('has names and province corrected at once', () =>
    given.when(correct({ nameZh: '苏州工业园', province: '浙江' })).then([
      {
        type: 'ZoneRenamed',
        data: {
          zoneId: SIP.zoneId,
          nameZh: '苏州工业园',
          nameEn: SIP.nameEn,
          previousNameZh: SIP.nameZh,
          previousNameEn: SIP.nameEn,
          reason: profile.reason,
        },
      },
      { type: 'ZoneProfileUpdated', data: { ...profile, province: '浙江省' } },
    ]));

  it('has an approval date that turned out unsourced cleared', () => {
    const { approvedOn: _cleared, ...withoutApproval } = profile;
    given
      .when(correct({ approvedOn: null }))
      .then([{ type: 'ZoneProfileUpdated', data: withoutApproval }]);
  });

  it('records nothing when the correction says what the register holds', () =>
    given
      .when(
        correct({
          nameZh: SIP.nameZh,
          province: '江苏',
          city: '苏州',
          approvedOn: { year: 1994, month: 2, day: 0 },
        }),
      )
      .then([]));

  it('refuses a corrected name another zone at its level bears', () =>
    given
      .when(
        correct({
          nameZh: '花都经济开发区',
          namesakes: [{ ...namesake(HUADU), level: 'ZONE_LEVEL_NATIONAL' }],
        }),
      )
      .thenThrows('ZONE.NAME_TAKEN'));

  it('refuses an unknown province', () =>
    given.when(correct({ province: 'Jiangsu' })).thenThrows('ZONE.UNKNOWN_PROVINCE'));

  it('refuses an approval date after today', () =>
    given
      .when(correct({ approvedOn: { year: 2025, month: 12 } }))
      .thenThrows('ZONE.DATE_IN_FUTURE'));

  it('refuses an approval date that is no date', () =>
    given.when(correct({ approvedOn: { year: 1994, month: 13 } })).thenThrows('ZONE.INVALID_DATE'));
});

describe('an upgraded zone', () => {
  it('has the approval date of its current (national) level corrected', () =>
    spec
      .given([registered(HUADU), HUADU_UPGRADED])
      .when(correct({ zoneId: HUADU.zoneId, approvedOn: { year: 2024, month: 10, day: 22 } }))
      .then([
        {
          type: 'ZoneProfileUpdated',
          data: {
            zoneId: HUADU.zoneId,
            province: '广东省',
            city: '广州',
            region: 'REGION_EAST',
            approvedOn: { year: 2024, month: 10, day: 22 },
            reason: 'checked against the 2018 catalogue',
          },
        },
      ]));
});
