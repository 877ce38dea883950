/**
 * The relay alone over a filled store, for a CPU profile of its loop:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/relay-profile -r ts-node/register/transpile-only \
 *     -r tsconfig-paths/register bench/messaging/relay-profile.ts
 *   (DATABASE_URL; KAFKA_BROKERS; BENCH_EVENTS, default 100000; BENCH_RUNS, default 1;
 *    BENCH_SCHEMA: a schema to fill once and keep, so that runs of two versions of the relay
 *    can alternate on the same events)
 *
 * Prints each run's events/s; drops its topics, and its schema unless BENCH_SCHEMA names it.
 */
import { eventStoreDdl, PostgresEventStore } from '@zoneledger/event-store';
import { createKafkaClient, OutboxRelay } from '@zoneledger/messaging';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { loadAverage, timed, until } from '../bench-report';
import { SOURCE } from './relay-stages';
import { createZonesTopic, fillZoneHistories } from './zone-histories';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const events = Number(process.env.BENCH_EVENTS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 1);

async function main(): Promise<void> {
  const id = randomUUID().slice(0, 8);
  const kept = process.env.BENCH_SCHEMA;
  const schema = kept ?? `bench_relay_profile_${id}`;
  const pool = new Pool({ connectionString: databaseUrl, max: 6 });
  const kafka = createKafkaClient({ clientId: `bench-relay-profile-${id}`, brokers });
  const admin = kafka.admin();
  await admin.connect();
  const topics: string[] = [];
  try {
    const store = new PostgresEventStore(pool, { schema });
    const { rows } = await pool.query('select 1 from pg_namespace where nspname = $1', [schema]);
    if (rows.length === 0) {
      await pool.query(`create schema "${schema}"`);
      for (const statement of eventStoreDdl(schema)) await pool.query(statement);
      await fillZoneHistories(store, events, id);
      await pool.query(`vacuum analyze "${schema}".events`);
    }
    for (let run = 1; run <= runs; run += 1) {
      const topicPrefix = `bench.${id}.profile${run}.`;
      topics.push(await createZonesTopic(kafka, topicPrefix));
      const relay = new OutboxRelay({
        store,
        pool,
        kafka,
        source: SOURCE,
        topicPrefix,
        name: `profile-${id}-${run}`,
        pollIntervalMs: 20,
      });
      const load = loadAverage();
      const cpu = process.cpuUsage();
      const { ms } = await timed(async () => {
        relay.start();
        await until(() => relay.status().published >= events, 'the relay to publish every event');
      });
      const { user, system } = process.cpuUsage(cpu);
      await relay.stop();
      // Near 100%: the relay's thread is busy all along, and only less work on it goes faster.
      const busy = Math.round((user + system) / 10 / ms);
      console.log(
        `run ${run}: ${Math.round(events / (ms / 1000))} events/s, process CPU ${busy}% of the time (load ${load.join(' ')})`,
      );
    }
  } finally {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    if (!kept) await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
