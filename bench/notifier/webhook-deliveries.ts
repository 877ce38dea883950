import { PROVINCES } from '@zoneledger/shared-kernel';
import { zoneRegistered } from '@zoneledger/service-testing';
import type { Pool } from 'pg';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { loadAverage, until } from '../bench-report';
import { distribution } from './matching';
import type { BenchedNotifier } from './notifier-app';
import type { Receiver } from './receiver';

const seconds = (ms: number) => Math.round(ms) / 1000;
const JIANGSU = PROVINCES.find((province) => province.shortName === '江苏');
const SICHUAN = PROVINCES.find((province) => province.shortName === '四川');

async function count(pool: Pool, sql: string): Promise<number> {
  return Number((await pool.query(sql)).rows[0].n);
}

async function ok(response: Response, what: string, status = 201): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/**
 * Creates one webhook subscription per filter through the API, each to its own path of the
 * receiver (`<prefix><i>`), and tells the receiver their secrets.
 */
export async function subscribeWebhooks(
  notifier: BenchedNotifier,
  receiver: Receiver,
  prefix: string,
  filters: readonly object[],
): Promise<string[]> {
  const secrets: Record<string, string> = {};
  const ids: string[] = [];
  for (const [i, filter] of filters.entries()) {
    const path = `${prefix}${i}`;
    const created = (await ok(
      await notifier.call('POST', '/v1/subscriptions', {
        filter,
        channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: `${receiver.baseUrl}${path}` },
      }),
      `subscribe ${path}`,
    )) as { subscriptionId: string; secret: string };
    secrets[path] = created.secret;
    ids.push(created.subscriptionId);
  }
  await receiver.secrets(secrets);
  return ids;
}

/**
 * Publishes an event no subscription matches and waits until the intake has fed it: its consumer
 * has joined and reads the topic, and its matcher has read the subscriptions.
 */
export async function warmUpIntake(
  notifier: BenchedNotifier,
  pool: Pool,
  waitMs: number,
): Promise<void> {
  const s = `"${notifier.schema}"`;
  const before = await count(pool, `select count(*)::int as n from ${s}.notifiable_events`);
  await notifier.publishZones([
    zoneRegistered({
      zoneId: `warm-${before}`,
      province: '西藏自治区',
      region: 'REGION_WEST',
      kind: 'ZONE_KIND_OTHER',
    }),
  ]);
  await until(
    async () =>
      (await count(pool, `select count(*)::int as n from ${s}.notifiable_events`)) > before,
    'the intake to feed a warm-up event',
    waitMs,
    50,
  );
}

/** What the throughput part is run with. */
export interface ThroughputSettings {
  readonly webhooks: number;
  readonly notifications: number;
  readonly zoneBatch: number;
  /** Hold the receiver's answers until every notification is created. */
  readonly gate: boolean;
  readonly waitMs: number;
}

/**
 * Part 2: `webhooks` subscriptions to ZoneRegistered in Jiangsu, then notifications / webhooks
 * ZoneRegistered of Jiangsu zones published to the zones topic: each matches every subscription.
 * Times the intake (first send until `deliveries` holds every notification) and the deliveries
 * (arrivals at the receiver; with the gate, from its opening, when every notification is
 * created, to the last answer), sampling the table's statuses as it goes.
 */
