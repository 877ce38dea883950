import { createKafkaClient } from '@zoneledger/messaging';
import { mintDevToken, type Role } from '@zoneledger/platform';
import { deleteTestTopics, dropTestSchema, eventually, testIds } from '@zoneledger/testing';
import { startServiceProcess, type ServiceProcess } from './service-process.harness';

/** Some of the services, each a process of its own, meeting only on their topics. */
export interface SystemUnderTest<Service extends string> {
  /** Unique in this run: a suffix for ids (lower-case letters, digits and -). */
  readonly suffix: string;
  /** The prefix of every topic (and consumer group) of these services, e.g. `test.<run>.<id>.`. */
  readonly topicPrefix: string;
  readonly services: Readonly<Record<Service, ServiceProcess>>;
  /** Calls a service's API with a token holding every role asked for. */
  call(service: Service, method: string, path: string, body?: unknown): Promise<Response>;
  /** Waits until a service's projection has nothing left to apply (and is running). */
  caughtUp(service: Service, projection: string): Promise<void>;
  stop(): Promise<void>;
}

/** What a test adds to the processes it starts. */
export interface SystemOptions<Service extends string> {
  /** Environment of one service's process, on top of the harness's (e.g. NOTIFIER_ALLOW_HTTP). */
  readonly env?: Partial<Readonly<Record<Service, Readonly<Record<string, string>>>>>;
  /** How long the services may take to be ready (90 s): more for many on a busy machine. */
  readonly readyTimeoutMs?: number;
}

/**
 * Starts `services` as processes from their main.ts, each on a schema of its own and all on one
 * topic prefix of this test's, and waits until every one is ready.
 */
export async function startSystem<Service extends string>(
  label: string,
  services: readonly Service[],
  roles: readonly Role[],
  options: SystemOptions<Service> = {},
): Promise<SystemUnderTest<Service>> {
  const ids = testIds(label);
  const topicPrefix = `${process.env.TOPIC_PREFIX ?? 'test.'}${ids.id}.`;
  const schemaOf = (service: Service) => `${ids.schema}_${service.replace(/-/g, '_')}`;
  const started = await Promise.all(
    services.map((service) =>
      startServiceProcess(service, {
        DATABASE_SCHEMA: schemaOf(service),
        TOPIC_PREFIX: topicPrefix,
        LOG_LEVEL: 'warn',
        ...options.env?.[service],
      }),
    ),
  );
  const processes = Object.fromEntries(
    services.map((service, index) => [service, started[index]]),
  ) as Record<Service, ServiceProcess>;
  await eventually(
    async () => {
      for (const running of started) {
        if (!running.alive())
          throw new Error(`${running.service} exited:\n${running.lastOutput()}`);
        expect((await running.get('/health/ready')).status).toBe(200);
      }
    },
    { timeoutMs: options.readyTimeoutMs ?? 90_000, intervalMs: 250 },
  );
  const token = await mintDevToken({
    secret: process.env.AUTH_JWT_SECRET ?? '',
    sub: `system-${ids.id}`,
    roles: [...roles, 'ops'],
  });
  const call = (service: Service, method: string, path: string, body?: unknown) =>
    fetch(`${processes[service].baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    suffix: ids.id.replace(/_/g, '-'),
    topicPrefix,
    services: processes,
    call,
    async caughtUp(service, projection) {
      await eventually(
        async () => {
          const { projections } = (await (
            await call(service, 'GET', '/v1/admin/projections')
          ).json()) as { projections: Record<string, { state: string; lag?: number }> };
          expect(projections[projection]).toMatchObject({ state: 'running', lag: 0 });
        },
        { timeoutMs: 30_000 },
      );
    },
    async stop() {
      await Promise.all(started.map((running) => running.stop()));
      const kafka = createKafkaClient({
        clientId: ids.id,
        brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
        log: () => undefined,
      });
      await deleteTestTopics(kafka, topicPrefix);
      for (const service of services) await dropTestSchema(schemaOf(service));
    },
  };
}
