import { PROVINCES } from '@zoneledger/shared-kernel';
import { zoneRegistered } from '@zoneledger/service-testing';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { loadAverage, percentiles, timed, until } from '../bench-report';
import type { BenchedAssessmentEngine } from './assessment-engine-app';
import {
  benchZoneId,
  syntheticMethodology,
  syntheticMethodologyInput,
  syntheticPopulation,
  syntheticValues,
} from './synthetic-round';

const seconds = (ms: number) => Math.round(ms) / 1000;

/** What the service part is run with. */
export interface PublishSettings {
  readonly zones: number;
  readonly indicators: number;
  readonly zoneBatch: number;
  readonly submitBatch: number;
  readonly requests: number;
  readonly waitMs: number;
}

async function count(pool: Pool, sql: string, values: unknown[] = []): Promise<number> {
  return Number((await pool.query(sql, values)).rows[0].n);
}

async function ok(response: Response, what: string, status = 201): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** The zones' ZoneRegistered: national ETDZs, one province after another (regions follow). */
function zoneMessages(zones: number) {
  return Array.from({ length: zones }, (_, i) => {
    const province = PROVINCES[i % PROVINCES.length];
    return zoneRegistered({
      zoneId: benchZoneId(i),
      nameZh: `合成开发区${i}`,
      nameEn: `Synthetic zone ${i}`,
      province: province.name,
      region: province.region,
    });
  });
}

