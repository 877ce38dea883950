// Loads the assessment seed through the assessment-engine's public API, as an assessor would:
// the methodologies (methodologies/*.json), the rounds of rounds.json with MofCOM's published
// ranks (published-rankings.csv), and one computed round scored on generated values, labelled
// synthetic. Idempotent: a second run records nothing new.
//
//   node services/assessment-engine/seed/load-assessments.mjs <engine base URL>
//   (SEED_TOKEN: a token with the assessor and ops roles; SEED_DEADLINE_MS: how long to wait for
//   the engine to know the zones; ZONE_REGISTRY_URL: whose relay must have published them)
import { parse } from 'csv-parse/sync';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import prand from 'pure-rand';

const here = dirname(fileURLToPath(import.meta.url));
const [base] = process.argv.slice(2);
const headers = {
  authorization: `Bearer ${process.env.SEED_TOKEN}`,
  'content-type': 'application/json',
};
const until = Date.now() + Math.max(Number(process.env.SEED_DEADLINE_MS ?? 0), 60000);

function failed(why) {
  console.error(`Assessment seed failed: ${why}`);
  process.exit(1);
}

async function call(method, path, body, key) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = await response.json().catch(() => ({}));
  return { status: response.status, answer };
}

// A command that may already have been done by an earlier run: these codes mean "it is so".
async function command(what, path, body, alreadyDone = []) {
  const { status, answer } = await call('POST', path, body);
  if (status < 300) return answer.recorded?.length ? 'recorded' : 'unchanged';
  if (alreadyDone.includes(answer.code)) return 'unchanged';
  failed(`${what}: HTTP ${status} ${answer.code ?? ''} ${answer.detail ?? ''}`);
}

