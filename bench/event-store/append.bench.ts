/**
 * Event store append throughput against the Postgres ceiling on the same machine.
 *
 *   npm run bench:event-store
 *   (DATABASE_URL; BENCH_SECONDS per workload and round, default 3; BENCH_ROUNDS, default 3)
 *
 * Every round runs every workload once, so a machine busy with other work slows all of them
 * alike; each workload reports its median round. Creates its own schema, drops it at the end,
 * writes bench/results/event-store.json and prints a markdown table for docs/performance.md.
 */
import { ANY, eventStoreDdl, PostgresEventStore } from '@zoneledger/event-store';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { Pool } from 'pg';
import { writeResults } from '../bench-report';
import { copyRows, insertRows, plainTableDdl, type PlainRow } from './postgres-ceiling';
import { measure, type Measurement, type Workload } from './throughput';
import { zoneMetadata, zoneProfile } from './zone-events';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const durationMs = Number(process.env.BENCH_SECONDS ?? 3) * 1000;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

/** A workload's median round, with every round's rate to show the spread. */
interface WorkloadResult extends Measurement {
  readonly roundsEventsPerSecond: number[];
}
const schema = `bench_event_store_${randomUUID().slice(0, 8)}`;

const metadata = zoneMetadata;

function plainRows(count: number, streamId: string, sequence: number): PlainRow[] {
  return Array.from({ length: count }, (_, i) => ({
    streamId,
    streamVersion: sequence + i,
    eventId: randomUUID(),
    type: 'ZoneProfileUpdated',
    data: JSON.stringify(zoneProfile(sequence + i)),
    metadata: JSON.stringify(metadata()),
  }));
}

function appendWorkload(
  store: PostgresEventStore,
  writers: number,
  batch: number,
  keyed = false,
): Workload {
  const run = randomUUID().slice(0, 8);
  const next = Array.from({ length: writers }, () => 0);
  return {
    name: `append${keyed ? ' (idempotency key)' : ''}`,
    writers,
    eventsPerCall: batch,
    async call(writer) {
      const events = Array.from({ length: batch }, (_, i) => ({
        type: 'ZoneProfileUpdated',
        data: zoneProfile(next[writer] + i),
      }));
      // Each writer owns a stream and appends at the version it last saw, as a handler does.
      const streamId = `zone-${run}-${writer}`;
      const expected = next[writer] === 0 ? ANY : next[writer];
      const options = { metadata: metadata(), ...(keyed ? { idempotencyKey: randomUUID() } : {}) };
      const result = await store.append(streamId, expected, events, options);
      next[writer] = result.nextExpectedVersion;
    },
  };
}

function ceilingWorkload(
  pool: Pool,
  method: 'insert' | 'copy',
  writers: number,
  batch: number,
): Workload {
  const sequence = Array.from({ length: writers }, () => 1);
  return {
    name: method === 'insert' ? (batch === 1 ? 'INSERT (one row)' : 'INSERT (multi-row)') : 'COPY',
    writers,
    eventsPerCall: batch,
    async call(writer) {
      const rows = plainRows(batch, `zone-${writer}`, sequence[writer]);
      sequence[writer] += batch;
      await (method === 'insert' ? insertRows(pool, schema, rows) : copyRows(pool, schema, rows));
    },
  };
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 8 });
  const results: WorkloadResult[] = [];
  try {
    await pool.query(`create schema "${schema}"`);
    for (const statement of [...eventStoreDdl(schema), plainTableDdl(schema)])
      await pool.query(statement);
    const store = new PostgresEventStore(pool, { schema });
    const workloads: Workload[] = [
      appendWorkload(store, 1, 1),
      appendWorkload(store, 8, 1),
      appendWorkload(store, 8, 1, true),
      appendWorkload(store, 1, 100),
      appendWorkload(store, 8, 100),
      ceilingWorkload(pool, 'insert', 1, 1),
      ceilingWorkload(pool, 'insert', 8, 1),
      ceilingWorkload(pool, 'insert', 1, 100),
      ceilingWorkload(pool, 'insert', 8, 100),
      ceilingWorkload(pool, 'copy', 1, 1000),
      ceilingWorkload(pool, 'copy', 8, 1000),
    ];
    const rates: number[][] = workloads.map(() => []);
    const measured: Measurement[][] = workloads.map(() => []);
    for (let round = 1; round <= rounds; round += 1) {
      for (const [index, workload] of workloads.entries()) {
        const measurement = await measure(workload, durationMs);
        measured[index].push(measurement);
        rates[index].push(measurement.eventsPerSecond);
        console.log(
          `round ${round}: ${measurement.name} writers=${measurement.writers} batch=${measurement.eventsPerCall}`.padEnd(
            64,
          ),
          `${measurement.eventsPerSecond} events/s`,
        );
      }
    }
    for (const [index, runs] of measured.entries()) {
      const median = [...runs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[
        Math.floor(runs.length / 2)
      ];
      results.push({ ...median, roundsEventsPerSecond: rates[index] });
    }
    await report(pool, results);
  } finally {
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  }
}

async function report(pool: Pool, results: WorkloadResult[]): Promise<void> {
  const rate = (name: string, writers: number, batch: number) =>
    results.find((m) => m.name === name && m.writers === writers && m.eventsPerCall === batch)
      ?.eventsPerSecond ?? NaN;
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const ratios = {
    batchedAppendToMultiRowInsert: {
      writers1: ratio(rate('append', 1, 100), rate('INSERT (multi-row)', 1, 100)),
      writers8: ratio(rate('append', 8, 100), rate('INSERT (multi-row)', 8, 100)),
    },
    singleAppendToSingleRowInsert: {
      writers1: ratio(rate('append', 1, 1), rate('INSERT (one row)', 1, 1)),
      writers8: ratio(rate('append', 8, 1), rate('INSERT (one row)', 8, 1)),
    },
  };
  const settings = await pool.query<{ name: string; setting: string }>(
    `select name, setting from pg_settings where name in ('server_version', 'synchronous_commit', 'fsync', 'shared_buffers', 'wal_level')`,
  );
  const output = {
    date: new Date().toISOString(),
    command: 'npm run bench:event-store',
    secondsPerWorkloadAndRound: durationMs / 1000,
    rounds,
    payloadBytes: Buffer.byteLength(JSON.stringify(zoneProfile(1_000_000))),
    metadataBytes: Buffer.byteLength(JSON.stringify(metadata())),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
    postgres: Object.fromEntries(settings.rows.map((row) => [row.name, row.setting])),
    results,
    ratios,
  };
  writeResults('event-store', output);

  console.log(
    '\n| workload | writers | events per call | events/s (median) | rounds | call p50 ms | call p99 ms |',
  );
  console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: |');
  for (const m of results) {
    console.log(
      `| ${m.name} | ${m.writers} | ${m.eventsPerCall} | ${m.eventsPerSecond} | ${m.roundsEventsPerSecond.join(' / ')} | ${m.callLatencyMs.p50} | ${m.callLatencyMs.p99} |`,
    );
  }
  console.log('\nratios', JSON.stringify(ratios));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
