/**
 * Notifier at scale (issue 11): matching events against 100,000 subscriptions in process, then
 * webhook deliveries through the service to a local receiver (throughput), then the delay from
 * an event published on Kafka to its webhook's arrival at a steady rate (latency).
 *
 *   npm run bench:notifier
 *   (DATABASE_URL; KAFKA_BROKERS, default 127.0.0.1:9092; BENCH_PARTS, default
 *    matching,webhooks,latency;
 *    matching: BENCH_SUBSCRIPTIONS, default 100000; BENCH_ZONES, the zone ids filters and events
 *    name, default 100000 (the first 230 the national ETDZs most of them name); BENCH_EVENTS,
 *    timed events, default 100000; BENCH_WARM_UP, untimed events first, default 5000;
 *    BENCH_SCAN_SAMPLE, events also matched by scanning every filter, default 1000; BENCH_SEED,
 *    default 20261206;
 *    webhooks: BENCH_WEBHOOKS, webhook subscriptions, default 100; BENCH_NOTIFICATIONS, default
 *    20000 (BENCH_NOTIFICATIONS / BENCH_WEBHOOKS events, each matching every one of them);
 *    BENCH_DELIVERY_CONCURRENCY, NOTIFIER_DELIVERY_CONCURRENCY, default the service's (32);
 *    BENCH_GATE, default true: the receiver holds the requests it gets until the intake has
 *    created every notification, so that the worker drains a full backlog (false: intake and
 *    deliveries run together); BENCH_VERIFY_EVERY, the receiver verifies one signature in so
 *    many, default 20; BENCH_ZONE_BATCH, events per Kafka send, default 100;
 *    latency: BENCH_RATE, events per second, default 100; BENCH_SECONDS, default 30;
 *    BENCH_LATENCY_WEBHOOKS, subscriptions the events are spread over (each event matches one),
 *    default 100;
 *    BENCH_WAIT_SECONDS, the longest wait for any step, default 600; BENCH_RESULTS, the results
 *    file's name, default notifier)
 *
 * Matching: pure, in this process. A SubscriptionIndex of filters of a seeded mix (zone
 * watchers naming 1-10 zones, most among the 230 national ETDZs, with event types and rank
 * thresholds; province, policy theme and issuer, zone kind, region, event type and
 * threshold-only subscriptions: synthetic-notifications.ts) is built (time, heap retained after
 * a collection), then the facts of a seeded mix of events (ZoneRankChanged, ZoneScoreChanged,
 * ZoneScored, PolicyIssued, ZonesMerged, ... as notificationFacts reads them, with the zone and
 * policy profiles the intake would add) are matched one by one, each timed: p50/p99/max in
 * microseconds, matches and candidates per event, by event type; then a scan of every filter
 * (filterMatches) on a sample, timed the same way and checked to find what the index finds.
 * Webhooks and latency: boot the notifier in this process (as bench/shared/benched-service.ts
 * does) on a schema and topic prefix of its own, http and 127.0.0.1 allowed, with a receiver
 * (node:http in a worker thread, answering 204, verifying signatures with standardwebhooks);
 * subscriptions are created through the API, ZoneRegistered events (@zoneledger/service-testing)
 * published to its zones topic. Throughput: deliveries per second at the receiver, and how long
 * the intake took to create the notifications (rows of `deliveries`). Latency: arrival at the
 * receiver minus the event's CloudEvent `time`. Writes bench/results/notifier.json; drops its
 * schema and deletes its topics.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { loadAverage, machine, writeResults } from '../bench-report';
import { matchingBenchmark } from './matching';
import { startNotifier } from './notifier-app';
import { startReceiver } from './receiver';
import { deliveryLatency, webhookThroughput } from './webhook-deliveries';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const parts = (process.env.BENCH_PARTS ?? 'matching,webhooks,latency').split(',');
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const optional = (name: string) =>
  process.env[name] === undefined ? undefined : Number(process.env[name]);
const waitMs = number('BENCH_WAIT_SECONDS', 600) * 1000;
const gate = (process.env.BENCH_GATE ?? 'true') !== 'false';

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    command: 'npm run bench:notifier',
    machine: machine(),
    loadAverageAtStart: loadAverage(),
  };
  if (parts.includes('matching')) {
    results.matching = matchingBenchmark(
      {
        subscriptions: number('BENCH_SUBSCRIPTIONS', 100_000),
        zones: number('BENCH_ZONES', 100_000),
        events: number('BENCH_EVENTS', 100_000),
        warmUp: number('BENCH_WARM_UP', 5000),
        scanSample: number('BENCH_SCAN_SAMPLE', 1000),
        seed: number('BENCH_SEED', 20_261_206),
      },
      console.log,
    );
    results.loadAverageAfterMatching = loadAverage();
  }
  if (parts.includes('webhooks') || parts.includes('latency')) {
    const id = randomUUID().slice(0, 8);
    const pool = new Pool({ connectionString: databaseUrl, max: 3 });
    const receiver = await startReceiver({ verifyEvery: number('BENCH_VERIFY_EVERY', 20) });
    const concurrency = optional('BENCH_DELIVERY_CONCURRENCY');
    results.loadAverageBeforeService = loadAverage();
    const notifier = await startNotifier({
      databaseUrl,
      brokers,
      schema: `bench_notifier_${id}`,
      topicPrefix: `bench.${id}.`,
      deliveryConcurrency: concurrency,
      // Held by the gate, the first requests wait for the whole intake.
      webhookTimeoutMs: gate ? waitMs : undefined,
    });
    results.service = {
      deliveryConcurrency: concurrency ?? 'the service default (32)',
      webhookTimeoutMs: gate ? waitMs : 'the service default (15000)',
      receiver: 'node:http in a worker thread of this process, 204 to every delivery',
    };
    try {
      if (parts.includes('webhooks'))
        results.webhooks = await webhookThroughput(
          notifier,
          receiver,
          pool,
          {
            webhooks: number('BENCH_WEBHOOKS', 100),
            notifications: number('BENCH_NOTIFICATIONS', 20_000),
            zoneBatch: number('BENCH_ZONE_BATCH', 100),
            gate,
            waitMs,
          },
          console.log,
        );
      if (parts.includes('latency'))
        results.latency = await deliveryLatency(
          notifier,
          receiver,
          pool,
          {
            rate: number('BENCH_RATE', 100),
            seconds: number('BENCH_SECONDS', 30),
            webhooks: number('BENCH_LATENCY_WEBHOOKS', 100),
            waitMs,
          },
          console.log,
        );
    } finally {
      await notifier.stop();
      await receiver.close();
      await pool.end();
    }
  }
  const file = writeResults(process.env.BENCH_RESULTS ?? 'notifier', results);
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
