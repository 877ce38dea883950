import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Pool } from 'pg';
import { POLICY_THEMES } from '../../services/policy-registry/src/domain/policy-themes';
import { POLICIES_IN_FORCE_FOR_ZONE } from '../../services/policy-registry/src/queries/in-force.sql';
import { percentiles } from '../bench-report';
import { ISSUERS, zoneId } from './synthetic-data';

/** One kind of request; `path(i)` is the i-th request of it. */
export interface TimedQuery {
  readonly name: string;
  readonly path: (request: number) => string;
}

// A deterministic spread (no Math.random: the runs ask the same questions).
const spread = (i: number, n: number, salt: number) => (i * 2654435761 + salt) % n;
const day = (i: number) =>
  `${2000 + spread(i, 26, 3)}-${String(1 + spread(i, 12, 5)).padStart(2, '0')}-${String(1 + spread(i, 28, 7)).padStart(2, '0')}`;

/** The queries the issue names, each cycling over zones, dates and filter values. */
export function benchQueries(zones: number, policies: number, asOf: string): TimedQuery[] {
  const zone = (i: number) => zoneId(spread(i, zones, 11));
  const policy = (i: number) => `bp-${String(spread(i, policies, 13)).padStart(6, '0')}`;
  return [
    {
      name: 'zone policies in force on D (now)',
      path: (i) => `/v1/zones/${zone(i)}/policies?inForceOn=${day(i)}`,
    },
    {
      name: 'zone policies in force on D as of T',
      path: (i) =>
        `/v1/zones/${zone(i)}/policies?inForceOn=${day(i)}&asOf=${encodeURIComponent(asOf)}`,
    },
    {
      name: 'zones of a policy (limit 50)',
      path: (i) => `/v1/policies/${policy(i)}/zones?limit=50`,
    },
    { name: 'list unfiltered (limit 50)', path: () => '/v1/policies?limit=50' },
    {
      name: 'list by issuer',
      path: (i) =>
        `/v1/policies?limit=50&issuer=${encodeURIComponent(ISSUERS[i % ISSUERS.length])}`,
    },
    {
      name: 'list by theme',
      path: (i) =>
        `/v1/policies?limit=50&theme=${encodeURIComponent(POLICY_THEMES[i % POLICY_THEMES.length])}`,
    },
    {
      name: 'q zh (few hits)',
      path: (i) =>
        `/v1/policies?limit=50&q=${encodeURIComponent(`第${spread(i, policies, 17)}号`)}`,
    },
    {
      name: 'q en (few hits)',
      path: (i) =>
        `/v1/policies?limit=50&q=${encodeURIComponent(`no. ${spread(i, policies, 19)}`)}`,
    },
    {
      name: 'q zh (common word)',
      path: () => `/v1/policies?limit=50&q=${encodeURIComponent('开发区')}`,
    },
  ];
}

interface IndexScans {
  readonly indexes: Record<string, number>;
  readonly seqScans: Record<string, number>;
}

/** The schema's index and sequential scan counters (as the statistics collector has them). */
async function scans(pool: Pool, schema: string): Promise<IndexScans> {
  const indexes: { name: string; scans: string }[] = (
    await pool.query(
      `select indexrelname as name, idx_scan as scans from pg_stat_user_indexes where schemaname = $1`,
      [schema],
    )
  ).rows;
  const tables: { name: string; scans: string }[] = (
    await pool.query(
      `select relname as name, seq_scan as scans from pg_stat_user_tables where schemaname = $1`,
      [schema],
    )
  ).rows;
  return {
    indexes: Object.fromEntries(indexes.map((row) => [row.name, Number(row.scans)])),
    seqScans: Object.fromEntries(tables.map((row) => [row.name, Number(row.scans)])),
  };
}

function grown(before: Record<string, number>, after: Record<string, number>) {
  return Object.fromEntries(
    Object.entries(after)
      .map(([name, count]) => [name, count - (before[name] ?? 0)] as const)
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1]),
  );
}

/**
 * Times `requests` sequential calls of each query (after `warmUp` untimed ones); every answer
 * must be 200. Records the index scans and sequential scans each query's requests caused in the
 * service's schema (pg_stat_user_indexes / pg_stat_user_tables deltas).
 */
