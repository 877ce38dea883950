/**
 * Outbox relay throughput: how fast an OutboxRelay publishes a filled event store to Kafka.
 *
 *   npm run bench:relay
 *   (DATABASE_URL; KAFKA_BROKERS, default 127.0.0.1:9092; BENCH_EVENTS, default 100000;
 *    BENCH_RUNS, default 3; BENCH_BATCH_SIZE, default 1000 as the relay's own)
 *
 * Fills a schema of its own with BENCH_EVENTS zone events (a ZoneRegistered and nine ZoneRenamed
 * per zone), then per run starts a relay under a new checkpoint name and a new topic prefix
 * (a fresh 3-partition topic) and times it from start() until it reports every event published
 * (Kafka acknowledged, checkpoint stored). Afterwards it times each stage of the relay's loop
 * alone on the same events, to show where the time goes. Drops its schema and topics at the end
 * and writes bench/results/relay.json.
 */
import { eventStoreDdl, PostgresEventStore } from '@zoneledger/event-store';
import { createKafkaClient, OutboxRelay } from '@zoneledger/messaging';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { loadAverage, machine, median, timed, until, writeResults } from '../bench-report';
import { relayStagesAlone } from './relay-stages';
import { createZonesTopic, EVENTS_PER_ZONE, fillZoneHistories } from './zone-histories';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const events = Number(process.env.BENCH_EVENTS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const batchSize = Number(process.env.BENCH_BATCH_SIZE ?? 1000);

const SOURCE = '/zoneledger/zone-registry';
const id = randomUUID().slice(0, 8);
const schema = `bench_relay_${id}`;

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
    batchSize,
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
    seconds: Math.round(ms) / 1000,
    eventsPerSecond: Math.round(events / (ms / 1000)),
    loadAverage: load,
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
    const filled = await timed(() => fillZoneHistories(store, events, id));
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
    const profile = await relayStagesAlone(store, kafka, batchSize, `bench.${id}.stages.`);
    topics.push(profile.topic);
    console.log(
      `stages alone, ${profile.batches} batches of ${batchSize}:`,
      JSON.stringify(profile.ms),
    );

    const file = writeResults('relay', {
      date: new Date().toISOString(),
      command: 'npm run bench:relay',
      machine: machine(),
      events,
      settings: {
        relayBatchSize: batchSize,
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
