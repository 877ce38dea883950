/**
 * Projection catch-up rate: how fast a ProjectionRunner builds a read model from a full topic.
 *
 *   npm run bench:projections
 *   (DATABASE_URL; KAFKA_BROKERS, default 127.0.0.1:9092; BENCH_EVENTS, default 100000;
 *    BENCH_RUNS, default 3; BENCH_PARTITIONS_CONCURRENTLY, default 3;
 *    BENCH_VARIANTS, default batch-tx,batch-tx-batch-upsert; also per-event-tx, the old runner)
 *
 * Produces BENCH_EVENTS ZoneRegistered CloudEvents (distinct zones) to a 3-partition topic of its
 * own, then per run and variant migrates a fresh schema and times a runner with a zone_view
 * projection (a row per zone) from start() until it has applied every event; then checks that its
 * lag is 0 on every partition and the view has a row per zone. Every round runs every variant
 * once; each reports its median. Deletes its topic, groups and schemas at the end and writes
 * bench/results/projections.json.
 */
import {
  createKafkaClient,
  createProducer,
  DOMAIN_TOPIC_CONFIGS,
  provisionTopics,
  type MessagingLogger,
} from '@zoneledger/messaging';
import {
  CreateProjectionCheckpoints1764500000000,
  ProjectionRunner,
} from '@zoneledger/projections';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadAverage, machine, median, timed, until, writeResults } from '../bench-report';
import { zoneRegistered, zoneView } from './zone-view.projection';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const events = Number(process.env.BENCH_EVENTS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const concurrency = Number(process.env.BENCH_PARTITIONS_CONCURRENTLY ?? 3);

/** How the runner applies events: its transactions and the projection's statements. */
const VARIANTS = {
  'per-event-tx': {
    maxBatchSize: 1,
    handleBatch: false,
    transaction: 'one per event',
    statements: 'one upsert per event',
  },
  'batch-tx': {
    maxBatchSize: 500,
    handleBatch: false,
    transaction: 'one per batch (up to 500 events of a partition)',
    statements: 'one upsert per event',
  },
  'batch-tx-batch-upsert': {
    maxBatchSize: 500,
    handleBatch: true,
    transaction: 'one per batch (up to 500 events of a partition)',
    statements: 'one multi-row upsert per batch (handleBatch)',
  },
} as const;
type Variant = keyof typeof VARIANTS;
const variants = (process.env.BENCH_VARIANTS ?? 'batch-tx,batch-tx-batch-upsert')
  .split(',')
  .map((name) => {
    if (!(name in VARIANTS))
      throw new RangeError(`unknown variant ${name}; one of ${Object.keys(VARIANTS).join(', ')}`);
    return name as Variant;
  });

const PARTITIONS = 3;
const POOL_SIZE = 10;
const id = randomUUID().slice(0, 8);
const topic = `bench.${id}.zoneledger.zones.v1`;
const quiet: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

async function produce(kafka: Kafka): Promise<void> {
  await provisionTopics(kafka, [
    { topic, partitions: PARTITIONS, replicationFactor: 1, configs: DOMAIN_TOPIC_CONFIGS },
  ]);
  const producer = createProducer(kafka);
  await producer.connect();
  for (let first = 0; first < events; first += 1000) {
    const messages = Array.from({ length: Math.min(1000, events - first) }, (_, i) =>
      zoneRegistered(id, first + i),
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

interface RunResult {
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly loadAverage: number[];
  readonly groupId: string;
}

/** One runner from start until every event is applied, in a schema of its own. */
async function catchUp(kafka: Kafka, run: number, variant: Variant): Promise<RunResult> {
  const { handleBatch, maxBatchSize } = VARIANTS[variant];
  const schema = `bench_projections_${id}_${run}_${variant.replace(/-/g, '_')}`;
  const groupId = `bench.${id}.zone-view.r${run}.${variant}`;
  const dataSource = await migratedSchema(schema);
  const runner = new ProjectionRunner({
    dataSource,
    kafka,
    projection: zoneView(topic, handleBatch),
    maxBatchSize,
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
    const seconds = Math.round(ms) / 1000;
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
    const rates = new Map(variants.map((variant) => [variant, [] as RunResult[]]));
    // Every round runs every variant once, so a busy machine slows all of them alike.
    for (let run = 1; run <= runs; run += 1) {
      for (const variant of variants) {
        const result = await catchUp(kafka, run, variant);
        groups.push(result.groupId);
        rates.get(variant)?.push(result);
        console.log(
          `run ${run}: ${variant.padEnd(20)} ${result.eventsPerSecond} events/s (${result.seconds} s, load ${result.loadAverage.join(' ')})`,
        );
      }
    }
    const results = variants.map((variant) => {
      const variantRuns = rates.get(variant) ?? [];
      return {
        variant,
        ...VARIANTS[variant],
        eventsPerSecond: median(variantRuns.map((r) => r.eventsPerSecond)),
        runs: variantRuns.map(({ groupId: _groupId, ...result }) => result),
      };
    });
    const file = writeResults('projections', {
      date: new Date().toISOString(),
      command: 'npm run bench:projections',
      machine: machine(),
      events,
      settings: {
        topicPartitions: PARTITIONS,
        partitionsConsumedConcurrently: concurrency,
        poolSize: POOL_SIZE,
        projection: 'zone_view: a row per zone (upsert)',
        produceMs: produced.ms,
      },
      results,
    });
    for (const result of results)
      console.log(`${result.variant}: median ${result.eventsPerSecond} events/s`);
    console.log(`wrote ${file}`);
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const topics = [topic, ...groups.map((group) => `${group}.dlq`)];
    await admin.deleteTopics({ topics: topics.filter((t) => existing.has(t)) });
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