/** Store, Kafka and read-model counts over time, sampled while the round goes through. */
function sampler(engine: BenchedAssessmentEngine, pool: Pool, s: string, started: number) {
  const samples: {
    atMs: number;
    eventsInStore: number;
    assessmentsInKafka: number;
    relayPublished: number;
    zoneResults: number;
  }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const [eventsInStore, assessmentsInKafka, zoneResults] = await Promise.all([
        count(pool, `select count(*)::int as n from ${s}.events where stream_type <> 'zone'`),
        engine.assessmentsInKafka(),
        count(pool, `select count(*)::int as n from ${s}.zone_result`),
      ]);
      samples.push({
        atMs: Math.round(performance.now() - started),
        eventsInStore,
        assessmentsInKafka,
        relayPublished: engine.relayStatus().published,
        zoneResults,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/**
 * Part 3: zones registered through Kafka, then a round of `zones` zones through the HTTP API
 * (methodology, open, submit, score, publish), each step timed; then how long until the
 * published ranking can be read and Kafka holds every event, and the rankings' latency.
 */
export async function publishRound(
  engine: BenchedAssessmentEngine,
  pool: Pool,
  settings: PublishSettings,
  log: (line: string) => void,
) {
  const { zones, indicators, zoneBatch, submitBatch, requests, waitMs } = settings;
  const s = `"${engine.schema}"`;
  const started = performance.now();
  const sampling = sampler(engine, pool, s, started);
  const at = () => Math.round(performance.now() - started);
  const steps: Record<string, unknown> = {};
  // The service runs in this process: a command that holds the event loop holds up its relay,
  // its projections and every other request, so each step records the longest stall it caused.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const stalled = () => {
    const ms = Math.round(loop.max / 1e6);
    loop.reset();
    return ms;
  };
  try {
    // Zones, as the zone registry's relay publishes them.
    const messages = zoneMessages(zones);
    const zonesPublished = await timed(async () => {
      for (let i = 0; i < messages.length; i += zoneBatch)
        await engine.publishZones(messages.slice(i, i + zoneBatch));
    });
    const zonesProjected = await timed(() =>
      until(
        async () =>
          (await count(pool, `select count(distinct zone_id)::int as n from ${s}.zone_timeline`)) >=
            zones && (await count(pool, `select count(*)::int as n from ${s}.zone_names`)) >= zones,
        'zone_timeline and zone_names to hold every zone',
        waitMs,
        100,
      ),
    );
    steps.zones = {
      publishSeconds: seconds(zonesPublished.ms),
      inTimelineSecondsAfterPublish: seconds(zonesProjected.ms),
      eventsPerSecondEndToEnd: Math.round(zones / ((zonesPublished.ms + zonesProjected.ms) / 1000)),
    };
    log(`zones: ${JSON.stringify(steps.zones)}`);

    const roundId = 'bench-2023';
    const methodologyInput = syntheticMethodologyInput(indicators, {}, 'bench-methodology');
    const created = await timed(async () =>
      ok(await engine.call('POST', '/v1/methodologies', methodologyInput), 'methodology'),
    );
    steps.createMethodologyMs = created.ms;
    stalled();

    const opened = await timed(async () =>
      ok(
        await engine.call('POST', '/v1/rounds', {
          roundId,
          methodologyId: methodologyInput.methodologyId,
          methodologyVersion: 1,
          referenceDate: { year: 2023, month: 12, day: 31 },
          synthetic: true,
        }),
        'open round',
      ),
    );
    const opening = await pool.query(
      `select pg_column_size(data) as bytes, length(data::text) as json_chars,
         jsonb_array_length(data->'population') as population
       from ${s}.events where stream_id = $1 and event_type = 'RoundOpened'`,
      [`round-${roundId}`],
    );
    steps.openRound = {
      ms: opened.ms,
      eventLoopStalledMs: stalled(),
      population: opening.rows[0]?.population,
      roundOpenedJsonChars: opening.rows[0]?.json_chars,
    };
    log(`open: ${JSON.stringify(steps.openRound)}`);

    // Values: the same seeded generator as the in-process scoring.
    const methodology = syntheticMethodology(indicators);
    const population = syntheticPopulation(zones);
    const values = syntheticValues(methodology, population, 20_231_231 + zones + indicators);
    const submitTimes: number[] = [];
    const submitStalls: number[] = [];
    const bodyBytes: number[] = [];
    const submitted = await timed(async () => {
      for (let i = 0; i < zones; i += submitBatch) {
        const submissions = population.slice(i, i + submitBatch).map(({ zoneId }) => ({
          zoneId,
          values: Object.entries(values[zoneId]).map(([indicatorKey, value]) => ({
            indicatorKey,
            value,
            unit: 'unit',
            source: 'benchmark',
          })),
        }));
        const body = { submissions };
        bodyBytes.push(Buffer.byteLength(JSON.stringify(body)));
        const request = await timed(async () =>
          ok(await engine.call('POST', `/v1/rounds/${roundId}/indicators`, body), `submit ${i}`),
        );
        submitTimes.push(request.ms);
        submitStalls.push(stalled());
      }
    });
    steps.submit = {
      seconds: seconds(submitted.ms),
      requests: submitTimes.length,
      zonesPerRequest: submitBatch,
      bodyBytesPerRequest: Math.max(...bodyBytes),
      requestMs: submitTimes,
      eventLoopStalledMs: submitStalls,
      zonesPerSecond: Math.round(zones / (submitted.ms / 1000)),
    };
    log(`submit: ${JSON.stringify(steps.submit)}`);

    const scoredAt = at();
    const scored = await timed(async () =>
      ok(await engine.call('POST', `/v1/rounds/${roundId}/scorings`), 'score'),
    );
    steps.score = { ms: scored.ms, eventLoopStalledMs: stalled() };
    log(`score: ${JSON.stringify(steps.score)}`);
    const published = await timed(async () =>
      ok(await engine.call('POST', `/v1/rounds/${roundId}/publication`), 'publish'),
    );
    steps.publish = { ms: published.ms, eventLoopStalledMs: stalled() };
    log(`publish: ${JSON.stringify(steps.publish)}`);
    const publishedAt = at();

    const stream = await pool.query(
      `select count(*)::int as events, sum(pg_column_size(data))::bigint as bytes,
         sum(length(data::text))::bigint as json_chars
       from ${s}.events where stream_id = $1`,
      [`round-${roundId}`],
    );
    const storeEvents = await count(
      pool,
      `select count(*)::int as n from ${s}.events where stream_type <> 'zone'`,
    );
    steps.roundStream = {
      events: stream.rows[0].events,
      dataBytes: Number(stream.rows[0].bytes),
      jsonChars: Number(stream.rows[0].json_chars),
    };
    log(`round stream: ${JSON.stringify(steps.roundStream)}; assessment events ${storeEvents}`);

    // Until the rankings answer the published ranking of every zone.
    let rankingAnswered: number | undefined;
    let lastRanking = '';
    const rankingWait = await timed(() =>
      until(
        async () => {
          const response = await engine.call('GET', `/v1/rounds/${roundId}/rankings?limit=50`);
          lastRanking = `${response.status}`;
          if (response.status !== 200) return false;
          const page = (await response.json()) as {
            round: { published: boolean; zonesScored: number };
            total: number;
          };
          lastRanking = `published ${page.round.published}, total ${page.total}`;
          return page.round.published && page.total >= zones;
        },
        'the rankings to answer the published ranking',
        waitMs,
        250,
      ).then(
        () => {
          rankingAnswered = at();
        },
        (error: Error) => log(`rankings: ${error.message} (last: ${lastRanking})`),
      ),
    );
    const kafkaWait = await timed(() =>
      until(
        async () => (await engine.assessmentsInKafka()) >= storeEvents,
        'Kafka to hold every assessment event',
        Math.max(10_000, waitMs - rankingWait.ms),
        250,
      ).catch((error: Error) => log(`kafka: ${error.message}`)),
    );
    const inKafka = await engine.assessmentsInKafka();
    loop.disable();
    steps.afterPublish = {
      rankingsAnsweredSecondsAfterPublish:
        rankingAnswered === undefined ? null : seconds(rankingAnswered - publishedAt),
      rankingsAnsweredSecondsAfterScoreStarted:
        rankingAnswered === undefined ? null : seconds(rankingAnswered - scoredAt),
      rankingsLastSeen: lastRanking,
      assessmentEventsInStore: storeEvents,
      assessmentEventsInKafka: inKafka,
      kafkaCaughtUpSecondsAfterRankings: seconds(kafkaWait.ms),
      relay: engine.relayStatus(),
    };
    log(`after publish: ${JSON.stringify(steps.afterPublish)}`);

    // Rankings page latency: national and by region, random pages of 50.
    const rng = xoroshiro128plus(42);
    const regions = ['REGION_EAST', 'REGION_CENTRAL', 'REGION_WEST'];
    const latency: Record<string, unknown> = {};
    if (rankingAnswered !== undefined) {
      const loadBeforeQueries = loadAverage();
      for (const [name, path] of [
        ['national', (offset: number) => `?limit=50&offset=${offset}`],
        [
          'by region',
          (offset: number) =>
            `?limit=50&offset=${Math.floor(offset / 3)}&region=${regions[offset % 3]}`,
        ],
      ] as const) {
        const times: number[] = [];
        for (let r = 0; r < requests + 10; r += 1) {
          const offset = unsafeUniformIntDistribution(0, Math.max(0, zones - 50), rng);
          const t0 = performance.now();
          await ok(
            await engine.call('GET', `/v1/rounds/${roundId}/rankings${path(offset)}`),
            name,
            200,
          );
          if (r >= 10) times.push(performance.now() - t0);
        }
        latency[name] = percentiles(times);
        log(`rankings ${name}: ${JSON.stringify(latency[name])}`);
      }
      latency.loadAverageBeforeQueries = loadBeforeQueries;
    }
    await sampling.stop();
    return { steps, rankingsLatencyMs: latency, samples: sampling.samples, scoredAt, publishedAt };
  } finally {
    await sampling.stop();
  }
}
