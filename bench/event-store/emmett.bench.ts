/**
 * ZoneLedger's event store side by side with Emmett's PostgreSQL event store
 * (@event-driven-io/emmett-postgresql), the same work on the same server in one run.
 *
 *   npm run bench:event-store:emmett                   (quick profile, the default)
 *   BENCH_PROFILE=full npm run bench:event-store:emmett
 *   (DATABASE_URL; BENCH_ROUNDS and BENCH_SECONDS override the profile)
 *
 * Each store gets two fresh databases of its own: one filled through its API before the rounds
 * for the reads (one stream of 1,000 events, then streams of 100 up to the read-all total), one
 * for the appends. Workloads, each for BENCH_SECONDS after a warm-up, in every round:
 *   - single-event appends at the expected version, 1 writer and 8 concurrent writers, each
 *     writer on a stream of its own;
 *   - appends of 100 events to one stream at the expected version, 1 writer;
 *   - reading the stream of 1,000 events;
 *   - reading every event from position 0 in pages of 1,000, until none is left.
 * Within a round each workload runs on one store then the other, the order swapping every round
 * (A B, B A, ...), so load from other work falls on both alike. Reports each workload's median
 * round and the ratio ZoneLedger / Emmett of events per second (higher: ZoneLedger faster).
 * Emmett is called through its public API: getPostgreSQLEventStore, appendToStream with
 * expectedStreamVersion, readStream, and readMessagesBatch (the global-order reader its
 * consumers poll with; the consumer itself waits between batches, so it is not timed).
 * Drops its databases; writes bench/results/event-store-vs-emmett.json (quick) or
 * event-store-vs-emmett-full.json (full).
 */
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { dumbo } from '@event-driven-io/dumbo';
import { NO_STREAM, PostgresEventStore, eventStoreDdl } from '@zoneledger/event-store';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { loadAverage, median, selectProfile, timed, writeResults } from '../bench-report';
import { createDatabase, dropDatabase, runHeader } from './bench-database';
import { measure, type Measurement, type Workload } from './throughput';
import { ZONE_EVENT_TYPE, zoneMetadata, zoneProfile } from './zone-events';

const PROFILES = {
  quick: { rounds: 5, seconds: 1.5, readAllEvents: 10_000 },
  full: { rounds: 5, seconds: 4, readAllEvents: 100_000 },
} as const;
const { name: profileName, profile } = selectProfile(PROFILES, 'quick');
const rounds = Number(process.env.BENCH_ROUNDS ?? profile.rounds);
const durationMs = Number(process.env.BENCH_SECONDS ?? profile.seconds) * 1000;
const readAllEvents = profile.readAllEvents;
const STREAM_LENGTH = 1_000;
const PAGE = 1_000;
const WRITERS = 8;

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** What the benchmark asks of a store; both adapters do the same work with the same events. */
interface BenchedStore {
  readonly name: 'zoneledger' | 'emmett';
  /** Appends at the expected version (0: the stream must not exist); the next version. */
  append(streamId: string, expected: number, events: BenchEvent[]): Promise<number>;
  /** Reads a whole stream; how many events it held. */
  readStream(streamId: string): Promise<number>;
  /** Reads every event from position 0 in pages; how many there were. */
  readAll(): Promise<number>;
  close(): Promise<void>;
}

interface BenchEvent {
  readonly type: string;
  readonly data: ReturnType<typeof zoneProfile>;
  readonly metadata: ReturnType<typeof zoneMetadata>;
}

function events(count: number, from: number): BenchEvent[] {
  const metadata = zoneMetadata();
  return Array.from({ length: count }, (_, i) => ({
    type: ZONE_EVENT_TYPE,
    data: zoneProfile(from + i),
    metadata,
  }));
}

async function zoneLedgerStore(url: string, options?: string): Promise<BenchedStore> {
  const pool = new Pool({ connectionString: url, max: WRITERS, options });
  const { rows } = await pool.query("select to_regclass('events') is not null as created");
  if (!rows[0].created) for (const statement of eventStoreDdl()) await pool.query(statement);
  const store = new PostgresEventStore(pool);
  return {
    name: 'zoneledger',
    async append(streamId, expected, batch) {
      // The append's metadata goes on every event, as a command handler passes it.
      const appended = batch.map(({ type, data }) => ({ type, data }));
      const result = await store.append(streamId, expected === 0 ? NO_STREAM : expected, appended, {
        metadata: batch[0].metadata,
      });
      return result.nextExpectedVersion;
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).events.length;
    },
    async readAll() {
      let read = 0;
      let page = await store.readAll(null, PAGE);
      for (;;) {
        read += page.events.length;
        if (page.events.length < PAGE) return read;
        page = await store.readAll(page.checkpoint, PAGE);
      }
    },
    close: () => pool.end(),
  };
}

