/**
 * How the event store's costs grow with the number of events in the store and with a stream's
 * length.
 *
 *   npm run bench:event-store:growth                   (quick: 10^4 and 10^5 events)
 *   BENCH_PROFILE=full npm run bench:event-store:growth (10^4, 10^5, 10^6 and 10^7 events)
 *   (DATABASE_URL; BENCH_LEVELS, comma-separated event counts, and BENCH_SECONDS override the
 *    profile)
 *
 * One fresh database holds the store. For each level it is filled up to that many events, then:
 *   - single-event appends at the expected version, 1 writer and 8 writers (call p50/p99 and
 *     events/s), each writer on a new stream of its own;
 *   - reading a 10-event stream picked at random among the filled ones;
 *   - one readAll page of 1,000 events from position 0 and one at the end of the global order;
 *   - for each stream length the store holds (10 and 1,000 events from the first level, 100,000
 *     from the first level of at least 10^6): reading such a stream whole (the same stream at
 *     every level), and single-event appends to another stream of that length (made anew for
 *     each level, so the read ones keep their length).
 * The fill does not go through the API: one INSERT … SELECT generate_series per 250,000 events
 * straight into the events and streams tables, in the shape an append writes (streams of 10 zone
 * events, ~300 bytes of data and ~136 of metadata, UUID v7 event ids in insert order, one stream
 * row each). Appending 10^7 events through the API would take hours on a small machine; the
 * tables and indexes an append then works against are the same. VACUUM ANALYZE follows each
 * fill, as autovacuum would in time. Drops its database; writes
 * bench/results/event-store-growth.json (quick) or event-store-growth-full.json (full).
 */
import { NO_STREAM, PostgresEventStore, eventStoreDdl } from '@zoneledger/event-store';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { loadAverage, selectProfile, timed, writeResults } from '../bench-report';
import { createDatabase, databaseBytes, dropDatabase, runHeader } from './bench-database';
import { measure, type Measurement, type Workload } from './throughput';
import { ZONE_EVENT_TYPE, zoneMetadata, zoneProfile } from './zone-events';

const PROFILES = {
  quick: { levels: [10_000, 100_000], seconds: 1 },
  full: { levels: [10_000, 100_000, 1_000_000, 10_000_000], seconds: 3 },
} as const;
const { name: profileName, profile } = selectProfile(PROFILES, 'quick');
const levels = process.env.BENCH_LEVELS
  ? process.env.BENCH_LEVELS.split(',').map(Number)
  : [...profile.levels];
const durationMs = Number(process.env.BENCH_SECONDS ?? profile.seconds) * 1000;
const CHUNK = 250_000;
const FILLED_STREAM_LENGTH = 10;
const PAGE = 1_000;
const WRITERS = 8;
/** Probe streams by length, and the store size from which each is held. */
const PROBES = [
  { length: 10, fromLevel: 0 },
  { length: 1_000, fromLevel: 0 },
  { length: 100_000, fromLevel: 1_000_000 },
];

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/**
 * Events `first`..`last` of a stream (versions), as an append writes them: UUID v7 ids (48 bits
 * of milliseconds, here the fill's own clock so ids rise in insert order, then random bits).
 */
const FILL_EVENTS = `
insert into events
  (event_id, stream_id, stream_type, stream_version, event_type, schema_version, data, metadata, recorded_at)
select
  encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    placing substring(int8send($6::bigint + g) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid,
  $1::text || ((g - 1) / $2::int)::text, 'zone', ((g - 1) % $2::int) + 1, $7::text, 1,
  $5::jsonb || jsonb_build_object('sequence', g),
  jsonb_build_object('correlationId', gen_random_uuid(), 'causationId', gen_random_uuid(),
    'actor', 'bench@zoneledger'),
  now()
from generate_series($3::bigint, $4::bigint) g
order by g`;

const FILL_STREAMS = `
insert into streams (stream_id, stream_type, version, updated_at)
select $1::text || s::text, 'zone', $2::int, now()
from generate_series($3::bigint, $4::bigint) s`;

