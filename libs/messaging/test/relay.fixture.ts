import { Topics } from '@zoneledger/contracts';
import { eventStoreDdl, PostgresEventStore } from '@zoneledger/event-store';
import { testIds, type TestIds } from '@zoneledger/testing';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import {
  createKafkaClient,
  createTopicsWithLeaders,
  decodeCloudEvent,
  type CloudEvent,
} from '../src';

/** An event store in a schema of its own and a zones topic of its own, for one relay test. */
export interface RelayFixture {
  readonly ids: TestIds;
  readonly pool: Pool;
  readonly store: PostgresEventStore;
  readonly topicPrefix: string;
  readonly zonesTopic: string;
  /** Appends `count` renames to the zone's stream (registering it first). */
  recordZoneHistory(zoneId: string, renames: number): Promise<void>;
  /** Every CloudEvent on the zones topic, read by a fresh consumer group; stop() when done. */
  collect(kafka: Kafka): Promise<{ events: CloudEvent[]; stop(): Promise<void> }>;
  dispose(): Promise<void>;
}

export async function relayFixture(label: string, kafka: Kafka): Promise<RelayFixture> {
  const ids = testIds(label);
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 6 });
  for (const statement of [`create schema "${ids.schema}"`, ...eventStoreDdl(ids.schema)]) {
    await pool.query(statement);
  }
  const store = new PostgresEventStore(pool, { schema: ids.schema });
  const topicPrefix = `${process.env.TOPIC_PREFIX ?? 'test.'}${ids.id}.`;
  const zonesTopic = `${topicPrefix}${Topics.zones}`;
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsWithLeaders(admin, [{ topic: zonesTopic, numPartitions: 3 }]);
  await admin.disconnect();

  return {
    ids,
    pool,
    store,
    topicPrefix,
    zonesTopic,
    async recordZoneHistory(zoneId, renames) {
      await store.append(zoneId, 'no_stream', [zoneRegistered(zoneId)], { streamType: 'zone' });
      for (let version = 1; version <= renames; version += 1) {
        await store.append(zoneId, version, [zoneRenamed(zoneId, version)], { streamType: 'zone' });
      }
    },
    async collect(consumerKafka) {
      const events: CloudEvent[] = [];
      const consumer = consumerKafka.consumer({
        groupId: ids.group('collector'),
        retry: { retries: 20 },
      });
      await consumer.connect();
      await consumer.subscribe({ topic: zonesTopic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => void events.push(decodeCloudEvent(message)),
      });
      return { events, stop: () => consumer.disconnect() };
    },
    async dispose() {
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteTopics({ topics: [zonesTopic] }).catch(() => undefined);
      await cleanup.disconnect();
      await pool.query(`drop schema if exists "${ids.schema}" cascade`);
      await pool.end();
    },
  };
}

export function sharedKafka(label: string): Kafka {
  return createKafkaClient({
    clientId: label,
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
  });
}

/** Each subject's events in the order received must be its stream versions 1, 2, 3, ... */
export function streamVersionsBySubject(events: readonly CloudEvent[]): Map<string, number[]> {
  const bySubject = new Map<string, number[]>();
  for (const event of events) {
    const versions = bySubject.get(event.subject) ?? [];
    versions.push(Number(event.extensions?.streamversion));
    bySubject.set(event.subject, versions);
  }
  return bySubject;
}

export function zoneRegistered(zoneId: string) {
  return {
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
  };
}

export function zoneRenamed(zoneId: string, n: number) {
  return { type: 'ZoneRenamed', data: { zoneId, nameZh: `园区${n}`, nameEn: `Park ${n}` } };
}
