import { deciderSpec } from '@zoneledger/testing';
import { everyChangeTo, namesake, NOW, registered, SIP } from './testing/zone-fixtures';
import type { RegisterZone } from './zone.commands';
import { zoneDecider } from './zone.decider';

const spec = deciderSpec(zoneDecider);

const registerSip: RegisterZone = {
  type: 'RegisterZone',
  data: {
    zoneId: SIP.zoneId,
    nameZh: ' 苏州工业园区 ',
    nameEn: 'Suzhou  Industrial Park',
    kind: 'ZONE_KIND_ETDZ',
    level: 'ZONE_LEVEL_NATIONAL',
    province: '江苏',
    city: '苏州',
    approvedOn: { year: 1994, month: 2, day: 0 },
    industryFocus: ['digital information', ' nanotechnology', '', 'biomedicine', 'nanotechnology'],
    namesakes: [],
    now: NOW,
  },
};
const withData = (data: Partial<RegisterZone['data']>): RegisterZone => ({
  type: 'RegisterZone',
  data: { ...registerSip.data, ...data },
});

describe('no zone', () => {
  it('registers a zone with its official province, its region and tidy names and industries', () =>
    spec
      .given([])
      .when(registerSip)
      .then([registered(SIP)]));

  it('registers a zone whose approval date and city are not known', () => {
    const { approvedOn: _unknown, ...withoutApproval } = SIP;
    spec
      .given([])
      .when(withData({ approvedOn: undefined, city: undefined }))
      .then([registered({ ...withoutApproval, city: '' })]);
  });

  it('refuses a province outside the 31', () =>
    spec
      .given([])
      .when(withData({ province: '台北' }))
      .thenThrows('ZONE.UNKNOWN_PROVINCE'));

  it('refuses a zone without a Chinese name', () =>
    spec
      .given([])
      .when(withData({ nameZh: '  ' }))
      .thenThrows('ZONE.NAME_REQUIRED'));

  it('refuses an approval date that is no date', () =>
    spec
      .given([])
      .when(withData({ approvedOn: { year: 2023, month: 2, day: 29 } }))
      .thenThrows('ZONE.INVALID_DATE'));

  it('refuses an approval date after today in China', () =>
    spec
      .given([])
      .when(withData({ approvedOn: { year: 2025, month: 7 } }))
      .thenThrows('ZONE.DATE_IN_FUTURE'));

  it('accepts an approval date of today in China, though it is still yesterday in UTC', () =>
    spec
      .given([])
      .when(
        withData({
          approvedOn: { year: 2025, month: 7, day: 1 },
          now: new Date('2025-06-30T16:30:00Z'),
        }),
      )
      .then([registered({ ...SIP, approvedOn: { year: 2025, month: 7, day: 1 } })]));

  it('refuses a Chinese name another zone at the same level bears', () =>
    spec
      .given([])
      .when(withData({ namesakes: [{ ...namesake(SIP), zoneId: 'zone-other', nameEn: 'Other' }] }))
      .thenThrows('ZONE.NAME_TAKEN'));

  it('refuses an English name another zone at the same level bears, whatever its case', () =>
    spec
      .given([])
      .when(
        withData({
          namesakes: [
            {
              ...namesake(SIP),
              zoneId: 'zone-other',
              nameZh: '别的',
              nameEn: 'SUZHOU INDUSTRIAL PARK',
            },
          ],
        }),
      )
      .thenThrows('ZONE.NAME_TAKEN'));

  it('lets a zone at another level bear the same name', () =>
    spec
      .given([])
      .when(
        withData({
          namesakes: [{ ...namesake(SIP), zoneId: 'zone-other', level: 'ZONE_LEVEL_PROVINCIAL' }],
        }),
      )
      .then([registered(SIP)]));

  it.each(everyChangeTo('zone-nowhere').map((command) => [command.type, command] as const))(
    'refuses %s: the zone is not registered',
    (_type, command) => spec.given([]).when(command).thenThrows('ZONE.NOT_FOUND'),
  );

  it('refuses a correction: the zone is not registered', () =>
    spec
      .given([])
      .when({
        type: 'CorrectZone',
        data: { zoneId: 'zone-nowhere', city: '苏州', reason: 'typo', namesakes: [], now: NOW },
      })
      .thenThrows('ZONE.NOT_FOUND'));
});

describe('a registered zone', () => {
  it('cannot be registered again', () =>
    spec
      .given([registered(SIP)])
      .when(registerSip)
      .thenThrows('ZONE.ALREADY_REGISTERED'));
});
