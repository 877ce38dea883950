import { contractForDomainEvent, encodeEventData } from '@zoneledger/contracts';
import { encodeCloudEvent } from '@zoneledger/messaging';
import type { Message } from 'kafkajs';
import { randomUUID } from 'node:crypto';

// Zone events as the zone registry's relay publishes them, for the tests of the contexts that
// consume zoneledger.zones.v1 (the policy-registry, the assessment-engine).

/** A zone as the zone registry registers it (proto JSON of ZoneRegistered). */
export interface ZoneFixture {
  readonly zoneId: string;
  readonly kind?: string;
  readonly level?: string;
  readonly province?: string;
  readonly region?: string;
  readonly nameZh?: string;
  readonly nameEn?: string;
}

/**
 * A zone event as the zone registry's relay publishes it: CloudEvents binary mode, subject
 * `zone-<id>`, its stream version in the `streamversion` extension.
 */
export function zoneEvent(
  zoneId: string,
  streamVersion: number,
  type: string,
  data: Record<string, unknown>,
): Message {
  const contract = contractForDomainEvent('zone', type);
  return encodeCloudEvent({
    id: randomUUID(),
    source: '/zoneledger/zone-registry',
    type: contract.ceType,
    subject: `zone-${zoneId}`,
    time: new Date(),
    dataschema: contract.dataschema,
    data: encodeEventData(contract.ceType, data),
    extensions: { streamversion: String(streamVersion) },
  });
}

/** The ZoneRegistered of a zone: a national ETDZ in Jiangsu unless told otherwise. */
export function zoneRegistered(zone: ZoneFixture): Message {
  return zoneEvent(zone.zoneId, 1, 'ZoneRegistered', {
    zoneId: zone.zoneId,
    nameZh: zone.nameZh ?? `开发区${zone.zoneId}`,
    nameEn: zone.nameEn ?? `Zone ${zone.zoneId}`,
    kind: zone.kind ?? 'ZONE_KIND_ETDZ',
    level: zone.level ?? 'ZONE_LEVEL_NATIONAL',
    province: zone.province ?? '江苏省',
    city: '',
    region: zone.region ?? 'REGION_EAST',
    approvedOn: { year: 2000 },
  });
}
