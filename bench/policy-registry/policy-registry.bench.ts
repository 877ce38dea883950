/**
 * Policy registry at scale (issue 9): zones published to its zones topic as the zone registry's
 * relay would, policies imported through its HTTP API, then the latency of "the policies in force
 * for zone Z on D (as of T)", "the zones of a policy", the list, its filters and text search.
 *
 *   npm run bench:policies
 *   (DATABASE_URL; KAFKA_BROKERS, default 127.0.0.1:9092; BENCH_ZONES, default 100000;
 *    BENCH_POLICIES, default 10000; BENCH_ZONE_BATCH, zone events per Kafka send, default 2000;
 *    BENCH_POLICY_BATCH, rows per import request, default 1000; BENCH_REPEALS, policies repealed
 *    after the import, default 1% of them; BENCH_REQUESTS, timed requests per query, default 200)
 *
 * Boots the service in this process (relay and projections included) on a schema and topic
 * prefix of its own, rate limits raised; publishes ZoneRegistered CloudEvents (binary mode) in
 * batches and waits until zone_directory and zone_timeline hold every zone; POSTs the policies
 * to /v1/policies/imports batch after batch, repeals a few, waits until policy_summary holds
 * them; times each query; explains the in-force query and the list's filters; records which
 * indexes each query's requests scanned; then deletes its topics and drops its schema.
 * Writes bench/results/policy-registry.json.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Pool } from 'pg';
import { loadAverage, machine, timed, until, writeResults } from '../bench-report';
import { startPolicyRegistry, type BenchedPolicyRegistry } from './policy-registry-app';
import { benchQueries, explainQueries, timeQueries } from './query-latency';
import { syntheticPolicy, syntheticZones, zoneRegistered } from './synthetic-data';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const zoneCount = Number(process.env.BENCH_ZONES ?? 100_000);
const policyCount = Number(process.env.BENCH_POLICIES ?? 10_000);
const zoneBatch = Number(process.env.BENCH_ZONE_BATCH ?? 2000);
const policyBatch = Number(process.env.BENCH_POLICY_BATCH ?? 1000);
const repeals = Number(process.env.BENCH_REPEALS ?? Math.floor(policyCount / 100));
const requests = Number(process.env.BENCH_REQUESTS ?? 200);

async function count(pool: Pool, sql: string): Promise<number> {
  return (await pool.query(sql)).rows[0].n as number;
}

async function waitForRelation(pool: Pool, relation: string) {
  await until(
    async () => (await pool.query(`select to_regclass($1) as r`, [relation])).rows[0].r !== null,
    `${relation} to be installed`,
    120_000,
    100,
  );
}

async function loadZones(registry: BenchedPolicyRegistry, pool: Pool) {
  const zones = syntheticZones(zoneCount);
  const s = `"${registry.schema}"`;
  const published = await timed(async () => {
    for (let at = 0; at < zones.length; at += zoneBatch)
      await registry.publishZones(
        zones.slice(at, at + zoneBatch).map((zone, i) => zoneRegistered(zone, at + i)),
      );
  });
  const projected = await timed(() =>
    until(
      async () =>
        (await count(pool, `select count(*)::int as n from ${s}.zone_directory`)) >= zoneCount &&
        (await count(pool, `select count(*)::int as n from ${s}.zone_timeline`)) >= zoneCount,
      'zone_directory and zone_timeline to hold every zone',
      1_800_000,
      250,
    ),
  );
  const seconds = (published.ms + projected.ms) / 1000;
  return {
    zones,
    result: {
      publishSeconds: Math.round(published.ms) / 1000,
      publishedEventsPerSecond: Math.round(zoneCount / (published.ms / 1000)),
      projectedSecondsAfterPublish: Math.round(projected.ms) / 1000,
      eventsPerSecondEndToEnd: Math.round(zoneCount / seconds),
    },
  };
}

interface ImportSummary {
  readonly created: number;
  readonly skipped: number;
  readonly rejected: number;
  readonly firstRejected: readonly unknown[];
}

async function loadPolicies(registry: BenchedPolicyRegistry, pool: Pool) {
  let created = 0;
  let rejected = 0;
  const imported = await timed(async () => {
    for (let at = 0; at < policyCount; at += policyBatch) {
      const policies = [];
      for (let i = at; i < Math.min(policyCount, at + policyBatch); i += 1)
        policies.push(syntheticPolicy(i, zoneCount));
      const response = await registry.call('POST', '/v1/policies/imports', { policies });
      if (response.status !== 201)
        throw new Error(`import at ${at}: ${response.status} ${await response.text()}`);
      const summary = (await response.json()) as ImportSummary;
      created += summary.created;
      rejected += summary.rejected;
      if (summary.rejected > 0)
        console.log(`import at ${at}: first refused row`, JSON.stringify(summary.firstRejected[0]));
    }
  });
  // Repeal a spread of them (policy ids bp-000000, bp-000100, ...) from a day after their issue.
  let repealed = 0;
  const repealedTimed = await timed(async () => {
    for (let r = 0; r < repeals; r += 1) {
      const i = Math.floor((r * policyCount) / Math.max(1, repeals));
      const year = 2000 + (i % 25) + 2;
      const response = await registry.call(
        'POST',
        `/v1/policies/bp-${String(i).padStart(6, '0')}/repeal`,
        { effectiveOn: { year, month: 6, day: 1 }, reason: 'benchmark repeal' },
      );
      if (response.status === 201) repealed += 1;
      else if (r === 0) console.log(`repeal refused: ${response.status} ${await response.text()}`);
    }
  });
  const s = `"${registry.schema}"`;
  const projected = await timed(() =>
    until(
      async () =>
        (await count(pool, `select count(*)::int as n from ${s}.policy_summary`)) >= created &&
        (await count(pool, `select count(*)::int as n from ${s}.policy_ending`)) >= repealed,
      'policy_summary to hold every policy and policy_ending every repeal',
      1_800_000,
      250,
    ),
  );
  return {
    created,
    rejected,
    repealed,
    importSeconds: Math.round(imported.ms) / 1000,
    importPoliciesPerSecond: Math.round(created / (imported.ms / 1000)),
    rowsPerImportRequest: policyBatch,
    repealSeconds: Math.round(repealedTimed.ms) / 1000,
    projectedSecondsAfterWrites: Math.round(projected.ms) / 1000,
    policiesPerSecondEndToEnd: Math.round(
      created / ((imported.ms + repealedTimed.ms + projected.ms) / 1000),
    ),
  };
}

async function main(): Promise<void> {
  const id = randomUUID().slice(0, 8);
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const loadAtStart = loadAverage();
  const registry = await startPolicyRegistry({
    databaseUrl,
    brokers,
    schema: `bench_policies_${id}`,
    topicPrefix: `bench.${id}.`,
  });
  try {
    const s = `"${registry.schema}"`;
    for (const relation of ['zone_directory', 'zone_timeline', 'policy_summary', 'policy_ending'])
      await waitForRelation(pool, `${s}.${relation}`);
    const zones = await loadZones(registry, pool);
    console.log(`zones: ${JSON.stringify(zones.result)}`);
    const policies = await loadPolicies(registry, pool);
    console.log(`policies: ${JSON.stringify(policies)}`);
    if (policies.created < policyCount)
      throw new Error(`created ${policies.created} of ${policyCount} policies`);
    await pool.query(`analyze ${s}.zone_timeline_g1`).catch(() => undefined);
    await delay(5000); // the write side's statistics flushed before the scan counters are read
    const asOf = new Date().toISOString();
    const loadBeforeQueries = loadAverage();
    const latency = await timeQueries(
      registry.call,
      benchQueries(zoneCount, policyCount, asOf),
      requests,
      pool,
      registry.schema,
    );
    const sample = (
      await pool.query(`select * from ${s}.zone_timeline where zone_id = $1`, [
        zones.zones[12345 % zoneCount].zoneId,
      ])
    ).rows[0] as Record<string, string>;
    const plans = await explainQueries(pool, registry.schema, sample);
    for (const [name, plan] of Object.entries(plans))
      console.log(`  explain ${name}: ${plan.reads.join(', ')} (${plan.plan.at(-1)?.trim()})`);
    const file = writeResults('policy-registry', {
      date: new Date().toISOString(),
      command: 'npm run bench:policies',
      machine: machine(),
      loadAverageAtStart: loadAtStart,
      loadAverageBeforeQueries: loadBeforeQueries,
      sizes: { zones: zoneCount, policies: policyCount, repeals },
      settings: {
        zoneEventsPerKafkaSend: zoneBatch,
        rowsPerImportRequest: policyBatch,
        timedRequestsPerQuery: requests,
        warmUpRequestsPerQuery: 10,
        requestsInFlight: 1,
      },
      zoneLoad: zones.result,
      policyLoad: policies,
      latencyMs: latency,
      plans,
    });
    console.log(`wrote ${file}`);
  } finally {
    await registry.stop();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
