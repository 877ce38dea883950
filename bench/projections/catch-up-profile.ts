/**
 * One part of the projection benchmark alone, for `node --cpu-prof`:
 *
 *   BENCH_PART=runner node --cpu-prof $(cat infra/service-node-options) \
 *     -r ts-node/register/transpile-only \
 *     -r tsconfig-paths/register bench/projections/catch-up-profile.ts
 *   (BENCH_PART: runner (default), kafkajs, kafkajs-decode or postgres; BENCH_EVENTS, default
 *    100000; BENCH_TOPIC: a topic an earlier run kept (it holds BENCH_EVENTS events), so parts
 *    and versions of the code alternate on the same events; without it one is produced, and
 *    kept when BENCH_KEEP_TOPIC=1; BENCH_BATCH_SIZE, default the runner's (2,000);
 *    BENCH_PARTITIONS_CONCURRENTLY, default 3; BENCH_MAX_BYTES_PER_PARTITION, the consumer's
 *    fetch size per partition, default kafkajs' 1 MiB)
 */
import { createKafkaClient } from '@zoneledger/messaging';
import { DEFAULT_MAX_BATCH_SIZE } from '@zoneledger/projections';
import { randomUUID } from 'node:crypto';
import { loadAverage } from '../bench-report';
import {
  migratedSchema,
  PARTITIONS,
  produceZoneRegistrations,
  runnerCatchUp,
} from './catch-up-parts';
import { kafkaConsumeAlone, postgresWriteAlone } from './ceilings';
import { zoneView } from './zone-view.projection';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const events = Number(process.env.BENCH_EVENTS ?? 100_000);
const part = process.env.BENCH_PART ?? 'runner';
const batchSize = Number(process.env.BENCH_BATCH_SIZE ?? DEFAULT_MAX_BATCH_SIZE);
const concurrency = Number(process.env.BENCH_PARTITIONS_CONCURRENTLY ?? PARTITIONS);
const maxBytesPerPartition = process.env.BENCH_MAX_BYTES_PER_PARTITION;
const consumer = maxBytesPerPartition
  ? { maxBytesPerPartition: Number(maxBytesPerPartition) }
  : undefined;
const id = randomUUID().slice(0, 8);

async function main(): Promise<void> {
  const kafka = createKafkaClient({
    clientId: `bench-profile-${id}`,
    brokers,
    log: () => undefined,
  });
  const topic = process.env.BENCH_TOPIC ?? `bench.${id}.zoneledger.zones.v1`;
  if (!process.env.BENCH_TOPIC) await produceZoneRegistrations(kafka, topic, id, events);
  const groupId = `bench.${id}.profile.${part}`;
  const schema = `bench_profile_${id}`;
  const dataSource = await migratedSchema(databaseUrl, schema);
  const load = loadAverage();
  try {
    const result =
      part === 'postgres'
        ? await postgresWriteAlone(dataSource, {
            projection: zoneView(topic, true),
            runId: id,
            events,
            partitions: PARTITIONS,
            batchSize,
          })
        : part === 'runner'
          ? await runnerCatchUp(kafka, dataSource, {
              topic,
              groupId,
              events,
              handleBatch: true,
              maxBatchSize: batchSize,
              partitionsConsumedConcurrently: concurrency,
              consumer,
            })
          : await kafkaConsumeAlone(kafka, {
              topic,
              groupId,
              events,
              decode: part === 'kafkajs-decode',
              partitionsConsumedConcurrently: concurrency,
              consumer: consumer ?? {},
            });
    console.log(
      `${part}: ${result.eventsPerSecond} events/s (${result.ms} ms, load ${load.join(' ')})`,
    );
  } finally {
    await dataSource.query(`drop schema if exists "${schema}" cascade`);
    await dataSource.destroy();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    const drop = [`${groupId}.dlq`];
    if (!process.env.BENCH_TOPIC && process.env.BENCH_KEEP_TOPIC !== '1') drop.push(topic);
    else console.log(`kept topic ${topic}`);
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({ topics: drop.filter((t) => existing.has(t)) });
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