/** Fills streams `${prefix}${n}` of `length` events, numbered by `first`..`last` event. */
async function fill(
  pool: Pool,
  prefix: string,
  length: number,
  first: number,
  last: number,
  clock: { ms: number },
): Promise<void> {
  const data = JSON.stringify(zoneProfile(0));
  for (let from = first; from <= last; from += CHUNK) {
    const to = Math.min(last, from + CHUNK - 1);
    await pool.query(FILL_EVENTS, [prefix, length, from, to, data, clock.ms, ZONE_EVENT_TYPE]);
    clock.ms += to - from + 1;
  }
  await pool.query(FILL_STREAMS, [
    prefix,
    length,
    Math.floor((first - 1) / length),
    Math.floor((last - 1) / length),
  ]);
}

function appendWorkload(
  store: PostgresEventStore,
  writers: number,
  streamOf: (writer: number) => string,
  startAt: number[],
): Workload {
  const next = [...startAt];
  return {
    name: 'single-event append',
    writers,
    eventsPerCall: 1,
    async call(writer) {
      const expected = next[writer] === 0 ? NO_STREAM : next[writer];
      const result = await store.append(
        streamOf(writer),
        expected,
        [{ type: ZONE_EVENT_TYPE, data: zoneProfile(next[writer]) }],
        { metadata: zoneMetadata() },
      );
      next[writer] = result.nextExpectedVersion;
    },
  };
}

function readWorkload(name: string, eventsPerCall: number, read: () => Promise<number>): Workload {
  return {
    name,
    writers: 1,
    eventsPerCall,
    async call() {
      const count = await read();
      if (count !== eventsPerCall) throw new Error(`${name}: read ${count}, not ${eventsPerCall}`);
    },
  };
}

interface LevelResult {
  readonly events: number;
  readonly fillSeconds: number;
  readonly vacuumSeconds: number;
  readonly databaseBytes: number;
  readonly loadAverage: number[];
  readonly measurements: Record<string, Measurement>;
}

