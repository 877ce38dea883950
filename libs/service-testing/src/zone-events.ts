import { contractForDomainEvent, encodeEventData } from '@zoneledger/contracts';
import { encodeCloudEvent } from '@zoneledger/messaging';
import type { Message } from 'kafkajs';
import { randomUUID } from 'node:crypto';

// Events as the owning services' relays publish them, for the tests of the contexts that consume
// their topics (the policy-registry and the assessment-engine consume zones; the notifier all).

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

/** An event of an aggregate's stream, as its service's relay would publish it. */
export interface PublishedEvent {
  /** The contracts' aggregate: zone, policy, methodology, round. */
  readonly aggregate: string;
  /** The aggregate id: the stream is `<aggregate>-<id>`, the CloudEvent subject. */
  readonly aggregateId: string;
  readonly streamVersion: number;
  /** The domain event type, e.g. ZoneRankChanged. */
  readonly type: string;
  /** Its data in the proto JSON mapping. */
  readonly data: Record<string, unknown>;
  /** ce_id (default: a fresh UUID; give one to publish the same event twice). */
  readonly id?: string;
  /** ce_source (default: /zoneledger/<the owning service>). */
  readonly source?: string;
}

const SOURCES: Readonly<Record<string, string>> = {
  zone: '/zoneledger/zone-registry',
  policy: '/zoneledger/policy-registry',
  methodology: '/zoneledger/assessment-engine',
  round: '/zoneledger/assessment-engine',
};

/**
 * An event as its service's relay publishes it: CloudEvents binary mode, subject
 * `<aggregate>-<id>`, its stream version in the `streamversion` extension.
 */
export function publishedEvent(event: PublishedEvent): Message {
  const contract = contractForDomainEvent(event.aggregate, event.type);
  return encodeCloudEvent({
    id: event.id ?? randomUUID(),
    source: event.source ?? SOURCES[event.aggregate] ?? `/zoneledger/${event.aggregate}`,
    type: contract.ceType,
    subject: `${event.aggregate}-${event.aggregateId}`,
    time: new Date(),
    dataschema: contract.dataschema,
    data: encodeEventData(contract.ceType, event.data),
    extensions: { streamversion: String(event.streamVersion) },
  });
}

/** A zone event as the zone registry's relay publishes it (publishedEvent of a zone). */
export function zoneEvent(
  zoneId: string,
  streamVersion: number,
  type: string,
  data: Record<string, unknown>,
): Message {
  return publishedEvent({ aggregate: 'zone', aggregateId: zoneId, streamVersion, type, data });
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

/** A round's ZoneRankChanged, as the assessment engine publishes it (delta = rank - previous). */
export function zoneRankChanged(change: {
  readonly roundId: string;
  readonly zoneId: string;
  readonly rank: number;
  readonly previousRank: number;
  readonly streamVersion: number;
}): Message {
  const { roundId, zoneId, rank, previousRank, streamVersion } = change;
  return publishedEvent({
    aggregate: 'round',
    aggregateId: roundId,
    streamVersion,
    type: 'ZoneRankChanged',
    data: {
      roundId,
      zoneId,
      previousRoundId: 'r-prev',
      previousRank,
      rank,
      delta: rank - previousRank,
    },
  });
}

/**
 * A partition of the zones topic as a consumer of zone read models meets it: several events per
 * zone interleaved with others', a merger absorbing two zones into a zone it creates (on all three
 * streams), renames with and without an English name, an upgrade, a downgrade, an exit, changes
 * to a zone never registered, a redelivered event and, last, the first six events published again.
 * Each change of standing carries the day it takes effect, for read models that keep time.
 */
export function interleavedZoneHistory(): Message[] {
  const merger = {
    mergerId: 'merger-1',
    survivingZoneId: 'zh-new',
    absorbedZoneIds: ['zh-b', 'zh-c'],
    newZone: {
      zoneId: 'zh-new',
      nameZh: '新区',
      nameEn: 'New Area',
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: '广东省',
      region: 'REGION_EAST',
    },
    effectiveOn: { year: 2014 },
    kind: 'MERGER_KIND_OTHER',
  };
  const renamedA = zoneEvent('zh-a', 2, 'ZoneRenamed', {
    zoneId: 'zh-a',
    nameZh: '甲园区',
    nameEn: 'Park A',
  });
  const first = [
    zoneRegistered({ zoneId: 'zh-a', nameEn: 'Zone A' }),
    zoneRegistered({
      zoneId: 'zh-b',
      kind: 'ZONE_KIND_HIGH_TECH_ZONE',
      level: 'ZONE_LEVEL_PROVINCIAL',
      province: '浙江省',
    }),
    zoneRegistered({ zoneId: 'zh-c', region: 'REGION_CENTRAL', province: '湖北省' }),
    renamedA,
    zoneEvent('zh-b', 2, 'ZoneUpgraded', {
      zoneId: 'zh-b',
      level: 'ZONE_LEVEL_NATIONAL',
      effectiveOn: { year: 2011, month: 6, day: 1 },
    }),
    zoneEvent('zh-a', 3, 'ZoneProfileUpdated', {
      zoneId: 'zh-a',
      province: '上海市',
      region: 'REGION_EAST',
    }),
  ];
  return [
    ...first,
    zoneEvent('zh-ghost', 2, 'ZoneExited', { zoneId: 'zh-ghost', effectiveOn: { year: 2012 } }),
    zoneEvent('zh-c', 2, 'ZoneDowngraded', {
      zoneId: 'zh-c',
      level: 'ZONE_LEVEL_PROVINCIAL',
      effectiveOn: { year: 2013, month: 3 },
    }),
    renamedA,
    zoneEvent('zh-b', 3, 'ZonesMerged', merger),
    zoneEvent('zh-c', 3, 'ZonesMerged', merger),
    zoneEvent('zh-new', 1, 'ZonesMerged', merger),
    zoneEvent('zh-a', 4, 'ZoneRenamed', { zoneId: 'zh-a', nameZh: '甲区' }),
    zoneEvent('zh-ghost', 3, 'ZoneRenamed', { zoneId: 'zh-ghost', nameZh: '幽灵区' }),
    zoneEvent('zh-new', 2, 'ZoneDowngraded', {
      zoneId: 'zh-new',
      level: 'ZONE_LEVEL_PROVINCIAL',
      effectiveOn: { year: 2018 },
    }),
    zoneEvent('zh-c', 4, 'ZoneExited', { zoneId: 'zh-c', effectiveOn: { year: 2020 } }),
    ...first,
  ];
}
