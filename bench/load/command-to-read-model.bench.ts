/**
 * From a command's 2xx to the change being visible in read models, under a steady command load.
 *
 *   npm run bench:load                       (full profile: 100, 300, 400, 500 and 1,000 commands/s, 60 s each)
 *   BENCH_PROFILE=quick npm run bench:load   (100 and 500 commands/s, 15 s each)
 *   (DATABASE_URL, default the local server; KAFKA_BROKERS, default 127.0.0.1:9092;
 *    BENCH_RATES, e.g. "100,300", and BENCH_SECONDS override the profile; BENCH_CPU_PROF=<dir>
 *    has both services write CPU profiles there (<service>.cpuprofile); BENCH_THREAD=true runs
 *    both services' relay and projections on a thread of their own (BACKGROUND_THREAD, ADR 0019)
 *    and writes load-thread.json or load-thread-quick.json; BENCH_SPLIT=1 runs the zone-registry
 *    as two processes, its HTTP side apart from its relay and projections (BACKGROUND_WORK), and
 *    writes load-split.json or load-split-quick.json)
 *
 * Builds the services, then starts the zone-registry and the policy-registry from the build as
 * processes of their own, as `npm run up` does (their own schemas in a fresh database, their own
 * topic prefix, one partition per topic unless KAFKA_TOPIC_PARTITIONS says otherwise), warms
 * them up (10 s at 50 commands/s, not reported), then for each rate offers POST /v1/zones at that rate for the
 * duration, each request registering a new zone. The requests are evenly spaced whatever the
 * answers, an open loop (open-loop.ts): autocannon's rate limit sends each second's requests in
 * a burst at its start, which measures the queue behind the burst. For every 2xx it records when
 * the answer arrived, and when each zone became visible in both read models:
 *   - the zone-registry's own zone_view (the same service: append, outbox relay, Kafka, its
 *     projection);
 *   - the policy-registry's zone_directory (another service, fed by the same topic).
 * Visible means committed: a row trigger the benchmark adds to each read model's table (in its
 * own database) sends the zone id with pg_notify, which PostgreSQL delivers when the projection's
 * transaction commits, and the watcher LISTENs. Polling both tables every 2 ms for the zones not
 * yet seen, as the benchmark did first, cost PostgreSQL 0.64 ms a poll at saturation, some 15% of
 * a core taken from the system it measured (pg_stat_statements, 300 commands/s offered).
 * Reports the rate reached (2xx/s), non-2xx answers and errors, the HTTP latency, and p50 / p95 /
 * p99 / max from 2xx to visible in each read model, the same time split at publication
 * (stagesMs: the Kafka record's timestamp, read after the run, published-at.ts), and the CPU
 * milliseconds each part of the system spent per command (cpu-time.ts: the two services,
 * PostgreSQL, Kafka, this process), which moves far less between runs than the rate reached at
 * saturation, and the same percentiles per second of the run (perSecond), to tell a tail spread
 * over the run from one bunched. Writes bench/results/load.json (full) or load-quick.json (quick). Everything runs on one box: the load generator and the watcher share
 * the machine with both services, Kafka and PostgreSQL.
 */
import { mintDevToken } from '@zoneledger/platform';
import { Topics } from '@zoneledger/contracts';
import { createKafkaClient, physicalTopic } from '@zoneledger/messaging';
import type { Kafka } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, type Notification } from 'pg';
import { cpuMsPerCommand, cpuTimes } from './cpu-time';
import { eventLoopDelays, resetEventLoopDelays, type EventLoopDelay } from './event-loop-delay';
import { openLoop } from './open-loop';
import { PublishedAt } from './published-at';
import { startServiceProcess, type ServiceProcess } from '../../test/service-process.harness';
import {
  loadAverage,
  machine,
  percentiles,
  selectProfile,
  until,
  writeResults,
} from '../bench-report';

type LatencySummary = ReturnType<typeof percentiles> & { readonly count: number };
const latencySummary = (ms: readonly number[]): LatencySummary => ({
  count: ms.length,
  ...percentiles(ms),
});

const PROFILES = {
  quick: { rates: [100, 500], seconds: 15 },
  // 300 and 400 find where the latency target stops holding on the way to 500.
  full: { rates: [100, 300, 400, 500, 1000], seconds: 60 },
} as const;
const { name: profileName, profile } = selectProfile(PROFILES, 'full');
const rates = process.env.BENCH_RATES
  ? process.env.BENCH_RATES.split(',').map(Number)
  : [...profile.rates];
