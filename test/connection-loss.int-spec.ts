import { Topics } from '@zoneledger/contracts';
import { createKafkaClient } from '@zoneledger/messaging';
import { mintDevToken } from '@zoneledger/platform';
import { eventually, testIds } from '@zoneledger/testing';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';
import { startServiceProcess, type ServiceProcess } from './service-process.harness';
import { recordTopic, type TopicRecorder } from './topic-recorder';
import { emptyTally, inParallel, sendWithRetries } from './zone-commands.client';

// Quick (CI): 16 cycles of three terminations in 1.4 s, each during a burst of commands: the
// issue saw one crash in sixteen service-runs. FAULTS_PROFILE=full runs four times as many.
const FULL = process.env.FAULTS_PROFILE === 'full';
const CYCLES = FULL ? 64 : 16;
const ZONES = FULL ? 800 : 200;
const TERMINATION_GAP_MS = 700;
const READY_WITHIN_MS = 15_000;
const SERVICES = ['zone-registry', 'policy-registry', 'assessment-engine', 'notifier'];

/** Ends every session of `database` but the caller's, as a failover or a restart does. */
async function terminateSessions(admin: Client, database: string): Promise<number> {
  const { rows } = await admin.query<{ terminated: number }>(
    `select count(*) filter (where pg_terminate_backend(pid))::int as terminated
       from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
    [database],
  );
  return rows[0].terminated;
}

describe('every service rides out a database that drops its connections', () => {
  const ids = testIds('connloss');
  const zoneIds = Array.from({ length: ZONES }, (_, n) => `cl-${n}-${ids.id.replace(/_/g, '-')}`);
  const topicPrefix = `${process.env.TOPIC_PREFIX ?? 'test.'}${ids.id}.`;
  const testDatabaseUrl = new URL(process.env.DATABASE_URL ?? '');
  const adminUrl = new URL(process.env.ZL_TEST_ADMIN_DATABASE_URL ?? testDatabaseUrl);
  // A database of its own: terminating every session must not touch other tests' connections.
  const database = `${testDatabaseUrl.pathname.slice(1)}_${ids.id}`.slice(0, 63);
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  const admin = new Client({ connectionString: adminUrl.toString() });
  const kafka = createKafkaClient({
    clientId: ids.id,
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    log: () => undefined,
  });
  let services: ServiceProcess[] = [];
  let zonesTopic: TopicRecorder | undefined;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database "${database}"`);
    services = await Promise.all(
      SERVICES.map((service) =>
        startServiceProcess(service, {
          DATABASE_URL: databaseUrl,
          TOPIC_PREFIX: topicPrefix,
          LOG_LEVEL: 'warn',
          RATE_LIMIT_PER_TOKEN: '1000000',
          RATE_LIMIT_PER_ADDRESS: '1000000',
        }),
      ),
    );
    const notReady = await eventually(
      async () => {
        const dead = services.find((service) => !service.alive());
        // A service that exited will not become ready: stop waiting and say why.
        if (dead) return `${dead.service} exited:\n${dead.lastOutput()}`;
        for (const service of services)
          expect((await service.get('/health/ready')).status).toBe(200);
        return undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    if (notReady) throw new Error(notReady);
  }, 120_000);

  afterAll(async () => {
    await zonesTopic?.stop();
    await Promise.all(services.map((service) => service.stop()));
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    const topics = (await kafkaAdmin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
    await kafkaAdmin.deleteTopics({ topics }).catch(() => undefined);
    await kafkaAdmin.disconnect();
    await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.end();
  }, 60_000);

  it(
    'keeps every process alive, records and publishes each command once, and is ready again within 15 s',
    async () => {
      const [registry] = services;
      const token = await mintDevToken({
        secret: process.env.AUTH_JWT_SECRET ?? '',
        sub: 'connection-loss',
        roles: ['zone-admin', 'analyst'],
      });
      const call = (method: string, path: string, key: string, body: unknown) =>
        fetch(`${registry.baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify(body),
        });
      const tally = emptyTally();
      const answers = new Map<string, number[]>();
      const commandsOn = async (zoneId: string) => {
        const registered = await sendWithRetries(
          tally,
          () =>
            call('POST', '/v1/zones', `register-${zoneId}`, {
              zoneId,
              nameZh: `断连开发区${zoneId}`,
              nameEn: `Connection Loss Zone ${zoneId}`,
              kind: 'ZONE_KIND_ETDZ',
              level: 'ZONE_LEVEL_NATIONAL',
              province: '江苏',
              approvedOn: { year: 1994, month: 2 },
            }),
          registry.alive,
        );
        const focused = await sendWithRetries(
          tally,
          () =>
            call('PUT', `/v1/zones/${zoneId}/industry-focus`, `focus-${zoneId}`, {
              industryFocus: ['集成电路'],
            }),
          registry.alive,
        );
        const versions = await Promise.all(
          [registered, focused].map(async (answer) =>
            answer.ok ? ((await answer.json()) as { version: number }).version : -answer.status,
          ),
        );
        answers.set(zoneId, versions);
      };

      const perCycle = Math.ceil(ZONES / CYCLES);
      const cycleTimes: number[] = [];
      let terminated = 0;
      let lastTermination = 0;
      for (let cycle = 0; cycle < CYCLES; cycle += 1) {
        const started = Date.now();
        const burst = inParallel(
          zoneIds.slice(cycle * perCycle, (cycle + 1) * perCycle),
          4,
          commandsOn,
        );
        // Three terminations in under two seconds, while the burst runs: the fault's own rhythm.
        for (let n = 0; n < 3; n += 1) {
          if (n > 0) await delay(TERMINATION_GAP_MS);
          terminated += await terminateSessions(admin, database);
          lastTermination = Date.now();
        }
        // A dead service explains a failed burst best: its last words come first.
        const failure = await burst.then(
          () => undefined,
          (error: unknown) => error,
        );
        cycleTimes.push(Date.now() - started);
        for (const service of services) {
          if (!service.alive())
            throw new Error(
              `${service.service} died in cycle ${cycle + 1} (${JSON.stringify(service.exit())}):\n${service.lastOutput()}`,
            );
        }
        if (failure) throw failure;
      }

      // Ready again soon after the last termination, every one of them.
      const readyAfter = await Promise.all(
        services.map((service) =>
          eventually(
            async () => {
              expect((await service.get('/health/ready')).status).toBe(200);
              return Date.now() - lastTermination;
            },
            { timeoutMs: READY_WITHIN_MS, intervalMs: 100 },
          ),
        ),
      );

      // Every command answered, as first recorded: 1 for the registration, 2 for the change.
      expect(tally.unexpected.slice(0, 5)).toEqual([]);
      expect(
        [...tally.statuses.keys()].filter((status) => status >= 500 && status !== 503),
      ).toEqual([]);
      expect([...answers.values()].filter(([a, b]) => a !== 1 || b !== 2)).toEqual([]);
      expect(answers.size).toBe(ZONES);

      // Recorded exactly once in the event store.
      const store = new Client({ connectionString: databaseUrl });
      await store.connect();
      const { rows: events } = await store
        .query<{
          event_id: string;
          stream_id: string;
          stream_version: number;
        }>(`select event_id, stream_id, stream_version from zone_registry.events order by position`)
        .finally(() => store.end());
      expect(events).toHaveLength(2 * ZONES);
      const versionsByStream = new Map<string, number[]>();
      for (const event of events)
        versionsByStream.set(event.stream_id, [
          ...(versionsByStream.get(event.stream_id) ?? []),
          event.stream_version,
        ]);
      expect(new Set([...versionsByStream.values()].map((versions) => versions.join(',')))).toEqual(
        new Set(['1,2']),
      );

      // Published exactly once, in order per key.
      zonesTopic = await recordTopic(kafka, `${topicPrefix}${Topics.zones}`, `${topicPrefix}audit`);
      const recorder = zonesTopic;
      await eventually(
        async () => {
          expect(recorder.messages.length).toBeGreaterThanOrEqual(events.length);
          expect(await recorder.caughtUp()).toBe(true);
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      const published = new Map<string, number>();
      for (const message of recorder.messages)
        published.set(message.ceId, (published.get(message.ceId) ?? 0) + 1);
      expect(recorder.messages).toHaveLength(events.length);
      expect(events.filter((event) => published.get(event.event_id) !== 1)).toEqual([]);
      const orderByKey = new Map<string, number[]>();
      for (const message of recorder.messages)
        orderByKey.set(message.key, [
          ...(orderByKey.get(message.key) ?? []),
          message.streamVersion,
        ]);
      expect(new Set([...orderByKey.values()].map((versions) => versions.join(',')))).toEqual(
        new Set(['1,2']),
      );

      // Projected once: the list answers every zone at its last version, each event applied once.
      await eventually(
        async () => {
          const listed: { zoneId: string; version: number }[] = [];
          for (let offset = 0; offset < ZONES; offset += 100) {
            const page = (await (
              await fetch(`${registry.baseUrl}/v1/zones?limit=100&offset=${offset}`, {
                headers: { authorization: `Bearer ${token}` },
              })
            ).json()) as { total: number; items: { zoneId: string; version: number }[] };
            expect(page.total).toBe(ZONES);
            listed.push(...page.items);
          }
          expect(listed.filter((zone) => zone.version === 2)).toHaveLength(ZONES);
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      // Each event applied once at most: a batch retried after its connection died is skipped by
      // its checkpoint if it had committed (then not counted), applied again only if it had not.
      const metrics = await (await registry.get('/metrics')).text();
      const applied = Number(
        /zoneledger_projection_applied_events\{[^}]*projection="zone-view"[^}]*\} (\d+)/.exec(
          metrics,
        )?.[1],
      );
      expect(applied).toBeLessThanOrEqual(2 * ZONES);
      expect(applied).toBeGreaterThan(0);
      expect(
        services.filter((service) => !service.alive()).map((service) => service.service),
      ).toEqual([]);

      console.log(
        JSON.stringify({
          profile: FULL ? 'full' : 'quick',
          cycles: CYCLES,
          terminations: CYCLES * 3,
          sessionsTerminated: terminated,
          zones: ZONES,
          commands: 2 * ZONES,
          answers: Object.fromEntries(tally.statuses),
          networkErrors: tally.networkErrors,
          cycleMs: { min: Math.min(...cycleTimes), max: Math.max(...cycleTimes) },
          readyAfterLastTerminationMs: Object.fromEntries(
            SERVICES.map((service, n) => [service, readyAfter[n]]),
          ),
        }),
      );
    },
    FULL ? 900_000 : 240_000,
  );
});
