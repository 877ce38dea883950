import { Topics } from '@zoneledger/contracts';
import type { PostgresEventStore } from '@zoneledger/event-store';
import { physicalTopic } from '@zoneledger/messaging';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** Events per zone: a ZoneRegistered and nine ZoneRenamed. */
export const EVENTS_PER_ZONE = 10;
const ZONES_PER_APPEND = 10;

/** A zone's history: its registration and nine renames, with valid proto-JSON data. */
function zoneHistory(zoneId: string) {
  return [
    {
      type: 'ZoneRegistered',
      data: {
        zoneId,
        nameZh: '苏州工业园区',
        nameEn: 'Suzhou Industrial Park',
        kind: 'ZONE_KIND_ETDZ',
        level: 'ZONE_LEVEL_NATIONAL',
        province: '江苏',
        city: '苏州',
        region: 'REGION_EAST',
      },
    },
    ...Array.from({ length: EVENTS_PER_ZONE - 1 }, (_, n) => ({
      type: 'ZoneRenamed',
      data: { zoneId, nameZh: `园区${n + 1}`, nameEn: `Park ${n + 1}` },
    })),
  ];
}

/** Appends `events` events as zone histories, ten zones per transaction, four writers at once. */
export async function fillZoneHistories(
  store: PostgresEventStore,
  events: number,
  run: string,
): Promise<void> {
  const zones = Math.ceil(events / EVENTS_PER_ZONE);
  let next = 0;
  const writer = async () => {
    while (next < zones) {
      const first = next;
      next = Math.min(zones, next + ZONES_PER_APPEND);
      const streams = Array.from({ length: next - first }, (_, i) => {
        const zoneId = `zone-${run}-${first + i}`;
        return {
          streamId: zoneId,
          streamType: 'zone',
          expectedVersion: 'no_stream' as const,
          events: zoneHistory(zoneId),
        };
      });
      await store.appendToStreams(streams, {
        metadata: {
          correlationId: randomUUID(),
          causationId: randomUUID(),
          actor: 'bench@zoneledger',
        },
      });
    }
  };
  await Promise.all(Array.from({ length: 4 }, writer));
}

/** Creates the zones topic under a prefix, with 3 partitions. */
export async function createZonesTopic(kafka: Kafka, prefix: string): Promise<string> {
  const topic = physicalTopic(prefix, Topics.zones);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  return topic;
}
