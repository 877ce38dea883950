/**
 * Outbox relay throughput against its ceilings, side by side on the same broker in one run.
 *
 *   npm run bench:relay                      (full profile: 1,000,000 events, 3 runs)
 *   BENCH_PROFILE=quick npm run bench:relay  (100,000 events, 1 run)
 *   (DATABASE_URL; KAFKA_BROKERS, default 127.0.0.1:9092; BENCH_EVENTS and BENCH_RUNS override
 *    the profile; BENCH_BATCH_SIZE, default 1000 as the relay's own; KAFKA_LIBS, the broker's
 *    jars, default infra/kafka/.cache/libs as `npm run kafka start` fetches them)
 *
 * Fills a schema of its own with BENCH_EVENTS zone events (a ZoneRegistered and nine ZoneRenamed
 * per zone), then:
 *   - stages: reads and encodes every event as the relay does, timing each stage alone, and
 *     measures the relay's average record size (key + value + headers);
 *   - per run, each on a fresh 3-partition topic:
 *     (a) Kafka's ProducerPerformance (java, the broker's own jars): BENCH_EVENTS records of that
 *         average size, acks=all, enable.idempotence=true;
 *     (b) kafkajs sendBatch of the relay's encoded messages in the relay's batches, with the
 *         relay's producer, with and without the CloudEvents headers (only the sends timed);
 *     (c) an OutboxRelay from start() until it reports every event published (Kafka
 *         acknowledged, checkpoint stored), lag 0 afterwards.
 * Reports events/s of each (median over runs) and the ratios relay / ProducerPerformance and
 * relay / kafkajs raw. Drops its schema and topics; writes bench/results/relay.json (full) or
 * relay-quick.json (quick).
 */
import { eventStoreDdl, PostgresEventStore } from '@zoneledger/event-store';
import { createKafkaClient, OutboxRelay } from '@zoneledger/messaging';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  loadAverage,
  machine,
  median,
  selectProfile,
  timed,
  until,
  writeResults,
} from '../bench-report';
import { kafkajsRaw } from './kafkajs-raw';
import {
  assertProducerPerformanceAvailable,
  producerPerformance,
  type ProducerPerformanceResult,
} from './producer-performance';
import { relayStagesAlone, SOURCE } from './relay-stages';
import { createZonesTopic, EVENTS_PER_ZONE, fillZoneHistories } from './zone-histories';

const PROFILES = {
  quick: { events: 100_000, runs: 1 },
  full: { events: 1_000_000, runs: 3 },
} as const;
const { name: profileName, profile } = selectProfile(PROFILES, 'full');

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const events = Number(process.env.BENCH_EVENTS ?? profile.events);
const runs = Number(process.env.BENCH_RUNS ?? profile.runs);
const batchSize = Number(process.env.BENCH_BATCH_SIZE ?? 1000);

const id = randomUUID().slice(0, 8);
const schema = `bench_relay_${id}`;

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** One relay from start until it has published every event; the relay's rate. */
async function relayRun(store: PostgresEventStore, pool: Pool, kafka: Kafka, run: number) {
  const topicPrefix = `bench.${id}.relay${run}.`;
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
  };
}

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

