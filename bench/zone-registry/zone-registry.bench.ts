/**
 * Zone registry at scale: a bulk import of synthetic zones through the HTTP API, then the
 * latency of GET /v1/zones lists and searches over that many zones.
 *
 *   npm run bench:zones
 *   (DATABASE_URL; KAFKA_BROKERS, default 127.0.0.1:9092; BENCH_ZONES, default 100000;
 *    BENCH_BATCH_ROWS, rows per import request, default 5000; BENCH_REQUESTS, timed requests per
 *    list query, default 200; BENCH_RUNS, default 2)
 *
 * Each run boots the service in this process (its relay and zone_view projection included) on a
 * schema and topic prefix of its own, POSTs the zones to /v1/zones/imports as JSON one batch after
 * another, waits until the list's total shows every zone (the read model caught up), times the
 * list queries, explains the text searches, then deletes its topics and
 * drops its schema.
 * Writes bench/results/zone-registry.json.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { loadAverage, machine, median, timed, until, writeResults } from '../bench-report';
import { explainTextSearches, timeListQueries } from './list-latency';
import { importBatches, syntheticZones, type SyntheticZone } from './synthetic-zones';
import { startZoneRegistry, type BenchedZoneRegistry } from './zone-registry-app';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const zoneCount = Number(process.env.BENCH_ZONES ?? 100_000);
const batchRows = Number(process.env.BENCH_BATCH_ROWS ?? 5000);
const requests = Number(process.env.BENCH_REQUESTS ?? 200);
const runs = Number(process.env.BENCH_RUNS ?? 2);

/** The summary POST /v1/zones/imports answers (its rows are paged at links.rows). */
interface ImportSummary {
  readonly created: number;
  readonly skipped: number;
  readonly rejected: number;
  readonly firstRejected: readonly unknown[];
}

/** The list's total as the read model has it now. */
async function listedZones(registry: BenchedZoneRegistry): Promise<number> {
  const response = await registry.call('GET', '/v1/zones?limit=1');
  if (response.status !== 200) throw new Error(`GET /v1/zones: ${response.status}`);
  return ((await response.json()) as { total: number }).total;
}

/** POSTs every batch in turn; the import's counts and each request's rate. */
async function importZones(registry: BenchedZoneRegistry, batches: SyntheticZone[][]) {
  let created = 0;
  let skipped = 0;
  let rejected = 0;
  const batchZonesPerSecond: number[] = [];
  for (const [at, zones] of batches.entries()) {
    const { ms, result } = await timed(async () => {
      const response = await registry.call('POST', '/v1/zones/imports', { zones });
      if (response.status !== 201)
        throw new Error(`import batch ${at + 1}: ${response.status} ${await response.text()}`);
      return (await response.json()) as ImportSummary;
    });
    created += result.created;
    skipped += result.skipped;
    rejected += result.rejected;
    if (result.rejected > 0)
      console.log(`batch ${at + 1}: first refused row`, JSON.stringify(result.firstRejected[0]));
    batchZonesPerSecond.push(Math.round(zones.length / (ms / 1000)));
  }
  return { created, skipped, rejected, batchZonesPerSecond };
}

async function benchRun(run: number, zones: SyntheticZone[], pool: Pool) {
  const id = randomUUID().slice(0, 8);
  const registry = await startZoneRegistry({
    databaseUrl,
    brokers,
    schema: `bench_zones_${id}`,
    topicPrefix: `bench.${id}.`,
  });
  try {
    // The projection installs its view in the background after boot; registrations read it.
    const view = `"${registry.schema}".zone_view`;
    await until(
      async () =>
        (await pool.query(`select to_regclass($1) as view`, [view])).rows[0].view !== null,
      'the zone_view read model to be installed',
      60_000,
      100,
    );
    const load = loadAverage();
    const batches = importBatches(zones, batchRows);
    const imported = await timed(() => importZones(registry, batches));
    const { created, skipped, rejected, batchZonesPerSecond } = imported.result;
    if (created !== zones.length)
      throw new Error(
        `created ${created} of ${zones.length} (skipped ${skipped}, refused ${rejected})`,
      );
    const listedAtImportEnd = await listedZones(registry);
    const caughtUp = await timed(() =>
      until(
        async () => (await listedZones(registry)) >= zones.length,
        'the list to show every zone',
        600_000,
        250,
      ),
    );
    const importLoad = loadAverage();
    const lists = await timeListQueries(registry.call, zones.length, requests);
    const textSearchPlans = await explainTextSearches(pool, registry.schema);
    const result = {
      run,
      loadAverageAtStart: load,
      loadAverageAfterImport: importLoad,
      import: {
        seconds: Math.round(imported.ms) / 1000,
        zonesPerSecond: Math.round(zones.length / (imported.ms / 1000)),
        created,
        skipped,
        rejected,
        requests: batches.length,
        firstBatchZonesPerSecond: batchZonesPerSecond[0],
        lastBatchZonesPerSecond: batchZonesPerSecond.at(-1),
        batchZonesPerSecond,
      },
      readModel: {
        listedAtImportEnd,
        caughtUpSecondsAfterImport: Math.round(caughtUp.ms) / 1000,
        secondsFromImportStart: Math.round(imported.ms + caughtUp.ms) / 1000,
      },
      listLatencyMs: lists,
      textSearchPlans,
    };
    console.log(
      `run ${run}: imported ${created} in ${result.import.seconds} s (${result.import.zonesPerSecond} zones/s, ` +
        `first batch ${batchZonesPerSecond[0]}, last ${batchZonesPerSecond.at(-1)}); ` +
        `listed ${listedAtImportEnd} at the end, all ${result.readModel.caughtUpSecondsAfterImport} s later`,
    );
    for (const list of lists)
      console.log(
        `  ${list.query}: p50 ${list.p50} p95 ${list.p95} p99 ${list.p99} ms (total ${list.lastTotal})`,
      );
    return result;
  } finally {
    await registry.stop();
  }
}

async function main(): Promise<void> {
  const zones = syntheticZones(zoneCount);
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const results = [];
    for (let run = 1; run <= runs; run += 1) results.push(await benchRun(run, zones, pool));
    const file = writeResults('zone-registry', {
      date: new Date().toISOString(),
      command: 'npm run bench:zones',
      machine: machine(),
      zones: zoneCount,
      settings: {
        rowsPerImportRequest: batchRows,
        importRequestsInFlight: 1,
        bodyLimits: 'the service defaults: HTTP_BODY_LIMIT 1 MiB, ZONE_IMPORT_BODY_LIMIT 32 MiB',
        bytesPerImportRequest: Buffer.byteLength(
          JSON.stringify({ zones: zones.slice(0, batchRows) }),
        ),
        timedRequestsPerListQuery: requests,
        pageSize: 50,
        topicPartitions: 3,
      },
      runs: results,
      importZonesPerSecond: median(results.map((r) => r.import.zonesPerSecond)),
    });
    console.log(`wrote ${file}`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