export async function webhookThroughput(
  notifier: BenchedNotifier,
  receiver: Receiver,
  pool: Pool,
  settings: ThroughputSettings,
  log: (line: string) => void,
) {
  const s = `"${notifier.schema}"`;
  const events = Math.ceil(settings.notifications / settings.webhooks);
  const expected = events * settings.webhooks;
  if (!JIANGSU) throw new Error('no Jiangsu among the provinces');
  const filters = Array.from({ length: settings.webhooks }, () => ({
    eventTypes: ['ZoneRegistered'],
    provinces: [JIANGSU.shortName],
  }));
  const subscribed = performance.now();
  await subscribeWebhooks(notifier, receiver, '/throughput/', filters);
  const subscribeMs = performance.now() - subscribed;
  await warmUpIntake(notifier, pool, settings.waitMs);
  await receiver.reset();
  if (settings.gate) await receiver.gate(false);
  log(
    `webhooks: ${settings.webhooks} subscriptions in ${Math.round(subscribeMs)} ms; publishing ${events} events`,
  );

  const messages = Array.from({ length: events }, (_, i) =>
    zoneRegistered({
      zoneId: `tp-${String(i).padStart(6, '0')}`,
      province: JIANGSU.name,
      region: JIANGSU.region,
    }),
  );
  const samples: {
    atMs: number;
    rows: number;
    pending: number;
    delivered: number;
    received: number;
  }[] = [];
  const started = performance.now();
  const startedAt = Date.now();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await pool.query(
        `select count(*)::int as rows,
           count(*) filter (where status = 'pending')::int as pending,
           count(*) filter (where status = 'delivered')::int as delivered
         from ${s}.deliveries`,
      );
      const received = await receiver.count('/throughput/');
      samples.push({ atMs: Math.round(performance.now() - started), ...rows[0], received });
      await delay(250);
    }
  })();
  try {
    for (let i = 0; i < messages.length; i += settings.zoneBatch)
      await notifier.publishZones(messages.slice(i, i + settings.zoneBatch));
    const publishedMs = performance.now() - started;
    await until(
      async () => (await count(pool, `select count(*)::int as n from ${s}.deliveries`)) >= expected,
      `deliveries to hold ${expected} rows`,
      settings.waitMs,
      20,
    );
    const intakeMs = performance.now() - started;
    log(`webhooks: ${expected} notifications created ${seconds(intakeMs)} s after the first send`);
    if (settings.gate) await receiver.gate(true);
    await until(
      async () => (await receiver.count('/throughput/')) >= expected,
      `the receiver to get ${expected} deliveries`,
      settings.waitMs,
      50,
    );
    await until(
      async () =>
        (await count(
          pool,
          `select count(*)::int as n from ${s}.deliveries where status = 'delivered'`,
        )) >= expected,
      `every delivery recorded as delivered`,
      settings.waitMs,
      50,
    );
    const recordedMs = performance.now() - started;
    sampling = false;
    await sampler;
    const stats = await receiver.stats('/throughput/');
    const first = Math.min(...stats.arrivals);
    const last = Math.max(...stats.arrivals);
    const lastAnswer = Math.max(...stats.answered);
    const attempts = await pool.query(
      `select count(*)::int as attempts, count(distinct notification_id)::int as notifications,
         percentile_cont(0.5) within group (order by latency_ms) as p50_ms,
         percentile_cont(0.99) within group (order by latency_ms) as p99_ms
       from ${s}.delivery_attempts`,
    );
    const drainFrom = settings.gate ? (stats.gateOpenedAt as number) : first;
    const drainTo = settings.gate ? lastAnswer : last;
    const deliveriesPerSecond = Math.round(stats.received / ((drainTo - drainFrom) / 1000));
    log(
      `webhooks: ${stats.received} deliveries in ${seconds(drainTo - drainFrom)} s: ${deliveriesPerSecond}/s`,
    );
    return {
      settings: { ...settings, events, expectedNotifications: expected },
      subscribeSeconds: seconds(subscribeMs),
      publishSeconds: seconds(publishedMs),
      intake: {
        seconds: seconds(intakeMs),
        notificationsPerSecond: Math.round(expected / (intakeMs / 1000)),
        eventsPerSecond: Math.round(events / (intakeMs / 1000)),
      },
      deliveries: {
        received: stats.received,
        duplicates: stats.duplicates,
        verifiedSignatures: stats.verified,
        verifyFailures: stats.verifyFailureCount,
        verifyFailureExamples: stats.verifyFailures,
        measuredFrom: settings.gate
          ? 'the gate opening (every notification created)'
          : 'the first arrival',
        seconds: seconds(drainTo - drainFrom),
        deliveriesPerSecond,
        firstArrivalSecondsAfterFirstSend: seconds(first - startedAt),
        lastArrivalSecondsAfterFirstSend: seconds(last - startedAt),
        allRecordedDeliveredSecondsAfterFirstSend: seconds(recordedMs),
        attemptsRecorded: attempts.rows[0].attempts,
        attemptLatencyMs: { p50: attempts.rows[0].p50_ms, p99: attempts.rows[0].p99_ms },
      },
      loadAverageAfter: loadAverage(),
      samples,
    };
  } finally {
    sampling = false;
    await sampler;
    if (settings.gate) await receiver.gate(true);
  }
}

/**
 * Where the time went, per notification about a subject matching `subjects` (SQL LIKE), from the
 * service's own timestamps: event time to its feed row (Kafka, the consumer, the intake's facts),
 * feed row to the notification's deliveries row (matching, the notification's append), and that
 * to its attempt's record (the worker's claim, the request, the record; after the answer).
 */
async function stageDelays(pool: Pool, schema: string, subjects: string) {
  const s = `"${schema}"`;
  const { rows } = await pool.query(
    `with stages as (
       select extract(epoch from f.recorded_at - f.event_time) * 1000 as to_feed,
              extract(epoch from d.created_at - f.recorded_at) * 1000 as to_notification,
              extract(epoch from a.attempted_at - d.created_at) * 1000 as to_attempt_recorded
       from ${s}.notifiable_events f
       join ${s}.deliveries d on d.source_event_id = f.event_id
       join ${s}.delivery_attempts a on a.notification_id = d.notification_id and a.attempt = 1
       where f.subject like $1)
     select count(*)::int as notifications,
       percentile_cont(array[0.5, 0.99]) within group (order by to_feed) as to_feed,
       percentile_cont(array[0.5, 0.99]) within group (order by to_notification) as to_notification,
       percentile_cont(array[0.5, 0.99]) within group (order by to_attempt_recorded) as to_attempt_recorded
     from stages`,
    [subjects],
  );
  const pair = (values: number[] | null) =>
    values ? { p50: Math.round(values[0]), p99: Math.round(values[1]) } : null;
  return {
    notifications: rows[0].notifications,
    eventTimeToFeedRowMs: pair(rows[0].to_feed),
    feedRowToNotificationMs: pair(rows[0].to_notification),
    notificationToAttemptRecordedMs: pair(rows[0].to_attempt_recorded),
  };
}