async function main(): Promise<void> {
  assertProducerPerformanceAvailable();
  const pool = new Pool({ connectionString: databaseUrl, max: 6 });
  const kafka = createKafkaClient({ clientId: `bench-relay-${id}`, brokers });
  const admin = kafka.admin();
  await admin.connect();
  const topics: string[] = [];
  // Each run writes its topics, so each is dropped once measured: the disk holds one run at most.
  const drop = async (names: string[]) => {
    if (names.length === 0) return;
    await admin.deleteTopics({ topics: names });
    for (const name of names) topics.splice(topics.indexOf(name), 1);
  };
  try {
    log(
      `profile ${profileName}: ${events} events, ${runs} run(s); load ${loadAverage().join(' ')}`,
    );
    await pool.query(`create schema "${schema}"`);
    for (const statement of eventStoreDdl(schema)) await pool.query(statement);
    const store = new PostgresEventStore(pool, { schema });
    const filled = await timed(() => fillZoneHistories(store, events, id));
    await pool.query(`vacuum analyze "${schema}".events`);
    log(`filled ${events} events in ${filled.ms} ms`);

    const stages = await relayStagesAlone(store, batchSize);
    if (stages.events !== events) throw new Error(`read ${stages.events} events, not ${events}`);
    log(
      `stages alone: ${JSON.stringify(stages.ms)} ms; record ${stages.averageRecordBytes} bytes ` +
        `(key + value + ${stages.averageHeaders} headers), largest batch ${stages.largestBatchBytes} bytes`,
    );

    const results = [];
    for (let run = 1; run <= runs; run += 1) {
      const loads: Record<string, number[]> = {};

      loads.producerPerformance = loadAverage();
      const ppTopic = await createZonesTopic(kafka, `bench.${id}.pp${run}.`);
      topics.push(ppTopic);
      const pp: ProducerPerformanceResult = await producerPerformance({
        brokers,
        topic: ppTopic,
        records: events,
        recordSize: stages.averageRecordBytes,
      });
      await drop([ppTopic]);
      log(`run ${run}: ProducerPerformance ${pp.recordsPerSecond} records/s (${pp.summary})`);

      loads.kafkajsRaw = loadAverage();
      const withHeaders = await createZonesTopic(kafka, `bench.${id}.raw${run}.`);
      const withoutHeaders = await createZonesTopic(kafka, `bench.${id}.bare${run}.`);
      topics.push(withHeaders, withoutHeaders);
      const raw = await kafkajsRaw(kafka, store, batchSize, { withHeaders, withoutHeaders });
      await drop([withHeaders, withoutHeaders]);
      log(
        `run ${run}: kafkajs sendBatch ${raw.withHeaders.eventsPerSecond} events/s with headers, ` +
          `${raw.withoutHeaders.eventsPerSecond} without`,
      );

      loads.relay = loadAverage();
      const relay = await relayRun(store, pool, kafka, run);
      topics.push(relay.topic);
      await drop([relay.topic]);
      log(`run ${run}: relay ${relay.eventsPerSecond} events/s (${relay.seconds} s)`);

      results.push({
        run,
        producerPerformance: pp,
        kafkajsRaw: raw,
        relay: { seconds: relay.seconds, eventsPerSecond: relay.eventsPerSecond },
        ratios: {
          relayToProducerPerformance: ratio(relay.eventsPerSecond, pp.recordsPerSecond),
          relayToKafkajsRaw: ratio(relay.eventsPerSecond, raw.withHeaders.eventsPerSecond),
        },
        loadAverageAtStart: loads,
      });
    }

    const medians = {
      producerPerformance: median(results.map((r) => r.producerPerformance.recordsPerSecond)),
      kafkajsRawWithHeaders: median(results.map((r) => r.kafkajsRaw.withHeaders.eventsPerSecond)),
      kafkajsRawWithoutHeaders: median(
        results.map((r) => r.kafkajsRaw.withoutHeaders.eventsPerSecond),
      ),
      relay: median(results.map((r) => r.relay.eventsPerSecond)),
    };
    const ratios = {
      relayToProducerPerformance: ratio(medians.relay, medians.producerPerformance),
      relayToKafkajsRaw: ratio(medians.relay, medians.kafkajsRawWithHeaders),
      kafkajsRawToProducerPerformance: ratio(
        medians.kafkajsRawWithHeaders,
        medians.producerPerformance,
      ),
      kafkajsWithHeadersToWithout: ratio(
        medians.kafkajsRawWithHeaders,
        medians.kafkajsRawWithoutHeaders,
      ),
    };
    const file = writeResults(profileName === 'full' ? 'relay' : `relay-${profileName}`, {
      date: new Date().toISOString(),
      command: `BENCH_PROFILE=${profileName} npm run bench:relay`,
      profile: profileName,
      machine: machine(),
      loadAverageAtEnd: loadAverage(),
      events,
      runs,
      settings: {
        relayBatchSize: batchSize,
        topicPartitions: 3,
        eventsPerZone: EVENTS_PER_ZONE,
        acks: 'all (-1)',
        relayProducer: 'kafkajs, idempotent, 1 request in flight',
        producerPerformance:
          'acks=all enable.idempotence=true, other producer settings the Java client defaults, no key, no headers, -Xmx512M',
        averageRecordBytes: stages.averageRecordBytes,
        averageHeaders: stages.averageHeaders,
        largestBatchBytes: stages.largestBatchBytes,
        fillMs: filled.ms,
      },
      medians,
      ratios,
      target: { relayEventsPerSecond: 30_000, relayToProducerPerformance: 0.25 },
      runResults: results,
      stagesAloneMs: stages.ms,
    });
    log(`medians ${JSON.stringify(medians)}`);
    log(`ratios ${JSON.stringify(ratios)}; wrote ${file}`);
  } finally {
    await drop([...topics]).catch(() => undefined);
    await admin.disconnect();
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
