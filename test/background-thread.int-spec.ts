import { createKafkaClient } from '@zoneledger/messaging';
import { mintDevToken } from '@zoneledger/platform';
import {
  apiCaller,
  deleteTestTopics,
  dropTestSchema,
  eventually,
  testIds,
  type ApiCall,
} from '@zoneledger/testing';
import { startServiceProcess, type ServiceProcess } from './service-process.harness';

// One zone-registry process whose relay and projections run on a thread of their own
// (BACKGROUND_THREAD, ADR 0019): the main thread answers HTTP, the thread publishes and projects,
// and health, metrics and the projections' admin still answer for both from the one port.
describe('a service with its background work on a thread of its own', () => {
  const ids = testIds('bgthread');
  const topicPrefix = `${process.env.TOPIC_PREFIX ?? 'test.'}${ids.id}.`;
  let registry: ServiceProcess;
  let call: ApiCall;

  beforeAll(async () => {
    const token = await mintDevToken({
      secret: process.env.AUTH_JWT_SECRET ?? '',
      sub: 'background-thread',
      roles: ['zone-admin', 'ops'],
    });
    registry = await startServiceProcess('zone-registry', {
      DATABASE_SCHEMA: ids.schema,
      TOPIC_PREFIX: topicPrefix,
      LOG_LEVEL: 'info',
      BACKGROUND_THREAD: 'true',
    });
    call = apiCaller(registry.baseUrl, token);
    await eventually(
      async () => {
        if (!registry.alive()) throw new Error(`exited:\n${registry.lastOutput()}`);
        expect((await registry.get('/health/ready')).status).toBe(200);
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
  }, 120_000);

  afterAll(async () => {
    await registry?.stop();
    await dropTestSchema(ids.schema);
    const kafka = createKafkaClient({
      clientId: ids.id,
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      log: () => undefined,
    });
    await deleteTestTopics(kafka, topicPrefix);
  }, 60_000);

  it('records a command on the main thread, and publishes and projects it on the other', async () => {
    const zoneId = `bg-${ids.id.replace(/_/g, '-')}`;
    const nameEn = `Background Thread Zone ${ids.id}`;
    const created = await call('POST', '/v1/zones', {
      zoneId,
      nameZh: `线程开发区${ids.id}`,
      nameEn,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: '江苏',
      city: '苏州市',
      approvedOn: { year: 1994, month: 2 },
    });
    expect(created.status).toBe(201);

    // The list is read from zone_view, which only the thread keeps.
    await eventually(
      async () => {
        const answer = await call('GET', `/v1/zones?q=${encodeURIComponent(nameEn)}`);
        expect(answer.status).toBe(200);
        const { items } = (await answer.json()) as { items: { zoneId: string }[] };
        expect(items.map((item) => item.zoneId)).toEqual([zoneId]);
      },
      { timeoutMs: 30_000 },
    );

    // Metrics from one port: the process's own, and the relay's and projections' from the thread.
    await eventually(
      async () => {
        const metrics = await (await registry.get('/metrics')).text();
        expect(metrics).toMatch(/^zoneledger_relay_leader\{[^}]*\} 1$/m);
        expect(metrics).toMatch(/^zoneledger_relay_published_events\{[^}]*\} 1$/m);
        expect(metrics).toMatch(/^zoneledger_relay_lag_events\{[^}]*\} 0$/m);
        expect(metrics).toMatch(
          /^zoneledger_projection_applied_events\{[^}]*projection="zone-view"[^}]*\} 1$/m,
        );
        // The process's own metrics appear once, from the main thread.
        expect(metrics.match(/^# TYPE process_cpu_seconds_total /gm)).toHaveLength(1);
        // Each thread's event loop and heap: the main thread's, and the thread's labelled.
        expect(metrics).toMatch(/^nodejs_eventloop_lag_p99_seconds\{service="zone-registry"\} /m);
        expect(metrics).toMatch(
          /^nodejs_eventloop_lag_p99_seconds\{[^}]*thread="background"[^}]*\} /m,
        );
        expect(metrics).toMatch(/^nodejs_heap_size_used_bytes\{[^}]*thread="background"[^}]*\} /m);
        expect(metrics).toMatch(/^http_requests_total\{[^}]*route="\/v1\/zones"/m);
      },
      { timeoutMs: 15_000 },
    );

    // Readiness and the projections' admin report the thread's projections.
    const ready = (await (await registry.get('/health/ready')).json()) as {
      details: { projections: Record<string, unknown> };
    };
    expect(ready.details.projections).toMatchObject({
      status: 'up',
      'zone-view': { state: 'running', lag: 0 },
    });
    const listed = (await (await call('GET', '/v1/admin/projections')).json()) as {
      projections: Record<string, { state: string; applied: number }>;
    };
    expect(listed.projections['zone-view']).toMatchObject({ state: 'running', applied: 1 });
  }, 60_000);

  it('answers the projections admin as it would with one thread, problems included', async () => {
    const unknown = await call('POST', '/v1/admin/projections/no-such-view/rebuilds');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await unknown.json()).toMatchObject({ code: 'PROJECTIONS.UNKNOWN', status: 404 });

    const started = await call('POST', '/v1/admin/projections/zone-view/rebuilds');
    expect(started.status).toBe(202);
    expect(await started.json()).toMatchObject({ projection: 'zone-view', state: 'running' });
    await eventually(
      async () => {
        const latest = await call('GET', '/v1/admin/projections/zone-view/rebuilds/latest');
        expect(latest.status).toBe(200);
        expect(await latest.json()).toMatchObject({ state: 'completed' });
      },
      { timeoutMs: 30_000 },
    );
  }, 60_000);

  it('stops both threads on SIGTERM, the way an orchestrator stops it', async () => {
    // The service gives its thread up to 30 s to stop: the harness waits past that before
    // SIGKILL, so the test holds the service to its own deadline, not a shorter one.
    await registry.stop(45_000);
    // Nest closes the app, then ends the process with the signal it got; SIGKILL would mean the
    // deadline ran out, and a thread terminated after its own would not log that it stopped.
    expect(registry.exit()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(registry.lastOutput()).toMatch(/background thread stopped/);
    expect(registry.lastOutput()).not.toMatch(/background thread ended unasked/);
  }, 60_000);
});