async function waitFor(what, test) {
  while (!(await test().catch(() => false))) {
    if (Date.now() > until) failed(`${what} did not happen in time`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// The engine resolves populations and matches names from the zones it knows: wait until the
// zone registry's relay has published every zone and the engine's zone read models have applied
// them all.
async function zonesKnown() {
  const zonesBase = process.env.ZONE_REGISTRY_URL;
  if (zonesBase) {
    await waitFor('the zone registry publishing its zones', async () => {
      const metrics = await (await fetch(`${zonesBase}/metrics`)).text();
      return /^zoneledger_relay_lag_events(?:\{[^}]*\})? 0$/m.test(metrics);
    });
  }
  await waitFor("the engine's zone read models catching up", async () => {
    const { answer } = await call('GET', '/v1/admin/projections');
    const projections = answer.projections ?? {};
    return ['zone-timeline', 'zone-names'].every(
      (name) => projections[name]?.state === 'running' && projections[name].lag === 0,
    );
  });
}

/** The published rows of every round, by round. */
function publishedRankings() {
  const rows = parse(readFileSync(join(here, 'published-rankings.csv')), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
  const byRound = new Map();
  for (const row of rows) {
    const [year, month, day] = row.published.split('-').map(Number);
    const round = byRound.get(row.round) ?? {
      publishedOn: { year, month, day },
      zonesAssessed: Number(row.zones_assessed),
      source:
        'MofCOM results as reported in the press (services/assessment-engine/seed/published-rankings.csv)',
      rows: [],
    };
    round.rows.push({ rank: Number(row.rank), nameZh: row.zone_name_zh, nameEn: row.zone_name_en });
    byRound.set(row.round, round);
  }
  return byRound;
}

/**
 * Generated values for every zone of the round and every indicator of its methodology, from a
 * seeded generator: a zone's strength (better for zones MofCOM ranked higher in the 2023 round,
 * random for the others) and noise per indicator, in the indicator's direction.
 */
function syntheticValues(methodology, population, strengthOf, seed) {
  let rng = prand.xoroshiro128plus(seed);
  const uniform = () => {
    const [value, next] = prand.uniformIntDistribution(0, 1_000_000, rng);
    rng = next;
    return value / 1_000_000;
  };
  const indicators = methodology.dimensions.flatMap((dimension) => dimension.indicators);
  return population.map(({ zoneId }) => {
    const strength = strengthOf(zoneId) ?? uniform() * 0.7;
    return {
      zoneId,
      values: indicators.map((indicator) => {
        const score = Math.min(1, Math.max(0, strength + (uniform() - 0.5) * 0.4));
        const good = indicator.direction === 'DIRECTION_LOWER_IS_BETTER' ? 1 - score : score;
        const value = indicator.allowsNegative ? (good - 0.3) * 20 : 1 + good * 99;
        return {
          indicatorKey: indicator.key,
          value: Math.round(value * 100) / 100,
          unit: indicator.unit,
          source: 'synthetic (generated for the demo; MofCOM publishes no indicator values)',
        };
      }),
    };
  });
}

async function main() {
  if (!base) failed('usage: load-assessments.mjs <engine base URL>');
  await zonesKnown();

  const methodologies = readdirSync(join(here, 'methodologies'))
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(here, 'methodologies', file), 'utf8')));
  for (const methodology of methodologies) {
    const outcome = await command(
      `methodology ${methodology.methodologyId}`,
      '/v1/methodologies',
      methodology,
    );
    console.log(
      `Seed: methodology ${methodology.methodologyId} v${methodology.version} ${outcome}`,
    );
  }

  const { published, computed } = JSON.parse(readFileSync(join(here, 'rounds.json'), 'utf8'));
  const rankings = publishedRankings();
  for (const round of published) {
    await command(`round ${round.roundId}`, '/v1/rounds', round, [
      'ASSESSMENT.ROUND_ALREADY_OPENED',
    ]);
    const ranking = rankings.get(round.roundId);
    if (!ranking) continue;
    const outcome = await command(
      `published ranking of ${round.roundId}`,
      `/v1/rounds/${round.roundId}/published-ranking`,
      ranking,
    );
    console.log(`Seed: round ${round.roundId}, ${ranking.rows.length} published ranks ${outcome}`);
  }

  // The computed round: its population is the engine's to resolve; read it back to generate values.
  const { seed, ...opening } = computed;
  await command(`round ${computed.roundId}`, '/v1/rounds', opening, [
    'ASSESSMENT.ROUND_ALREADY_OPENED',
  ]);
  const methodology = methodologies.find(
    (candidate) =>
      candidate.methodologyId === computed.methodologyId &&
      candidate.version === computed.methodologyVersion,
  );
  const population = await populationOf(computed.roundId);
  const published2023 = rankings.get('2023');
  const directory = await publishedZones('2023', published2023?.rows.length ?? 0);
  const strengthOf = (zoneId) => {
    const rank = directory.get(zoneId);
    return rank === undefined ? undefined : 1 - rank / (published2023?.zonesAssessed ?? 230);
  };
  const submissions = syntheticValues(methodology, population, strengthOf, seed);
  const submitted = await command(
    `values of ${computed.roundId}`,
    `/v1/rounds/${computed.roundId}/indicators`,
    { submissions },
    ['ASSESSMENT.ROUND_PUBLISHED'],
  );
  const scored = await command(
    `scoring of ${computed.roundId}`,
    `/v1/rounds/${computed.roundId}/scorings`,
    undefined,
    ['ASSESSMENT.ROUND_PUBLISHED'],
  );
  const publishedOutcome = await command(
    `publication of ${computed.roundId}`,
    `/v1/rounds/${computed.roundId}/publication`,
  );
  console.log(
    `Seed: round ${computed.roundId} (synthetic), ${submissions.length} zones: values ${submitted}, scoring ${scored}, publication ${publishedOutcome}`,
  );
}

/** The zones of a round's population (read from the round's own stream). */
async function populationOf(roundId) {
  const { status, answer } = await call('GET', `/v1/rounds/${roundId}/population`);
  if (status !== 200) failed(`population of ${roundId}: HTTP ${status} ${answer.code ?? ''}`);
  return answer.items;
}

/** The zones MofCOM's published ranking of a round matched, with their published rank. */
async function publishedZones(roundId, rows) {
  let items = [];
  await waitFor(`the published ranking of ${roundId} in the read model`, async () => {
    const { status, answer } = await call('GET', `/v1/rounds/${roundId}/published-ranking`);
    items = status === 200 ? answer.items : [];
    return items.length === rows;
  });
  return new Map(items.filter((row) => row.zoneId).map((row) => [row.zoneId, row.rank]));
}

main().catch((error) => failed(error.message));
