import { mergeZones } from './merge-zones.decider';
import { multiStreamSpec } from '@zoneledger/testing';
import {
  guangzhou,
  mergeGuangzhou,
  mergeTaiyuan,
  shanxiDemo,
  shanxiDemoCreated,
  taiyuan,
  TAIYUAN_ETDZ,
  TAIYUAN_HIGH_TECH,
  taiyuanMerged,
} from './testing/merger-fixtures';
import {
  GUANGZHOU_BONDED,
  GUANGZHOU_ETDZ,
  GUANGZHOU_EXPORT,
  GUANGZHOU_HIGH_TECH,
  GUANGZHOU_MERGED,
  namesake,
  registered,
} from './testing/zone-fixtures';
import { evolve, initialState } from './zone.state';

const spec = multiStreamSpec({ decide: mergeZones, evolve, initialState });

describe('three zones merged into an existing one', () => {
  it('records the whole merger on the survivor’s stream and on each absorbed zone’s', () =>
    spec
      .given(guangzhou)
      .when(mergeGuangzhou())
      .then(
        [GUANGZHOU_ETDZ, GUANGZHOU_HIGH_TECH, GUANGZHOU_BONDED, GUANGZHOU_EXPORT].map((zone) => ({
          zoneId: zone.zoneId,
          events: [GUANGZHOU_MERGED],
        })),
      ));

  it('records nothing when the survivor already recorded this merger', () =>
    spec
      .given({
        ...guangzhou,
        [GUANGZHOU_ETDZ.zoneId]: [registered(GUANGZHOU_ETDZ), GUANGZHOU_MERGED],
      })
      .when(mergeGuangzhou())
      .then([]));

  it('cannot be dated before an absorbed zone was approved', () =>
    spec
      .given(guangzhou)
      .when(mergeGuangzhou({ effectiveOn: { year: 1999 } }))
      .thenThrows('ZONE.DATE_BEFORE_APPROVAL'));

  it('cannot be dated after today', () =>
    spec
      .given(guangzhou)
      .when(mergeGuangzhou({ effectiveOn: { year: 2026 } }))
      .thenThrows('ZONE.DATE_IN_FUTURE'));

  it('cannot name a zone that is not registered', () =>
    spec
      .given(guangzhou)
      .when(mergeGuangzhou({ absorbedZoneIds: [GUANGZHOU_HIGH_TECH.zoneId, 'zone-nowhere'] }))
      .thenThrows('ZONE.NOT_FOUND'));

  it('cannot merge into a zone that is not registered', () =>
    spec
      .given(guangzhou)
      .when(mergeGuangzhou({ survivingZoneId: 'zone-nowhere' }))
      .thenThrows('ZONE.NOT_FOUND'));
});

describe('zones merged into a new zone', () => {
  it('starts the new zone’s stream with the merger, which the absorbed zones record too', () =>
    spec
      .given(taiyuan)
      .when(mergeTaiyuan())
      .then([
        { zoneId: 'zone-shanxi-demo', events: [taiyuanMerged] },
        { zoneId: TAIYUAN_ETDZ.zoneId, events: [taiyuanMerged] },
        { zoneId: TAIYUAN_HIGH_TECH.zoneId, events: [taiyuanMerged] },
      ]));

  it('lets the new zone carry on the name of a zone it absorbs', () => {
    const newZone = { ...shanxiDemo, nameZh: TAIYUAN_ETDZ.nameZh, level: TAIYUAN_ETDZ.level };
    const command = mergeTaiyuan({ newZone, namesakes: [namesake(TAIYUAN_ETDZ)] });
    spec
      .given(taiyuan)
      .when(command)
      .then(
        [taiyuanMerged.data.survivingZoneId, ...taiyuanMerged.data.absorbedZoneIds].map(
          (zoneId) => ({
            zoneId,
            events: [
              {
                ...taiyuanMerged,
                data: {
                  ...taiyuanMerged.data,
                  newZone: {
                    ...shanxiDemoCreated,
                    nameZh: TAIYUAN_ETDZ.nameZh,
                    level: TAIYUAN_ETDZ.level,
                  },
                },
              },
            ],
          }),
        ),
      );
  });

  it('refuses a name another zone at its level bears', () =>
    spec
      .given(taiyuan)
      .when(
        mergeTaiyuan({
          namesakes: [
            {
              zoneId: 'zone-x',
              level: 'ZONE_LEVEL_PROVINCIAL',
              nameZh: '山西转型综合改革示范区',
              nameEn: '',
            },
          ],
        }),
      )
      .thenThrows('ZONE.NAME_TAKEN'));

  it('refuses a new zone id that is already registered', () =>
    spec
      .given({
        ...taiyuan,
        'zone-shanxi-demo': [registered({ ...TAIYUAN_ETDZ, zoneId: 'zone-shanxi-demo' })],
      })
      .when(mergeTaiyuan())
      .thenThrows('ZONE.ALREADY_REGISTERED'));

  it('refuses an unknown province for the new zone', () =>
    spec
      .given(taiyuan)
      .when(mergeTaiyuan({ newZone: { ...shanxiDemo, province: 'Shanxi' } }))
      .thenThrows('ZONE.UNKNOWN_PROVINCE'));
});
