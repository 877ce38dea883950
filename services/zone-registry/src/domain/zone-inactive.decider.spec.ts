import { deciderSpec } from '@zoneledger/testing';
import {
  everyChangeTo,
  GUANGZHOU_ETDZ,
  GUANGZHOU_HIGH_TECH,
  GUANGZHOU_MERGED,
  JIUQUAN,
  JIUQUAN_EXITED,
  namesake,
  NOW,
  registered,
} from './testing/zone-fixtures';
import type { ZoneEvent, ZoneRegistered } from './zone.events';
import { zoneDecider } from './zone.decider';

// Merged and exited zones are out of the register: their history is closed to changes, but not to
// corrections, because what the register says about the past must stay fixable.

const spec = deciderSpec(zoneDecider);

const states: readonly [string, ZoneRegistered['data'], readonly ZoneEvent[]][] = [
  ['a merged zone', GUANGZHOU_HIGH_TECH, [registered(GUANGZHOU_HIGH_TECH), GUANGZHOU_MERGED]],
  ['an exited zone', JIUQUAN, [registered(JIUQUAN), JIUQUAN_EXITED]],
];

describe.each(states)('%s', (_state, zone, history) => {
  const given = spec.given(history);
  const { zoneId } = zone;

  it.each(everyChangeTo(zoneId).map((command) => [command.type, command] as const))(
    'refuses %s',
    (_type, command) => given.when(command).thenThrows('ZONE.NOT_ACTIVE'),
  );

  it('cannot be registered again', () =>
    given
      .when({
        type: 'RegisterZone',
        data: {
          ...JIUQUAN,
          zoneId,
          province: '甘肃',
          namesakes: [],
          now: NOW,
        },
      })
      .thenThrows('ZONE.ALREADY_REGISTERED'));

  it('accepts a corrected city', () =>
    given
      .when({
        type: 'CorrectZone',
        data: { zoneId, city: '某市', reason: 'typo', namesakes: [], now: NOW },
      })
      .then([
        {
          type: 'ZoneProfileUpdated',
          data: {
            zoneId,
            province: zone.province,
            city: '某市',
            region: zone.region,
            approvedOn: zone.approvedOn,
            reason: 'typo',
          },
        },
      ]));

  it('accepts a corrected name that a zone in the register bears (names are unique among those only)', () =>
    given
      .when({
        type: 'CorrectZone',
        data: {
          zoneId,
          nameZh: GUANGZHOU_ETDZ.nameZh,
          reason: 'the source listed it under this name',
          namesakes: [namesake(GUANGZHOU_ETDZ)],
          now: NOW,
        },
      })
      .then([
        {
          type: 'ZoneRenamed',
          data: {
            zoneId,
            nameZh: GUANGZHOU_ETDZ.nameZh,
            nameEn: zone.nameEn,
            previousNameZh: zone.nameZh,
            previousNameEn: zone.nameEn,
            reason: 'the source listed it under this name',
          },
        },
      ]));
});
