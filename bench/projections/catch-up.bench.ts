/**
 * Projection catch-up rate: how fast a ProjectionRunner builds a read model from a full topic.
 *
 *   npm run bench:projections
 *   (DATABASE_URL; KAFKA_BROKERS, default 127.0.0.1:9092; BENCH_EVENTS, default 100000;
 *    BENCH_RUNS, default 3; BENCH_PARTITIONS_CONCURRENTLY, default 3)
 *
 * Produces BENCH_EVENTS ZoneRegistered CloudEvents (distinct zones) to a 3-partition topic of its
 * own, then per run migrates a fresh schema and times a runner with a zone_view projection (one
 * upsert per event) from start() until it has applied every event; then checks that its lag is 0
 * on every partition and the view has a row per zone. Deletes its topic, groups and schemas at the
 * end and writes bench/results/projections.json.
 */
import { encodeEventData, eventContract } from '@zoneledger/contracts';
import {
  createKafkaClient,
  createProducer,
  DOMAIN_TOPIC_CONFIGS,
  encodeCloudEvent,
  provisionTopics,
  type MessagingLogger,
} from '@zoneledger/messaging';
import {
  CreateProjectionCheckpoints1764500000000,
  ProjectionRunner,
  type Projection,
} from '@zoneledger/projections';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadAverage, machine, median, timed, until, writeResults } from '../bench-report';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const events = Number(process.env.BENCH_EVENTS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const concurrency = Number(process.env.BENCH_PARTITIONS_CONCURRENTLY ?? 3);

const PARTITIONS = 3;
const POOL_SIZE = 10;
const ZONE_REGISTERED = 'zoneledger.zone.v1.ZoneRegistered';
const PROVINCES = ['江苏省', '浙江省', '广东省', '山东省', '四川省'];
const id = randomUUID().slice(0, 8);
const topic = `bench.${id}.zoneledger.zones.v1`;
const quiet: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The read model: a row per registered zone, one upsert per event. */
const zoneView: Projection = {
  name: 'zone-view',
  topics: [topic],
  tables: ['zone_view'],
  async createTables(manager, context) {
    await manager.query(`create table ${context.table('zone_view')} (
      zone_id text primary key, name_en text not null, province text not null, registered_at timestamptz not null)`);
  },
  async handle(event, manager, context) {
    const { zoneId, nameEn, province } = event.data as Record<string, string>;
    await manager.query(
      `insert into ${context.table('zone_view')} (zone_id, name_en, province, registered_at)
       values ($1, $2, $3, $4)
       on conflict (zone_id) do update set name_en = excluded.name_en, province = excluded.province`,
      [zoneId, nameEn, province, event.cloudEvent.time],
    );
  },
};

function zoneRegistered(n: number) {
  const zoneId = `zone-${id}-${n}`;
  return encodeCloudEvent({
    id: randomUUID(),
    source: '/zoneledger/zone-registry',
    type: ZONE_REGISTERED,
    subject: zoneId,
    time: new Date(),
    dataschema: eventContract(ZONE_REGISTERED).dataschema,
    data: encodeEventData(ZONE_REGISTERED, {
      zoneId,
      nameZh: '苏州工业园区',
      nameEn: `Development zone ${n}`,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: PROVINCES[n % PROVINCES.length],
      city: '苏州市',
      region: 'REGION_EAST',
      approvedOn: { year: 1994, month: 2 },
    }),
    extensions: { streamversion: '1', correlationid: randomUUID(), actor: 'bench@zoneledger' },
  });
}

async function produce(kafka: Kafka): Promise<void> {
  await provisionTopics(kafka, [
    { topic, partitions: PARTITIONS, replicationFactor: 1, configs: DOMAIN_TOPIC_CONFIGS },
  ]);
  const producer = createProducer(kafka);
  await producer.connect();
  for (let first = 0; first < events; first += 1000) {
    const messages = Array.from({ length: Math.min(1000, events - first) }, (_, i) =>
      zoneRegistered(first + i),
    );
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
}

async function migratedSchema(schema: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: [CreateProjectionCheckpoints1764500000000],
    migrationsTableName: 'typeorm_migrations',
    extra: { max: POOL_SIZE, options: `-c search_path=${schema}` },
  });
  await dataSource.initialize();
  await dataSource.query(`create schema "${schema}"`);
  await dataSource.runMigrations();
  return dataSource;
}

/** One runner from start until every event is applied, in a schema of its own. */
async function catchUp(kafka: Kafka, run: number) {
  const schema = `bench_projections_${id}_${run}`;
  const groupId = `bench.${id}.zone-view.r${run}`;
  const dataSource = await migratedSchema(schema);
  const runner = new ProjectionRunner({
    dataSource,
    kafka,
    projection: zoneView,
    groupId,
    logger: quiet,
    partitionsConsumedConcurrently: concurrency,
  });
  try {
    const load = loadAverage();
    const { ms } = await timed(async () => {
      await runner.start();
      await until(() => runner.counters().applied >= events, 'the runner to apply every event');
    });
    const lag = (await runner.lag()).reduce((sum, partition) => sum + partition.lag, 0);
    const [{ rows }] = await dataSource.query(`select count(*)::int as rows from zone_view`);
    if (lag !== 0 || rows !== events)
      throw new Error(`lag ${lag}, ${rows} rows after ${events} events`);
    const seconds = ms / 1000;
    return { seconds, eventsPerSecond: Math.round(events / seconds), loadAverage: load, groupId };
  } finally {
    await runner.stop();
    await dataSource.query(`drop schema if exists "${schema}" cascade`);
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const kafka = createKafkaClient({
    clientId: `bench-projections-${id}`,
    brokers,
    log: () => undefined,
  });
  const groups: string[] = [];
  try {
    const produced = await timed(() => produce(kafka));
    console.log(`produced ${events} events in ${produced.ms} ms`);
    const results = [];
    for (let run = 1; run <= runs; run += 1) {
      const result = await catchUp(kafka, run);
      groups.push(result.groupId, `${result.groupId}.dlq`);
      results.push(result);
      console.log(
        `run ${run}: ${result.eventsPerSecond} events/s (${result.seconds} s, load ${result.loadAverage.join(' ')})`,
      );
    }
    const eventsPerSecond = median(results.map((r) => r.eventsPerSecond));
    const file = writeResults('projections', {
      date: new Date().toISOString(),
      command: 'npm run bench:projections',
      machine: machine(),
      events,
      settings: {
        topicPartitions: PARTITIONS,
        partitionsConsumedConcurrently: concurrency,
        poolSize: POOL_SIZE,
        projection: 'zone_view: one upsert per event',
        produceMs: produced.ms,
      },
      runs: results.map(({ groupId: _groupId, ...result }) => result),
      eventsPerSecond,
    });
    console.log(`median ${eventsPerSecond} events/s; wrote ${file}`);
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const topics = [topic, ...groups.filter((group) => group.endsWith('.dlq'))];
    await admin.deleteTopics({ topics: topics.filter((t) => existing.has(t)) });
    await admin
      .deleteGroups(groups.filter((group) => !group.endsWith('.dlq')))
      .catch(() => undefined);
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
