import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { PROVINCES } from '@zoneledger/shared-kernel';
import { INDUSTRIES } from './synthetic-zones';
import { percentiles } from '../bench-report';

/** One kind of GET /v1/zones request; `path(i)` is the i-th request of it. */
interface ListQuery {
  readonly name: string;
  readonly path: (request: number) => string;
}

const REGIONS = ['REGION_EAST', 'REGION_CENTRAL', 'REGION_WEST'];
const KINDS = ['ZONE_KIND_ETDZ', 'ZONE_KIND_HIGH_TECH_ZONE', 'ZONE_KIND_FREE_TRADE_ZONE'];

// The first four of a zone's five digits, after the name's last word: `开发区 0420` matches the
// ten zones 04200-04209 (at 100,000 zones), a search for a few zones among many.
const digits = (request: number) => String((request * 37) % 10_000).padStart(4, '0');

/** The list requests timed, each cycling over its filter values so no two in a row are alike. */
export function listQueries(zones: number): ListQuery[] {
  const deepOffset = Math.max(0, Math.floor(zones * 0.9));
  return [
    { name: 'unfiltered, limit 50', path: () => '/v1/zones?limit=50' },
    {
      name: 'province',
      path: (i) =>
        `/v1/zones?limit=50&province=${encodeURIComponent(PROVINCES[i % PROVINCES.length].shortName)}`,
    },
    {
      name: 'region + kind',
      path: (i) =>
        `/v1/zones?limit=50&region=${REGIONS[i % REGIONS.length]}&kind=${KINDS[i % KINDS.length]}`,
    },
    {
      name: 'industry',
      path: (i) =>
        `/v1/zones?limit=50&industry=${encodeURIComponent(INDUSTRIES[i % INDUSTRIES.length])}`,
    },
    {
      name: 'q (zh, few hits)',
      path: (i) => `/v1/zones?limit=50&q=${encodeURIComponent(`开发区 ${digits(i)}`)}`,
    },
    {
      name: 'q (en, few hits)',
      path: (i) => `/v1/zones?limit=50&q=${encodeURIComponent(`synthetic zone ${digits(i)}`)}`,
    },
    {
      name: 'q (zh, every zone)',
      path: () => `/v1/zones?limit=50&q=${encodeURIComponent('合成')}`,
    },
    {
      name: `deep page (offset ${deepOffset})`,
      path: () => `/v1/zones?limit=50&offset=${deepOffset}`,
    },
  ];
}

/**
 * Times `requests` sequential calls of each query (after `warmUp` untimed ones); every answer
 * must be 200. Returns the percentiles and the total of the last answer (how many zones matched).
 */
export async function timeListQueries(
  call: (method: string, path: string) => Promise<Response>,
  zones: number,
  requests: number,
  warmUp = 5,
) {
  const results = [];
  for (const query of listQueries(zones)) {
    const ms: number[] = [];
    let total = 0;
    for (let request = -warmUp; request < requests; request += 1) {
      const started = performance.now();
      const response = await call('GET', query.path(Math.abs(request)));
      const page = (await response.json()) as { total: number; items: unknown[] };
      const took = performance.now() - started;
      if (response.status !== 200)
        throw new Error(`${query.name}: ${response.status} ${JSON.stringify(page)}`);
      if (request >= 0) ms.push(took);
      total = page.total;
    }
    results.push({ query: query.name, requests, lastTotal: total, ...percentiles(ms) });
  }
  return results;
}

/**
 * The plans PostgreSQL picks for the text searches of the list (the count of ZoneViewQuery.search
 * with a `q`), run on the view at its full size: a few hits in either name, and every zone.
 */
export async function explainTextSearches(pool: Pool, schema: string) {
  const client = await pool.connect();
  try {
    await client.query(`set search_path to "${schema}"`);
    const statement = `explain analyze select count(*)::int as total from zone_view
       where (name_zh ilike $1 or lower(name_en) like lower($1))`;
    const plans: Record<string, string[]> = {};
    for (const text of ['开发区 0420', 'synthetic zone 0420', '合成']) {
      const rows: { 'QUERY PLAN': string }[] = (await client.query(statement, [`%${text}%`])).rows;
      plans[text] = rows.map((row) => row['QUERY PLAN'].trim());
    }
    return plans;
  } finally {
    client.release();
  }
}
