import { contractForDomainEvent } from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import { zoneTimelineChange, type ZoneStateRow } from './zone-timeline.fold';

function zoneEvent(
  zoneId: string,
  type: string,
  streamVersion: number,
  data: Record<string, unknown>,
): ConsumedEvent {
  const contract = contractForDomainEvent('zone', type);
  return {
    cloudEvent: {
      id: `${zoneId}-${streamVersion}`,
      source: '/zoneledger/zone-registry',
      type: contract.ceType,
      subject: `zone-${zoneId}`,
      time: new Date('2024-03-01T00:00:00Z'),
      dataschema: contract.dataschema,
      data: new Uint8Array(),
      extensions: { streamversion: String(streamVersion) },
    },
    data: data as ConsumedEvent['data'],
    topic: 'zoneledger.zones.v1',
    partition: 0,
    offset: String(streamVersion),
    headers: {},
  };
}

const registered: ZoneStateRow = {
  zone_id: 'kunshan',
  stream_version: 1,
  valid_from: '1992-08-01',
  recorded_at: '2024-01-01T00:00:00.000Z',
  kind: 'ZONE_KIND_ETDZ',
  level: 'ZONE_LEVEL_NATIONAL',
  province: '江苏省',
  region: 'REGION_EAST',
  status: 'active',
};

describe('the zone timeline: what each zone event changes, from which day', () => {
  it('registers a zone from its approval, its province by its official name', () => {
    const event = zoneEvent('kunshan', 'ZoneRegistered', 1, {
      zoneId: 'kunshan',
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: '江苏',
      region: 'REGION_EAST',
      approvedOn: { year: 1992, month: 8 },
    });
    expect(zoneTimelineChange('kunshan', event, undefined).state).toEqual({
      ...registered,
      recorded_at: '2024-03-01T00:00:00.000Z',
    });
  });

  it('upgrades a zone from the upgrade’s effective day', () => {
    const event = zoneEvent('huadu', 'ZoneUpgraded', 2, {
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      effectiveOn: { year: 2024, month: 11, day: 5 },
    });
    const provincial = { ...registered, zone_id: 'huadu', level: 'ZONE_LEVEL_PROVINCIAL' };
    expect(zoneTimelineChange('huadu', event, provincial).state).toMatchObject({
      stream_version: 2,
      valid_from: '2024-11-05',
      level: 'ZONE_LEVEL_NATIONAL',
      status: 'active',
    });
  });

  it('marks an absorbed zone merged from the merger’s day and records its heir', () => {
    const merger = {
      mergerId: 'm1',
      survivingZoneId: 'suzhou',
      absorbedZoneIds: ['kunshan'],
      effectiveOn: { year: 2021, month: 6 },
    };
    const change = zoneTimelineChange(
      'kunshan',
      zoneEvent('kunshan', 'ZonesMerged', 2, merger),
      registered,
    );
    expect(change.state).toMatchObject({ status: 'merged', valid_from: '2021-06-01' });
    expect(change.merger).toEqual({
      merger_id: 'm1',
      absorbed_zone_id: 'kunshan',
      surviving_zone_id: 'suzhou',
      merged_from: '2021-06-01',
      recorded_at: '2024-03-01T00:00:00.000Z',
    });
    // The survivor's own copy of the merger changes nothing of it.
    const survivor = { ...registered, zone_id: 'suzhou' };
    expect(
      zoneTimelineChange('suzhou', zoneEvent('suzhou', 'ZonesMerged', 2, merger), survivor),
    ).toEqual({});
  });

  it('ignores events that change nothing a scope reads, and events of zones it never saw registered', () => {
    const renamed = zoneEvent('kunshan', 'ZoneRenamed', 2, { nameZh: '昆山' });
    expect(zoneTimelineChange('kunshan', renamed, registered)).toEqual({});
    const exited = zoneEvent('nowhere', 'ZoneExited', 2, { effectiveOn: { year: 2024 } });
    expect(zoneTimelineChange('nowhere', exited, undefined)).toEqual({});
  });
});
