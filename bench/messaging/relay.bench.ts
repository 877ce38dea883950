/**
 * Outbox relay throughput: how fast an OutboxRelay publishes a filled event store to Kafka.
 *
 *   npm run bench:relay
 *   (DATABASE_URL; KAFKA_BROKERS, default 127.0.0.1:9092; BENCH_EVENTS, default 100000;
 *    BENCH_RUNS, default 3; BENCH_BATCH_SIZE, default: the relay's own)
 *
 * Fills a schema of its own with BENCH_EVENTS zone events (a ZoneRegistered and nine ZoneRenamed
 * per zone), then per run starts a relay under a new checkpoint name and a new topic prefix
 * (a fresh 3-partition topic) and times it from start() until it reports every event published
 * (Kafka acknowledged, checkpoint stored). Afterwards it times each stage of the relay's loop
 * alone on the same events, to show where the time goes. Drops its schema and topics at the end
 * and writes bench/results/relay.json.
 */
import { Topics } from '@zoneledger/contracts';
import {
  eventStoreDdl,
  PostgresEventStore,
  type GlobalCheckpoint,
  type ReadAllResult,
  type RecordedEvent,
} from '@zoneledger/event-store';
import {
  createKafkaClient,
  createProducer,
  OutboxRelay,
  physicalTopic,
  toOutboxMessage,
} from '@zoneledger/messaging';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { loadAverage, machine, median, timed, until, writeResults } from '../bench-report';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const events = Number(process.env.BENCH_EVENTS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const batchSize = process.env.BENCH_BATCH_SIZE ? Number(process.env.BENCH_BATCH_SIZE) : undefined;

const EVENTS_PER_ZONE = 10;
const ZONES_PER_APPEND = 10;
const SOURCE = '/zoneledger/zone-registry';
const id = randomUUID().slice(0, 8);
const schema = `bench_relay_${id}`;

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

/** Appends the zones' histories, ten zones per transaction, four writers at once. */
async function fill(store: PostgresEventStore): Promise<void> {
  const zones = Math.ceil(events / EVENTS_PER_ZONE);
  let next = 0;
  const writer = async () => {
    while (next < zones) {
      const first = next;
      next = Math.min(zones, next + ZONES_PER_APPEND);
      const streams = Array.from({ length: next - first }, (_, i) => {
        const zoneId = `zone-${id}-${first + i}`;
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

async function createZonesTopic(kafka: Kafka, prefix: string): Promise<string> {
  const topic = physicalTopic(prefix, Topics.zones);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  return topic;
}

/** One relay from start until it has published every event; the relay's rate. */
async function relayRun(store: PostgresEventStore, pool: Pool, kafka: Kafka, run: number) {
  const topicPrefix = `bench.${id}.r${run}.`;
  const topic = await createZonesTopic(kafka, topicPrefix);
  const relay = new OutboxRelay({
    store,
    pool,
    kafka,
    source: SOURCE,
    topicPrefix,
    name: `bench-${run}`,
    pollIntervalMs: 20,
    ...(batchSize ? { batchSize } : {}),
  });
  const load = loadAverage();
  const { ms } = await timed(async () => {
    relay.start();
    await until(() => relay.status().published >= events, 'the relay to publish every event');
  });
  await relay.stop();
  const lag = await relay.lag();
  if (lag !== 0) throw new Error(`relay reports lag ${lag} after publishing ${events} events`);
  return {
    topic,
    seconds: ms / 1000,
    eventsPerSecond: Math.round(events / (ms / 1000)),
    loadAverage: load,
  };
}

/** Each stage of the relay's loop alone, over all events in batches of the relay's size. */
async function stages(store: PostgresEventStore, kafka: Kafka, size: number) {
  const batches: RecordedEvent[][] = [];
  const read = await timed(async () => {
    let after: GlobalCheckpoint | null = null;
    for (;;) {
      const read: ReadAllResult = await store.readAll(after, size);
      if (read.events.length === 0) return;
      batches.push(read.events);
      after = read.checkpoint;
    }
  });
  const topicPrefix = `bench.${id}.stages.`;
  const topic = await createZonesTopic(kafka, topicPrefix);
  const encoded = await timed(async () =>
    batches.map((batch) =>
      batch.map((event) => toOutboxMessage(event, SOURCE, topicPrefix).message),
    ),
  );
  const producer = createProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const sent = await timed(async () => {
    for (const messages of encoded.result)
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
  });
  await producer.disconnect();
  const checkpoints = await timed(async () => {
    for (const batch of batches) {
      const last = batch[batch.length - 1];
      await store.storeCheckpoint('bench-stages', {
        transactionId: last.transactionId,
        position: last.position,
      });
    }
  });
  return {
    topic,
    batches: batches.length,
    ms: {
      readAll: read.ms,
      encode: encoded.ms,
      sendBatch: sent.ms,
      storeCheckpoint: checkpoints.ms,
    },
  };
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 6 });
  const kafka = createKafkaClient({ clientId: `bench-relay-${id}`, brokers });
  const topics: string[] = [];
  try {
    await pool.query(`create schema "${schema}"`);
    for (const statement of eventStoreDdl(schema)) await pool.query(statement);
    const store = new PostgresEventStore(pool, { schema });
    const filled = await timed(() => fill(store));
    await pool.query(`analyze "${schema}".events`);
    console.log(`filled ${events} events in ${filled.ms} ms`);

    const results = [];
    for (let run = 1; run <= runs; run += 1) {
      const result = await relayRun(store, pool, kafka, run);
      topics.push(result.topic);
      results.push(result);
      console.log(
        `run ${run}: ${result.eventsPerSecond} events/s (${result.seconds} s, load ${result.loadAverage.join(' ')})`,
      );
    }
    const size = batchSize ?? 1000;
    const profile = await stages(store, kafka, size);
    topics.push(profile.topic);
    console.log(`stages alone, ${profile.batches} batches of ${size}:`, JSON.stringify(profile.ms));

    const file = writeResults('relay', {
      date: new Date().toISOString(),
      command: 'npm run bench:relay',
      machine: machine(),
      events,
      settings: {
        relayBatchSize: batchSize ?? 'default',
        topicPartitions: 3,
        eventsPerZone: EVENTS_PER_ZONE,
        acks: 'all (-1)',
        producer: 'idempotent, 1 request in flight',
        fillMs: filled.ms,
      },
      runs: results.map(({ topic: _topic, ...result }) => result),
      eventsPerSecond: median(results.map((r) => r.eventsPerSecond)),
      stagesAloneMs: profile.ms,
    });
    console.log(`median ${median(results.map((r) => r.eventsPerSecond))} events/s; wrote ${file}`);
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