export async function timeQueries(
  call: (method: string, path: string) => Promise<Response>,
  queries: readonly TimedQuery[],
  requests: number,
  pool: Pool,
  schema: string,
  warmUp = 10,
) {
  const results = [];
  for (const query of queries) {
    const ms: number[] = [];
    let items = 0;
    await delay(1500); // let the backends flush their statistics
    const before = await scans(pool, schema);
    for (let request = -warmUp; request < requests; request += 1) {
      const started = performance.now();
      const response = await call('GET', query.path(request + warmUp));
      const body = (await response.json()) as { items?: unknown[] };
      const took = performance.now() - started;
      if (response.status !== 200)
        throw new Error(`${query.name}: ${response.status} ${JSON.stringify(body)}`);
      if (request >= 0) ms.push(took);
      items += body.items?.length ?? 0;
    }
    await delay(1500);
    const after = await scans(pool, schema);
    const result = {
      query: query.name,
      example: query.path(0),
      requests,
      meanItems: Math.round((items / (requests + warmUp)) * 10) / 10,
      ...percentiles(ms),
      indexScans: grown(before.indexes, after.indexes),
      seqScans: grown(before.seqScans, after.seqScans),
    };
    console.log(
      `  ${query.name}: p50 ${result.p50} p95 ${result.p95} p99 ${result.p99} ms (${result.meanItems} items); ` +
        `indexes ${JSON.stringify(result.indexScans)} seq ${JSON.stringify(result.seqScans)}`,
    );
    results.push(result);
  }
  return results;
}

/** The relations and indexes a plan reads, from its text. */
function planReads(plan: string[]): string[] {
  const reads = new Set<string>();
  for (const line of plan) {
    const index =
      /(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)/.exec(line);
    if (index) reads.add(`${index[1]} ${index[2]}`);
    const seq = /Seq Scan on (\S+)/.exec(line);
    if (seq) reads.add(`Seq Scan ${seq[1]}`);
  }
  return [...reads];
}

/** `explain analyze` of the service's SQL (in-force, as the query sends it) and of the list's filters. */
export async function explainQueries(pool: Pool, schema: string, zone: Record<string, string>) {
  const client = await pool.connect();
  try {
    await client.query(`set search_path to "${schema}", public`);
    const now = new Date().toISOString();
    const statements: Record<string, { sql: string; params: unknown[] }> = {
      'zone policies in force on 2015-06-01': {
        sql: POLICIES_IN_FORCE_FOR_ZONE,
        params: [
          '2015-06-01',
          now,
          zone.zone_id,
          zone.kind,
          zone.level,
          zone.province,
          zone.region,
        ],
      },
      'zone state on day': {
        sql: `select * from zone_timeline where zone_id = $1 and valid_from <= $2 and recorded_at <= $3
          order by zone_id, valid_from desc, stream_version desc limit 1`,
        params: [zone.zone_id, '2015-06-01', now],
      },
      'list page': {
        sql: `select * from policy_summary order by issued_from desc, policy_id collate "C" limit 50`,
        params: [],
      },
      'list by issuer (count)': {
        sql: `select count(*) from policy_summary where issuer = $1`,
        params: [ISSUERS[1]],
      },
      'list by theme (count)': {
        sql: `select count(*) from policy_summary where themes @> array[$1]::text[]`,
        params: [POLICY_THEMES[2]],
      },
      'q zh few hits (count)': {
        sql: `select count(*) from policy_summary where search_text like $1`,
        params: ['%第4242号%'],
      },
      'q en few hits (count)': {
        sql: `select count(*) from policy_summary where search_text like $1`,
        params: ['%no. 4242%'],
      },
    };
    const plans: Record<string, { reads: string[]; plan: string[] }> = {};
    for (const [name, { sql, params }] of Object.entries(statements)) {
      try {
        const rows: { 'QUERY PLAN': string }[] = (
          await client.query(`explain analyze ${sql}`, params)
        ).rows;
        const plan = rows.map((row) => row['QUERY PLAN']);
        plans[name] = { reads: planReads(plan), plan };
      } catch (error) {
        plans[name] = { reads: [], plan: [`explain failed: ${String(error)}`] };
      }
    }
    return plans;
  } finally {
    client.release();
  }
}