async function emmettStore(url: string, options?: string): Promise<BenchedStore> {
  // Emmett's own pool over a pg pool of the same size as ZoneLedger's; dumbo leaves a pool it
  // was given open, so closing ends both.
  const pgPool = new Pool({ connectionString: url, max: WRITERS, options });
  const pool = dumbo({ connectionString: url, pool: pgPool });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: pool } });
  await store.schema.migrate();
  return {
    name: 'emmett',
    async append(streamId, expected, batch) {
      const result = await store.appendToStream(streamId, batch, {
        expectedStreamVersion: BigInt(expected),
      });
      return Number(result.nextExpectedStreamVersion);
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).events.length;
    },
    async readAll() {
      let read = 0;
      let after = 0n;
      for (;;) {
        const batch = await readMessagesBatch(pool.execute, { after, batchSize: PAGE });
        read += batch.messages.length;
        if (!batch.areMessagesLeft) return read;
        after = batch.currentGlobalPosition;
      }
    },
    async close() {
      await pool.close();
      await pgPool.end();
    },
  };
}

/** The read databases' contents: one stream of 1,000 events, then streams of 100. */
async function fillForReads(store: BenchedStore): Promise<void> {
  for (let version = 0; version < STREAM_LENGTH; version += 100)
    await store.append('zone-long', version, events(100, version));
  for (let stream = 0; stream < (readAllEvents - STREAM_LENGTH) / 100; stream += 1)
    await store.append(`zone-${stream}`, 0, events(100, 0));
}

function appendWorkload(store: BenchedStore, writers: number, batch: number, note = ''): Workload {
  const run = randomUUID().slice(0, 8);
  const next = Array.from({ length: writers }, () => 0);
  return {
    name: `${batch === 1 ? 'single-event append' : `append of ${batch}`}${note}`,
    writers,
    eventsPerCall: batch,
    async call(writer) {
      next[writer] = await store.append(
        `zone-${run}-${writer}`,
        next[writer],
        events(batch, next[writer]),
      );
    },
  };
}

function readWorkload(store: BenchedStore, what: 'stream' | 'all'): Workload {
  const eventsPerCall = what === 'stream' ? STREAM_LENGTH : readAllEvents;
  return {
    name: what === 'stream' ? `read a stream of ${STREAM_LENGTH}` : 'read all from position 0',
    writers: 1,
    eventsPerCall,
    async call() {
      const read = what === 'stream' ? await store.readStream('zone-long') : await store.readAll();
      if (read !== eventsPerCall)
        throw new Error(`${store.name} read ${read}, not ${eventsPerCall}`);
    },
  };
}

interface Side {
  readonly reads: BenchedStore;
  readonly writes: BenchedStore;
  /** The same writes database on connections with synchronous_commit off (a diagnostic). */
  readonly writesNoSync: BenchedStore;
}

const NO_SYNC = '-c synchronous_commit=off';

const WORKLOADS: { key: string; make: (side: Side) => Workload; warmup: number }[] = [
  { key: 'append1x1', make: (s) => appendWorkload(s.writes, 1, 1), warmup: 20 },
  { key: 'append1x8', make: (s) => appendWorkload(s.writes, WRITERS, 1), warmup: 10 },
  { key: 'append100x1', make: (s) => appendWorkload(s.writes, 1, 100), warmup: 5 },
  // Diagnostic: the single-event append without waiting for the WAL flush at commit, which
  // otherwise takes most of its time on both stores.
  {
    key: 'append1x1NoSyncCommit',
    make: (s) => appendWorkload(s.writesNoSync, 1, 1, ' (synchronous_commit off)'),
    warmup: 20,
  },
  { key: 'readStream1000', make: (s) => readWorkload(s.reads, 'stream'), warmup: 5 },
  { key: 'readAll', make: (s) => readWorkload(s.reads, 'all'), warmup: 1 },
];

