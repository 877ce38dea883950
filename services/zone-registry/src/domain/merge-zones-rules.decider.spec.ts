import { mergeZones } from './merge-zones.decider';
import { multiStreamSpec } from '@zoneledger/testing';
import {
  guangzhou,
  mergeGuangzhou,
  mergeTaiyuan,
  taiyuan,
  TAIYUAN_ETDZ,
} from './testing/merger-fixtures';
import {
  GUANGZHOU_ETDZ,
  GUANGZHOU_HIGH_TECH,
  GUANGZHOU_MERGED,
  JIUQUAN,
  JIUQUAN_EXITED,
  registered,
} from './testing/zone-fixtures';
import { evolve, initialState } from './zone.state';

const spec = multiStreamSpec({ decide: mergeZones, evolve, initialState });

describe('a merger that breaks the rules', () => {
  const merged = {
    ...guangzhou,
    [GUANGZHOU_HIGH_TECH.zoneId]: [registered(GUANGZHOU_HIGH_TECH), GUANGZHOU_MERGED],
  };
  const exited = { [JIUQUAN.zoneId]: [registered(JIUQUAN), JIUQUAN_EXITED], ...taiyuan };

  it('cannot merge into a merged zone', () =>
    spec
      .given(merged)
      .when(
        mergeGuangzhou({
          mergerId: 'merger-later',
          survivingZoneId: GUANGZHOU_HIGH_TECH.zoneId,
          absorbedZoneIds: [GUANGZHOU_ETDZ.zoneId],
        }),
      )
      .thenThrows('ZONE.TARGET_NOT_ACTIVE'));

  it('cannot merge into an exited zone', () =>
    spec
      .given(exited)
      .when(mergeTaiyuan({ survivingZoneId: JIUQUAN.zoneId, newZone: undefined }))
      .thenThrows('ZONE.TARGET_NOT_ACTIVE'));

  it('cannot absorb a zone that was merged already', () =>
    spec
      .given(merged)
      .when(
        mergeGuangzhou({ mergerId: 'merger-later', absorbedZoneIds: [GUANGZHOU_HIGH_TECH.zoneId] }),
      )
      .thenThrows('ZONE.NOT_ACTIVE'));

  it('cannot absorb an exited zone', () =>
    spec
      .given(exited)
      .when(mergeTaiyuan({ absorbedZoneIds: [TAIYUAN_ETDZ.zoneId, JIUQUAN.zoneId] }))
      .thenThrows('ZONE.NOT_ACTIVE'));

  it('cannot merge a zone into itself', () =>
    spec
      .given(guangzhou)
      .when(
        mergeGuangzhou({ absorbedZoneIds: [GUANGZHOU_HIGH_TECH.zoneId, GUANGZHOU_ETDZ.zoneId] }),
      )
      .thenThrows('ZONE.MERGE_INTO_SELF'));

  it('cannot list an absorbed zone twice', () =>
    spec
      .given(guangzhou)
      .when(
        mergeGuangzhou({
          absorbedZoneIds: [GUANGZHOU_HIGH_TECH.zoneId, GUANGZHOU_HIGH_TECH.zoneId],
        }),
      )
      .thenThrows('ZONE.DUPLICATE_ZONE_IN_MERGER'));

  it('must absorb at least one zone', () =>
    spec
      .given(guangzhou)
      .when(mergeGuangzhou({ absorbedZoneIds: [] }))
      .thenThrows('ZONE.MERGER_TOO_SMALL'));
});
