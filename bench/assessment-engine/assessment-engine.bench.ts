/**
 * Assessment engine at scale: scoring and rank uncertainty in-process, then a round of 10,000
 * zones through the service (opened, submitted, scored, published over HTTP, read back as
 * rankings).
 *
 *   npm run bench:assessments
 *   (DATABASE_URL; KAFKA_BROKERS, default 127.0.0.1:9092; BENCH_PARTS, default
 *    scoring,fold,service;
 *    BENCH_REPETITIONS, timed repetitions per scoring size, default 7; BENCH_ZONES, the
 *    service's round, default 10000; BENCH_INDICATORS, default 50; BENCH_SUBMIT_BATCH, zones per
 *    submission request, default 1000 (about 3.7 MiB: the indicators route takes 4 MiB);
 *    BENCH_HTTP_BODY_LIMIT, HTTP_BODY_LIMIT for the service, default its own; BENCH_REQUESTS, timed
 *    rankings requests each, default 200; BENCH_WAIT_SECONDS, default 900;
 *    BENCH_TOPIC_MAX_MESSAGE_BYTES, the assessments topic's max.message.bytes, default 0: the
 *    broker's 1 MB, which the relay's batches (cut at 768 KiB) respect; BENCH_RESULTS, the
 *    results file's name, default assessment-engine)
 *
 * Scoring: scoreRound on synthetic rounds (5 dimensions built from the indicator count, values
 * from a seeded xoroshiro128+, one in 50 missing), 2 untimed runs then the median of the timed
 * ones, at 10,000 zones x 50 indicators under five methodology options, and the growth with zones
 * (1,000-20,000 at 50) and with indicators (10-100 at 10,000) for min-max and percentile-rank.
 * Uncertainty: rankUncertainty, 1,000 draws over 230 zones x 30 indicators. Fold: what a command
 * on a round does before deciding, in process: evolve over the round's whole stream, 1,000 to
 * 10,000 zones (median of 3 after one untimed).
 * Service: boots the engine in this process on a schema and topic prefix of its own (rate limits
 * out of the way, the assessments topic's max.message.bytes raised), publishes
 * ZoneRegistered to its zones topic, waits for its zone timeline, then creates a methodology,
 * opens a round, submits the values, scores and publishes, each step timed; then times until
 * /v1/rounds/{id}/rankings answers the published ranking and Kafka holds every event, and the
 * rankings' latency. Writes bench/results/assessment-engine.json; drops its schema and topics.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { loadAverage, machine, writeResults } from '../bench-report';
import { startAssessmentEngine } from './assessment-engine-app';
import { publishRound } from './publish-round';
import { roundFoldBenchmarks } from './round-fold';
import { scoringBenchmarks } from './scoring';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const parts = (process.env.BENCH_PARTS ?? 'scoring,fold,service').split(',');
const repetitions = Number(process.env.BENCH_REPETITIONS ?? 7);
const zones = Number(process.env.BENCH_ZONES ?? 10_000);
const indicators = Number(process.env.BENCH_INDICATORS ?? 50);
const submitBatch = Number(process.env.BENCH_SUBMIT_BATCH ?? 1000);
const bodyLimit = process.env.BENCH_HTTP_BODY_LIMIT;
const requests = Number(process.env.BENCH_REQUESTS ?? 200);
const waitMs = Number(process.env.BENCH_WAIT_SECONDS ?? 900) * 1000;
// The relay's batches of a round's events (1,000 a send, one partition) exceed the broker's
// default 1 MB and stall it; 0 keeps the broker's default.
const topicMaxMessageBytes = Number(process.env.BENCH_TOPIC_MAX_MESSAGE_BYTES ?? 0);

type Samples = Awaited<ReturnType<typeof publishRound>>['samples'];

/** The relay's rate from the scoring on: events Kafka gained over the time it took them. */
function relayThroughput(samples: Samples, fromMs: number) {
  const first = samples.filter((sample) => sample.atMs <= fromMs).at(-1) ?? samples[0];
  const last = samples.at(-1);
  if (!first || !last) return undefined;
  const target = last.eventsInStore;
  const caughtUp = samples.find(
    (sample) => sample.atMs >= fromMs && sample.assessmentsInKafka >= target,
  );
  const end = caughtUp ?? last;
  const events = end.assessmentsInKafka - first.assessmentsInKafka;
  const ms = end.atMs - first.atMs;
  return {
    eventsSinceScoring: events,
    seconds: ms / 1000,
    eventsPerSecond: ms > 0 ? Math.round(events / (ms / 1000)) : null,
    caughtUp: caughtUp !== undefined,
    // Between two samples half a second apart: the relay when the event loop lets it run.
    peakEventsPerSecond: Math.max(
      ...samples
        .slice(1)
        .map((sample, i) =>
          Math.round(
            ((sample.assessmentsInKafka - samples[i].assessmentsInKafka) * 1000) /
              Math.max(1, sample.atMs - samples[i].atMs),
          ),
        ),
    ),
    largestLagEvents: Math.max(
      ...samples.map((sample) => sample.eventsInStore - sample.assessmentsInKafka),
    ),
  };
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    command: 'npm run bench:assessments',
    machine: machine(),
    loadAverageAtStart: loadAtStart,
  };
  if (parts.includes('scoring')) {
    results.scoring = scoringBenchmarks(repetitions, console.log);
    results.loadAverageAfterScoring = loadAverage();
  }
  if (parts.includes('fold')) {
    results.roundFold = roundFoldBenchmarks(3, console.log);
    results.loadAverageAfterFold = loadAverage();
  }
  if (parts.includes('service')) {
    const id = randomUUID().slice(0, 8);
    if (bodyLimit) process.env.HTTP_BODY_LIMIT = bodyLimit;
    const pool = new Pool({ connectionString: databaseUrl, max: 3 });
    const loadBeforeService = loadAverage();
    const engine = await startAssessmentEngine({
      databaseUrl,
      brokers,
      schema: `bench_assessments_${id}`,
      topicPrefix: `bench.${id}.`,
    });
    try {
      const s = `"${engine.schema}"`;
      if (topicMaxMessageBytes > 0) await engine.raiseAssessmentsMessageLimit(topicMaxMessageBytes);
      for (const relation of ['zone_timeline', 'zone_names', 'round_summary', 'zone_result'])
        await waitForRelation(pool, `${s}.${relation}`);
      const round = await publishRound(
        engine,
        pool,
        { zones, indicators, zoneBatch: 2000, submitBatch, requests, waitMs },
        console.log,
      );
      results.service = {
        sizes: { zones, indicators },
        settings: {
          zoneEventsPerKafkaSend: 2000,
          zonesPerSubmitRequest: submitBatch,
          httpBodyLimit: bodyLimit ?? 'the service default',
          assessmentsTopicMaxMessageBytes: topicMaxMessageBytes || 'broker default (1048588)',
          timedRankingRequests: requests,
          warmUpRankingRequests: 10,
          requestsInFlight: 1,
        },
        loadAverageBeforeService: loadBeforeService,
        loadAverageAfterService: loadAverage(),
        ...round.steps,
        relay: relayThroughput(round.samples, round.scoredAt),
        rankingsLatencyMs: round.rankingsLatencyMs,
        samples: round.samples,
      };
      console.log(`relay: ${JSON.stringify((results.service as { relay: unknown }).relay)}`);
    } finally {
      await engine.stop();
      await pool.end();
    }
  }
  const file = writeResults(process.env.BENCH_RESULTS ?? 'assessment-engine', results);
  console.log(`wrote ${file}`);
}

async function waitForRelation(pool: Pool, relation: string) {
  const deadline = Date.now() + 120_000;
  while ((await pool.query(`select to_regclass($1) as r`, [relation])).rows[0].r === null) {
    if (Date.now() > deadline) throw new Error(`${relation} was not installed`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