/** What the latency part is run with. */
export interface LatencySettings {
  readonly rate: number;
  readonly seconds: number;
  readonly webhooks: number;
  readonly waitMs: number;
}

/**
 * Part 3: `webhooks` subscriptions each naming its own zones (Sichuan); then `rate` events a
 * second for `seconds`, each a ZoneRegistered of a zone one subscription names, sent as they fall
 * due (a send of whatever is due every tick); the receiver records each arrival minus the event's
 * CloudEvent time (set when the event is built, just before its send).
 */
export async function deliveryLatency(
  notifier: BenchedNotifier,
  receiver: Receiver,
  pool: Pool,
  settings: LatencySettings,
  log: (line: string) => void,
) {
  if (!SICHUAN) throw new Error('no Sichuan among the provinces');
  const events = Math.round(settings.rate * settings.seconds);
  const zoneId = (k: number) => `lt-${String(k).padStart(6, '0')}`;
  const filters = Array.from({ length: settings.webhooks }, (_, i) => ({
    zoneIds: Array.from({ length: Math.ceil(events / settings.webhooks) }, (_, j) =>
      zoneId(j * settings.webhooks + i),
    ).filter((_, j) => j * settings.webhooks + i < events),
  }));
  await subscribeWebhooks(notifier, receiver, '/latency/', filters);
  await warmUpIntake(notifier, pool, settings.waitMs);
  await receiver.reset();
  log(`latency: ${settings.webhooks} subscriptions; ${events} events at ${settings.rate}/s`);

  const started = performance.now();
  const intervalMs = 1000 / settings.rate;
  const sendMs: number[] = [];
  let sent = 0;
  while (sent < events) {
    const due = Math.min(events, Math.floor((performance.now() - started) / intervalMs) + 1);
    if (due > sent) {
      const batch = [];
      for (let k = sent; k < due; k += 1)
        batch.push(
          zoneRegistered({ zoneId: zoneId(k), province: SICHUAN.name, region: SICHUAN.region }),
        );
      const sendStarted = performance.now();
      await notifier.publishZones(batch);
      sendMs.push(performance.now() - sendStarted);
      sent = due;
    }
    const next = started + sent * intervalMs;
    await delay(Math.max(0, next - performance.now()));
  }
  const publishSeconds = seconds(performance.now() - started);
  await until(
    async () => (await receiver.count('/latency/')) >= events,
    `the receiver to get ${events} deliveries`,
    settings.waitMs,
    50,
  );
  const stats = await receiver.stats('/latency/');
  const latencies = stats.arrivals.map((arrival, i) => arrival - stats.eventTimes[i]);
  const ms = distribution(latencies, 1);
  log(`latency: ms ${JSON.stringify(ms)}`);
  const stages = await stageDelays(pool, notifier.schema, 'zone-lt-%');
  log(`latency: stages ${JSON.stringify(stages)}`);
  // Arrivals by second of the run: whether the delay grew while the events kept coming.
  const firstEvent = Math.min(...stats.eventTimes);
  const bySecond: { second: number; events: number; p50Ms: number; maxMs: number }[] = [];
  for (let second = 0; second * 1000 <= Math.max(...stats.eventTimes) - firstEvent; second += 5) {
    const chosen = latencies.filter((_, i) => {
      const at = stats.eventTimes[i] - firstEvent;
      return at >= second * 1000 && at < (second + 5) * 1000;
    });
    if (chosen.length === 0) continue;
    const d = distribution(chosen, 1);
    bySecond.push({ second, events: chosen.length, p50Ms: d.p50, maxMs: d.max });
  }
  return {
    settings: { ...settings, events },
    publishSeconds,
    achievedRate: Math.round(events / publishSeconds),
    kafkaSendMs: distribution(sendMs, 1),
    received: stats.received,
    duplicates: stats.duplicates,
    verifiedSignatures: stats.verified,
    verifyFailures: stats.verifyFailureCount,
    latencyMs: { p50: ms.p50, p90: ms.p90, p99: ms.p99, max: ms.max, mean: ms.mean },
    latencyByFiveSecondsOfEventTime: bySecond,
    stages,
    loadAverageAfter: loadAverage(),
  };
}