async function main(): Promise<void> {
  const database = `bench_es_growth_${randomUUID().slice(0, 8)}`;
  const started = Date.now();
  const loadBefore = loadAverage();
  const results: LevelResult[] = [];
  const url = await createDatabase(database);
  const pool = new Pool({ connectionString: url, max: WRITERS });
  try {
    for (const statement of eventStoreDdl()) await pool.query(statement);
    const store = new PostgresEventStore(pool);
    const clock = { ms: Date.now() - 24 * 3600 * 1000 };
    let filled = 0;
    let bulk = 0;
    const probes = new Set<number>();
    for (const level of levels) {
      const fillTimed = await timed(async () => {
        for (const probe of PROBES) {
          if (probes.has(probe.length) || level < probe.fromLevel) continue;
          await fill(pool, `zone-probe${probe.length}-`, probe.length, 1, probe.length, clock);
          probes.add(probe.length);
          filled += probe.length;
        }
        const missing = Math.max(0, level - filled);
        const rows = missing - (missing % FILLED_STREAM_LENGTH);
        if (rows > 0)
          await fill(pool, 'zone-fill-', FILLED_STREAM_LENGTH, bulk + 1, bulk + rows, clock);
        bulk += rows;
        filled += rows;
      });
      const vacuum = await timed(() => pool.query('vacuum analyze events, streams'));
      const { rows: counted } = await pool.query<{ count: string }>('select count(*) from events');
      const events = Number(counted[0].count);
      log(`level ${level}: ${events} events, filled in ${fillTimed.ms} ms, vacuum ${vacuum.ms} ms`);

      const run = randomUUID().slice(0, 8);
      const fillStreams = bulk / FILLED_STREAM_LENGTH;
      const { rows: tail } = await pool.query<{ transaction_id: string; position: string }>(
        `select transaction_id, position from events order by transaction_id desc, position desc
         limit 1 offset ${PAGE}`,
      );
      const tailCheckpoint = {
        transactionId: BigInt(tail[0].transaction_id),
        position: BigInt(tail[0].position),
      };
      const workloads: { key: string; workload: Workload; warmup: number }[] = [
        {
          key: 'append1',
          workload: appendWorkload(store, 1, (w) => `zone-${run}-a${w}`, [0]),
          warmup: 20,
        },
        {
          key: 'append8',
          workload: appendWorkload(
            store,
            WRITERS,
            (w) => `zone-${run}-b${w}`,
            Array(WRITERS).fill(0),
          ),
          warmup: 10,
        },
        {
          key: 'readStream10',
          workload: readWorkload('read a filled stream of 10', FILLED_STREAM_LENGTH, async () => {
            const stream = Math.floor(Math.random() * fillStreams);
            return (await store.readStream(`zone-fill-${stream}`)).events.length;
          }),
          warmup: 20,
        },
        {
          key: 'readAllHeadPage',
          workload: readWorkload(
            'readAll page from position 0',
            PAGE,
            async () => (await store.readAll(null, PAGE)).events.length,
          ),
          warmup: 5,
        },
        {
          key: 'readAllTailPage',
          workload: readWorkload(
            'readAll page at the end',
            PAGE,
            async () => (await store.readAll(tailCheckpoint, PAGE)).events.length,
          ),
          warmup: 5,
        },
      ];
      for (const length of probes) {
        const streamId = `zone-probe${length}-0`;
        workloads.push({
          key: `readProbe${length}`,
          workload: readWorkload(
            `read a stream of ${length}`,
            length,
            async () => (await store.readStream(streamId)).events.length,
          ),
          warmup: length >= 100_000 ? 1 : 5,
        });
        // Appends go to a stream of that length made for this level, so the read probes keep
        // their length from level to level.
        const appendTo = `zone-append${length}x${level}-`;
        await fill(pool, appendTo, length, 1, length, clock);
        workloads.push({
          key: `appendProbe${length}`,
          workload: appendWorkload(store, 1, () => `${appendTo}0`, [length]),
          warmup: 5,
        });
      }
      const measurements: Record<string, Measurement> = {};
      for (const { key, workload, warmup } of workloads) {
        const measurement = await measure(workload, durationMs, warmup);
        measurements[key] = measurement;
        log(
          `level ${level} ${key}: ${measurement.eventsPerSecond} events/s, call p50 ${measurement.callLatencyMs.p50} ms, p99 ${measurement.callLatencyMs.p99} ms`,
        );
      }
      const { rows: after } = await pool.query<{ count: string }>('select count(*) from events');
      filled = Number(after[0].count);
      results.push({
        events,
        fillSeconds: Math.round(fillTimed.ms / 100) / 10,
        vacuumSeconds: Math.round(vacuum.ms / 100) / 10,
        databaseBytes: await databaseBytes(database),
        loadAverage: loadAverage(),
        measurements,
      });
    }
    const file = writeResults(
      profileName === 'quick' ? 'event-store-growth' : `event-store-growth-${profileName}`,
      {
        ...(await runHeader('bench:event-store:growth', profileName, {
          at: started,
          loadAverage: loadBefore,
        })),
        settings: {
          levels,
          secondsPerWorkload: durationMs / 1000,
          fillChunk: CHUNK,
          filledStreamLength: FILLED_STREAM_LENGTH,
          readAllPage: PAGE,
          probes: PROBES,
        },
        levels: results,
      },
    );
    printTables(results);
    log(`wrote ${file}`);
  } finally {
    await pool.end();
    await dropDatabase(database);
  }
}

function printTables(results: LevelResult[]): void {
  const cell = (m: Measurement | undefined) =>
    m ? `${m.eventsPerSecond} / ${m.callLatencyMs.p50} / ${m.callLatencyMs.p99}` : '–';
  console.log(
    '\n| events in store | fill s | database MiB | append 1 writer | append 8 writers | read stream of 10 | readAll page from 0 | readAll page at end |',
  );
  console.log('| ---: | ---: | ---: | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const m = r.measurements;
    console.log(
      `| ${r.events} | ${r.fillSeconds} | ${Math.round(r.databaseBytes / 2 ** 20)} | ${cell(m.append1)} | ${cell(m.append8)} | ${cell(m.readStream10)} | ${cell(m.readAllHeadPage)} | ${cell(m.readAllTailPage)} |`,
    );
  }
  console.log(
    '\n| events in store | stream length | read events/s / p50 / p99 | append events/s / p50 / p99 |',
  );
  console.log('| ---: | ---: | --- | --- |');
  for (const r of results)
    for (const probe of PROBES) {
      const read = r.measurements[`readProbe${probe.length}`];
      if (read)
        console.log(
          `| ${r.events} | ${read.eventsPerCall} | ${cell(read)} | ${cell(r.measurements[`appendProbe${probe.length}`])} |`,
        );
    }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