const seconds = Number(process.env.BENCH_SECONDS ?? profile.seconds);

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const id = randomUUID().slice(0, 8);
const database = `bench_load_${id}`;
const topicPrefix = `bench.load.${id}.`;
const secret = 'zoneledger-bench-secret';
const VISIBLE_HERE = 'bench_visible_zone_view';
const VISIBLE_THERE = 'bench_visible_zone_directory';
const CONNECTIONS = 64;
const WARM_UP = { rate: 50, seconds: 10 };
// As `npm run up` creates its topics on one box (ADR 0016).
const partitions = process.env.KAFKA_TOPIC_PARTITIONS ?? '1';

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

const databaseUrl = (name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

let registered = 0;

/** One registration of a zone no one registered before. */
function registration() {
  const sequence = registered++;
  const zoneId = `load-${id}-${sequence}`;
  return {
    zoneId,
    body: JSON.stringify({
      zoneId,
      nameZh: `负载开发区${id}号${sequence}`,
      nameEn: `Load Zone ${id} ${sequence}`,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_PROVINCIAL',
      province: '江苏',
      approvedOn: { year: 2020 },
    }),
  };
}

interface Pending {
  readonly answeredAt: number;
  seenHere?: number;
  seenThere?: number;
  /** When the relay published its event (its Kafka record's timestamp, on this clock). */
  publishedAt?: number;
}

/** Hears each read model's commits of zones (see installVisibilityTriggers) and times them. */
class Watcher {
  readonly pending = new Map<string, Pending>();
  private readonly unseenHere = new Set<string>();
  private readonly unseenThere = new Set<string>();
  // Zones a read model committed before the bench had read the 2xx: visible at once.
  private readonly seenEarly = new Map<string, { here?: number; there?: number }>();
  private readonly onNotification = ({ channel, payload }: Notification) => {
    if (payload === undefined) return;
    const side =
      channel === VISIBLE_HERE ? 'here' : channel === VISIBLE_THERE ? 'there' : undefined;
    if (side) this.seen(payload, side, performance.now());
  };

  constructor(private readonly db: Client) {}

  answered(zoneId: string) {
    const early = this.seenEarly.get(zoneId);
    this.seenEarly.delete(zoneId);
    const now = performance.now();
    this.pending.set(zoneId, { answeredAt: now, seenHere: early?.here, seenThere: early?.there });
    if (early?.here === undefined) this.unseenHere.add(zoneId);
    if (early?.there === undefined) this.unseenThere.add(zoneId);
  }

  start() {
    this.db.on('notification', this.onNotification);
  }

  stop() {
    this.db.removeListener('notification', this.onNotification);
  }

  unseen(): number {
    return new Set([...this.unseenHere, ...this.unseenThere]).size;
  }

  private seen(zoneId: string, side: 'here' | 'there', at: number) {
    const zone = this.pending.get(zoneId);
    if (!zone) {
      this.seenEarly.set(zoneId, { ...this.seenEarly.get(zoneId), [side]: at });
      return;
    }
    if (side === 'here' && this.unseenHere.delete(zoneId)) zone.seenHere = at;
    if (side === 'there' && this.unseenThere.delete(zoneId)) zone.seenThere = at;
  }
}

/**
 * A trigger on the table behind each read model's view (its current generation) that announces
 * every zone it writes, on the benchmark's LISTEN channels. Delivered at commit, so a zone is
 * heard when another session could first read it.
 */
async function installVisibilityTriggers(db: Client): Promise<void> {
  await db.query(`create function public.bench_visible() returns trigger language plpgsql as $$
    begin perform pg_notify(tg_argv[0], new.zone_id); return null; end $$`);
  const readModels = [
    { schema: 'zone_registry', view: 'zone_view', channel: VISIBLE_HERE },
    { schema: 'policy_registry', view: 'zone_directory', channel: VISIBLE_THERE },
  ];
  for (const { schema, view, channel } of readModels) {
    const { rows } = await db.query<{ table_name: string }>(
      `select table_name from information_schema.view_table_usage
       where view_schema = $1 and view_name = $2 and table_schema = $1`,
      [schema, view],
    );
    if (rows.length !== 1)
      throw new Error(`${schema}.${view} reads ${rows.length} tables, not one`);
    await db.query(
      `create trigger bench_visible after insert or update on ${schema}.${rows[0].table_name}
       for each row execute function public.bench_visible('${channel}')`,
    );
    await db.query(`listen ${channel}`);
  }
}

interface RateResult {
  readonly offeredPerSecond: number;
  readonly seconds: number;
  readonly sent: number;
  readonly answered2xx: number;
  readonly reachedPerSecond: number;
  readonly non2xx: number;
  readonly errors: number;
  /** What the failed requests failed with, and how often. */
  readonly errorKinds: Record<string, number>;
  readonly httpLatencyMs: ReturnType<typeof percentiles>;
  readonly visibleInSameServiceMs: LatencySummary;
  readonly visibleInOtherServiceMs: LatencySummary;
  /**
   * The same time split at publication (the Kafka record's timestamp): from the 2xx to the relay
   * publishing the event, and from then to visible in each read model.
   */
  readonly stagesMs: {
    readonly published: LatencySummary;
    readonly publishedToSameService: LatencySummary;
    readonly publishedToOtherService: LatencySummary;
  };
  readonly neverVisible: number;
  /**
   * Per second of the run, by when the 2xx came: the commands answered, and p99 / max from 2xx
   * to visible in each read model. Shows whether the tail is spread over the run or bunched (the
   * step up from the rate before, a stall).
   */
  readonly perSecond: readonly SecondOfRun[];
  /** CPU milliseconds per 2xx command of each part, from the first request to the last visible. */
  readonly cpuMsPerCommand: Record<string, number>;
  /** How late each service's event loop ran over the run, ms (event-loop-delay.ts). */
  readonly eventLoopDelayMs: Record<string, EventLoopDelay>;
  readonly loadAverage: number[];
}

interface SecondOfRun {
  readonly second: number;
  readonly answered: number;
  readonly sameServiceP99Ms: number;
  readonly sameServiceMaxMs: number;
  readonly otherServiceP99Ms: number;
  readonly otherServiceMaxMs: number;
}

function perSecond(zones: readonly Pending[], startedAt: number): SecondOfRun[] {
  const seconds: Pending[][] = [];
  for (const zone of zones) {
    const second = Math.max(0, Math.floor((zone.answeredAt - startedAt) / 1000));
    (seconds[second] ??= []).push(zone);
  }
  return [...seconds.entries()].map(([second, answered = []]) => {
    const here = percentiles(answered.flatMap((z) => visibleAfter(z.seenHere, z)));
    const there = percentiles(answered.flatMap((z) => visibleAfter(z.seenThere, z)));
    return {
      second,
      answered: answered.length,
      sameServiceP99Ms: here.p99,
      sameServiceMaxMs: here.max,
      otherServiceP99Ms: there.p99,
      otherServiceMaxMs: there.max,
    };
  });
}

const visibleAfter = (seen: number | undefined, zone: Pending) =>
  seen === undefined ? [] : [Math.max(0, seen - zone.answeredAt)];

/** Each zone's time from publication to visible in a read model (both on this clock). */
const afterPublished = (zones: readonly Pending[], side: 'seenHere' | 'seenThere') =>
  latencySummary(
    zones.flatMap((zone) => {
      const seen = zone[side];
      return seen === undefined || zone.publishedAt === undefined
        ? []
        : [Math.max(0, seen - zone.publishedAt)];
    }),
  );

/** Reads the records the relay published in the run and notes each zone's publication time. */
async function notePublished(zones: Map<string, Pending>, published: PublishedAt) {
  for (const [key, timestamp] of await published.readNew()) {
    const zone = zones.get(key.replace(/^zone-/, ''));
    // Kafka's timestamps are epoch ms; the watcher's times are performance.now().
    if (zone) zone.publishedAt = timestamp - performance.timeOrigin;
  }
}

async function offer(
  rate: number,
  durationSeconds: number,
  baseUrl: string,
  token: string,
  db: Client,
  processes: Readonly<Record<string, number | undefined>>,
  services: readonly ServiceProcess[],
  published: PublishedAt,
): Promise<RateResult> {
  const watcher = new Watcher(db);
  watcher.start();
  await resetEventLoopDelays(services);
  const cpuBefore = cpuTimes(processes);
  const startedAt = performance.now();
  const run = await openLoop({
    url: new URL('/v1/zones', baseUrl),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    rate,
    seconds: durationSeconds,
    connections: CONNECTIONS,
    timeoutMs: 10_000,
    next: () => {
      const zone = registration();
      return { body: zone.body, answered: () => watcher.answered(zone.zoneId) };
    },
  });
  // Whatever was answered must become visible: wait for the stragglers (a minute at most).
  await until(
    () => watcher.unseen() === 0,
    'every answered zone in both read models',
    60_000,
    50,
  ).catch(() => undefined);
  watcher.stop();
  const cpuAfter = cpuTimes(processes);
  const eventLoopDelayMs = await eventLoopDelays(services);
  await notePublished(watcher.pending, published);
  const zones = [...watcher.pending.values()];
  return {
    offeredPerSecond: rate,
    seconds: durationSeconds,
    sent: run.sent,
    answered2xx: run.answered2xx,
    reachedPerSecond: Math.round((run.answered2xx * 1000) / run.elapsedMs),
    non2xx: run.non2xx,
    errors: run.errors,
    errorKinds: run.errorKinds,
    httpLatencyMs: percentiles(run.latenciesMs),
    visibleInSameServiceMs: latencySummary(zones.flatMap((z) => visibleAfter(z.seenHere, z))),
    visibleInOtherServiceMs: latencySummary(zones.flatMap((z) => visibleAfter(z.seenThere, z))),
    stagesMs: {
      published: latencySummary(
        zones.flatMap((z) => (z.publishedAt === undefined ? [] : visibleAfter(z.publishedAt, z))),
      ),
      publishedToSameService: afterPublished(zones, 'seenHere'),
      publishedToOtherService: afterPublished(zones, 'seenThere'),
    },
    neverVisible: watcher.unseen(),
    perSecond: perSecond(zones, startedAt),
    cpuMsPerCommand: cpuMsPerCommand(cpuBefore, cpuAfter, run.answered2xx),
    eventLoopDelayMs,
    loadAverage: loadAverage(),
  };
}

// BENCH_CPU_PROF=<dir>: each service writes a V8 CPU profile there when it stops, named after it.
function cpuProfiling(service: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir
    ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${service}.cpuprofile`]
    : [];
}

async function main() {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const env = {
    DATABASE_URL: databaseUrl(database),
    KAFKA_BROKERS: brokers,
    TOPIC_PREFIX: topicPrefix,
    KAFKA_TOPIC_PARTITIONS: partitions,
    AUTH_JWT_SECRET: secret,
    RATE_LIMIT_PER_TOKEN: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    LOG_LEVEL: 'warn',
  };
  const services: ServiceProcess[] = [];
  const kafka: Kafka = createKafkaClient({
    clientId: `bench-load-${id}`,
    brokers: brokers.split(','),
    log: () => undefined,
  });
  // BENCH_SPLIT=1: the zone-registry's HTTP side in one process and its relay and projections in
  // another (BACKGROUND_WORK), on the same database and topics.
  const split = process.env.BENCH_SPLIT === '1';
  // BENCH_THREAD=true: each service's relay and projections on a thread of its own (ADR 0019).
  const thread = !split && process.env.BENCH_THREAD === 'true';
  const db = new Client({ connectionString: databaseUrl(database) });
  try {
    // The services run as `npm run up` runs them: built, from dist/.
    log('building the services (npm run build)');
    execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
    log(`starting the zone-registry and the policy-registry (database ${database})`);
    services.push(
      await startServiceProcess(
        'zone-registry',
        {
          ...env,
          DATABASE_SCHEMA: 'zone_registry',
          BACKGROUND_THREAD: String(thread),
          ...(split ? { BACKGROUND_WORK: 'none' } : {}),
        },
        cpuProfiling('zone-registry'),
        'build',
      ),
      await startServiceProcess(
        'policy-registry',
        { ...env, DATABASE_SCHEMA: 'policy_registry', BACKGROUND_THREAD: String(thread) },
        cpuProfiling('policy-registry'),
        'build',
      ),
    );
    if (split)
      services.push(
        await startServiceProcess(
          'zone-registry',
          { ...env, DATABASE_SCHEMA: 'zone_registry', BACKGROUND_WORK: 'relay,projections' },
          [],
          'build',
        ),
      );
    await until(
      async () => {
        for (const service of services) {
          if (!service.alive())
            throw new Error(`${service.service} exited:\n${service.lastOutput()}`);
          if (
            !(await service.get('/health/ready').then(
              (r) => r.ok,
              () => false,
            ))
          )
            return false;
        }
        return true;
      },
      'both services ready',
      120_000,
      250,
    );
    await db.connect();
    await installVisibilityTriggers(db);
    const token = await mintDevToken({ secret, sub: 'bench-load', roles: ['zone-admin'] });
    // The first requests compile and warm both services' code paths: not measured.
    // Whose CPU is counted: both services (the zone-registry's second process when split), this
    // process (the load generator and the watcher), and PostgreSQL and Kafka (cpu-time.ts).
    const processes = {
      zoneRegistry: services[0].pid,
      policyRegistry: services[1].pid,
      ...(split ? { zoneRegistryBackground: services[2].pid } : {}),
      loadGenerator: process.pid,
    };
    log(`warming up: ${WARM_UP.rate} commands/s for ${WARM_UP.seconds} s`);
    const published = new PublishedAt(kafka, physicalTopic(topicPrefix, Topics.zones));
    const offerAt = (rate: number, duration: number) =>
      offer(rate, duration, services[0].baseUrl, token, db, processes, services, published);
    await offerAt(WARM_UP.rate, WARM_UP.seconds);
    const results: RateResult[] = [];
    for (const rate of rates) {
      log(`offering ${rate} commands/s for ${seconds} s`);
      const result = await offerAt(rate, seconds);
      results.push(result);
      log(
        `  reached ${result.reachedPerSecond}/s (${result.non2xx} non-2xx, ${result.errors} errors` +
          (result.errors ? `: ${JSON.stringify(result.errorKinds)}` : '') +
          '); ' +
          `visible in zone_view p50 ${result.visibleInSameServiceMs.p50} / p99 ${result.visibleInSameServiceMs.p99} ms, ` +
          `in the policy-registry p50 ${result.visibleInOtherServiceMs.p50} / p99 ${result.visibleInOtherServiceMs.p99} ms` +
          (result.neverVisible ? `; ${result.neverVisible} never visible` : ''),
      );
      const {
        published: relay,
        publishedToSameService: here,
        publishedToOtherService: there,
      } = result.stagesMs;
      log(
        `  published p50 ${relay.p50} / p99 ${relay.p99} ms after the 2xx; then visible in ` +
          `zone_view p50 ${here.p50} / p99 ${here.p99} ms, in the policy-registry p50 ${there.p50} / p99 ${there.p99} ms`,
      );
      log(
        `  CPU ms per command: ${Object.entries(result.cpuMsPerCommand)
          .map(([part, ms]) => `${part} ${ms}`)
          .join(', ')}`,
      );
      log(
        `  event-loop delay p50 / p99 / max ms: ${Object.entries(result.eventLoopDelayMs)
          .map(([service, { p50, p99, max }]) => `${service} ${p50} / ${p99} / ${max}`)
          .join(', ')}`,
      );
    }
    const arrangement = split ? '-split' : thread ? '-thread' : '';
    const name = `load${arrangement}${profileName === 'full' ? '' : '-quick'}`;
    const file = writeResults(name, {
      benchmark: 'command to read model under load',
      profile: profileName,
      zoneRegistry: split
        ? 'two processes: HTTP (BACKGROUND_WORK=none), relay and projections'
        : thread
          ? 'one process: HTTP on the main thread, relay and projections on another (BACKGROUND_THREAD)'
          : 'one process: HTTP, relay and projections',
      machine: machine(),
      partitionsPerTopic: Number(partitions),
      command:
        'POST /v1/zones (a new zone each), open loop: evenly spaced, at most 64 keep-alive connections',
      visibleWhen:
        'a read model commits the zone (pg_notify from a row trigger on its table, at commit)',
      results,
    });
    log(`results in ${file}`);
  } finally {
    await db.end().catch(() => undefined);
    await Promise.all(services.map((service) => service.stop()));
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    const topics = (await kafkaAdmin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
    if (topics.length > 0) await kafkaAdmin.deleteTopics({ topics });
    await kafkaAdmin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