async function main(): Promise<void> {
  const id = randomUUID().slice(0, 8);
  const names = ['zl_reads', 'zl_writes', 'emmett_reads', 'emmett_writes'].map(
    (name) => `bench_es_${name}_${id}`,
  );
  const opened: BenchedStore[] = [];
  const loadBefore = loadAverage();
  const started = Date.now();
  try {
    const urls = await Promise.all(names.map((name) => createDatabase(name)));
    const sides: Record<'zoneledger' | 'emmett', Side> = {
      zoneledger: {
        reads: await zoneLedgerStore(urls[0]),
        writes: await zoneLedgerStore(urls[1]),
        writesNoSync: await zoneLedgerStore(urls[1], NO_SYNC),
      },
      emmett: {
        reads: await emmettStore(urls[2]),
        writes: await emmettStore(urls[3]),
        writesNoSync: await emmettStore(urls[3], NO_SYNC),
      },
    };
    opened.push(...Object.values(sides).flatMap((side) => Object.values(side)));
    const fillMs: Record<string, number> = {};
    for (const [name, side] of Object.entries(sides)) {
      fillMs[name] = (await timed(() => fillForReads(side.reads))).ms;
      log(`${name}: ${readAllEvents} events to read, appended in ${fillMs[name]} ms`);
    }
    const measured: Record<string, Record<'zoneledger' | 'emmett', Measurement[]>> = {};
    for (const { key } of WORKLOADS) measured[key] = { zoneledger: [], emmett: [] };
    for (let round = 1; round <= rounds; round += 1) {
      const order =
        round % 2 === 1 ? (['zoneledger', 'emmett'] as const) : (['emmett', 'zoneledger'] as const);
      for (const { key, make, warmup } of WORKLOADS) {
        for (const name of order) {
          const measurement = await measure(make(sides[name]), durationMs, warmup);
          measured[key][name].push(measurement);
          log(
            `round ${round} ${key} ${name}: ${measurement.eventsPerSecond} events/s, call p50 ${measurement.callLatencyMs.p50} ms, p99 ${measurement.callLatencyMs.p99} ms`,
          );
        }
      }
    }
    const results = Object.fromEntries(
      WORKLOADS.map(({ key }) => {
        const zl = summary(measured[key].zoneledger);
        const emmett = summary(measured[key].emmett);
        return [
          key,
          {
            workload: measured[key].zoneledger[0].name,
            writers: measured[key].zoneledger[0].writers,
            eventsPerCall: measured[key].zoneledger[0].eventsPerCall,
            zoneledger: zl,
            emmett,
            ratio: Math.round((zl.eventsPerSecond / emmett.eventsPerSecond) * 100) / 100,
            // Each round's pair ran back to back: their ratios show how far the load moved it.
            roundRatios: zl.rounds.map(
              (rate, round) => Math.round((rate / emmett.rounds[round]) * 100) / 100,
            ),
          },
        ];
      }),
    );
    const targets = {
      append100x1: 2,
      append1x1: 1.5,
      append1x8: 1.5,
    } as Record<string, number>;
    const file = writeResults(
      profileName === 'quick' ? 'event-store-vs-emmett' : `event-store-vs-emmett-${profileName}`,
      {
        ...(await runHeader('bench:event-store:emmett', profileName, {
          at: started,
          loadAverage: loadBefore,
        })),
        emmett: '@event-driven-io/emmett-postgresql 0.42.0',
        settings: {
          rounds,
          secondsPerWorkloadAndRound: durationMs / 1000,
          readAllEvents,
          readAllPage: PAGE,
          poolSize: WRITERS,
          payloadBytes: Buffer.byteLength(JSON.stringify(zoneProfile(1_000_000))),
          metadataBytes: Buffer.byteLength(JSON.stringify(zoneMetadata())),
          fillForReadsMs: fillMs,
        },
        results,
        targets: Object.fromEntries(
          Object.entries(targets).map(([key, floor]) => [
            key,
            { atLeast: floor, ratio: results[key].ratio, met: results[key].ratio >= floor },
          ]),
        ),
      },
    );
    console.log(
      '\n| workload | writers | events per call | ZoneLedger events/s | Emmett events/s | ZoneLedger / Emmett |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of Object.values(results))
      console.log(
        `| ${r.workload} | ${r.writers} | ${r.eventsPerCall} | ${r.zoneledger.eventsPerSecond} | ${r.emmett.eventsPerSecond} | ${r.ratio} |`,
      );
    log(`wrote ${file}`);
  } finally {
    await Promise.allSettled(opened.map((store) => store.close()));
    for (const name of names) await dropDatabase(name);
  }
}

/** The median round's rate, with every round's rate and the median round's call latencies. */
function summary(runs: Measurement[]) {
  const rates = runs.map((run) => run.eventsPerSecond);
  const middle = median(rates);
  const run = runs.find((r) => r.eventsPerSecond === middle) ?? runs[0];
  return { eventsPerSecond: middle, rounds: rates, callLatencyMs: run.callLatencyMs };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
