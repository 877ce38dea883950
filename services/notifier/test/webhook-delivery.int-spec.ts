import { Topics } from '@zoneledger/contracts';
import {
  WebhookReceiver,
  zoneEvent,
  zoneRegistered,
  type ReceivedWebhook,
  type WebhookAnswer,
} from '@zoneledger/service-testing';
import { eventually, type ApiCall } from '@zoneledger/testing';
import { randomUUID } from 'node:crypto';
import { startNotifier, TEST_HOSTS, type NotifierUnderTest } from './notifier.harness';

// Webhook delivery end to end: zone events published on Kafka, matched by the intake, delivered
// by the worker to a real HTTP receiver on 127.0.0.1 that verifies every request with the
// `standardwebhooks` library, every attempt recorded and served by the deliveries API.

const ids = () => randomUUID().slice(0, 8);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const ENV = {
  NOTIFIER_ALLOW_HTTP: 'true',
  NOTIFIER_ALLOWED_NETWORKS: '127.0.0.1/32',
  NOTIFIER_RETRY_SCHEDULE: '0,200,400,800',
  NOTIFIER_WEBHOOK_TIMEOUT_MS: '500',
};

describe('webhook delivery', () => {
  let notifier: NotifierUnderTest;
  let receiver: WebhookReceiver;
  let analyst: ApiCall;

  beforeAll(async () => {
    receiver = new WebhookReceiver();
    await receiver.start();
    notifier = await startNotifier(ENV);
    analyst = await notifier.caller('analyst-hooks', 'analyst');
  });
  afterAll(async () => {
    await notifier?.stop();
    await receiver?.stop();
  });

  const json = async (response: Response) => ({
    status: response.status,
    body: (await response.json()) as Loose,
  });

  async function subscribe(
    on: NotifierUnderTest,
    call: ApiCall,
    zoneIds: string[],
    url: string,
  ): Promise<{ subscriptionId: string; secret: string }> {
    const answer = await json(
      await call('POST', '/v1/subscriptions', {
        filter: { zoneIds },
        channel: { kind: 'CHANNEL_KIND_WEBHOOK', url },
      }),
    );
    expect(answer).toMatchObject({ status: 201 });
    expect(on).toBeDefined();
    return answer.body as { subscriptionId: string; secret: string };
  }

  /** A subscription to `zoneIds` delivered to a fresh receiver path, verified with its secret. */
  async function hook(zoneIds: string[], answer?: WebhookAnswer) {
    const path = receiver.path(answer);
    const created = await subscribe(
      notifier,
      analyst,
      zoneIds,
      `http://127.0.0.1:${receiver.port}${path}`,
    );
    receiver.verifyWith(path, created.secret);
    return { ...created, path };
  }

  const deliveries = async (subscriptionId: string, call = analyst, on = notifier) => {
    const answer = await json(
      await call('GET', `/v1/subscriptions/${subscriptionId}/deliveries?limit=100`),
    );
    expect(answer.status).toBe(200);
    expect(on).toBeDefined();
    return answer.body as { items: Loose[]; total: number };
  };

  const registered = (zoneId: string) => zoneRegistered({ zoneId, nameZh: `开发区${zoneId}` });
  const eventIdOf = (message: { headers?: Record<string, unknown> }) =>
    String(message.headers?.ce_id);

  it('retries a failing receiver until it answers 200: one success after three attempts', async () => {
    const zone = `z-${ids()}`;
    const { subscriptionId, path } = await hook([zone], (n) =>
      n < 2 ? { status: 500, body: `busy ${n}` } : { status: 200, body: '{"received":true}' },
    );
    const event = registered(zone);
    await notifier.publish(Topics.zones, [event]);
    const notificationId = `${subscriptionId}:${eventIdOf(event)}`;

    const delivered = await eventually(async () => {
      const { items } = await deliveries(subscriptionId);
      expect(items).toHaveLength(1);
      expect(items[0].status).toBe('delivered');
      return items[0];
    });
    expect(delivered).toMatchObject({
      notificationId,
      sourceEventId: eventIdOf(event),
      sourceEventType: 'zoneledger.zone.v1.ZoneRegistered',
      subject: `zone-${zone}`,
    });
    expect(delivered.attempts).toMatchObject([
      {
        attempt: 1,
        outcome: 'failed',
        statusCode: 500,
        responseExcerpt: 'busy 0',
        nextStep: 'NEXT_STEP_RETRY',
      },
      {
        attempt: 2,
        outcome: 'failed',
        statusCode: 500,
        responseExcerpt: 'busy 1',
        nextStep: 'NEXT_STEP_RETRY',
      },
      { attempt: 3, outcome: 'delivered', statusCode: 200, responseExcerpt: '{"received":true}' },
    ]);
    for (const attempt of delivered.attempts) {
      expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
      expect(Date.parse(attempt.attemptedAt)).not.toBeNaN();
    }
    expect(Date.parse(delivered.attempts[0].retryAt)).toBeGreaterThanOrEqual(
      Date.parse(delivered.attempts[0].attemptedAt) + 200,
    );

    const requests = receiver.at(path);
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.verified).toEqual([true]);
      expect(request.headers['webhook-id']).toBe(notificationId);
      expect(request.headers['content-type']).toBe('application/cloudevents+json');
      expect(request.body).toMatchObject({
        specversion: '1.0',
        id: eventIdOf(event),
        type: 'zoneledger.zone.v1.ZoneRegistered',
        subject: `zone-${zone}`,
        subscriptionid: subscriptionId,
        data: { zoneId: zone, nameZh: `开发区${zone}` },
      });
      expect(request.body).not.toHaveProperty('followedzones');
    }
    // The attempts are counted by outcome, and timed.
    const metrics = await (await fetch(`${notifier.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /notifier_webhook_attempts_total\{[^}]*outcome="http_5xx"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(
      /notifier_webhook_attempts_total\{[^}]*outcome="delivered"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(
      /notifier_webhook_attempt_duration_seconds_count\{[^}]*outcome="delivered"/,
    );
  });

  it('says which merged zones a notification followed (followedzones)', async () => {
    const [absorbed, survivor] = [`z-${ids()}`, `z-${ids()}`];
    const { path } = await hook([absorbed]);
    const merged = zoneEvent(survivor, 2, 'ZonesMerged', {
      mergerId: `m-${ids()}`,
      survivingZoneId: survivor,
      absorbedZoneIds: [absorbed],
    });
    await notifier.publish(Topics.zones, [registered(absorbed), registered(survivor), merged]);
    await eventually(() =>
      expect(receiver.at(path).map((request) => request.body.id)).toContain(eventIdOf(merged)),
    );
    const renamed = zoneEvent(survivor, 3, 'ZoneRenamed', { zoneId: survivor, nameZh: '新区' });
    await notifier.publish(Topics.zones, [renamed]);
    const request = await eventually(() => {
      const found = receiver.at(path).find((one) => one.body.id === eventIdOf(renamed));
      expect(found).toBeDefined();
      return found as ReceivedWebhook;
    });
    expect(request.body).toMatchObject({
      subject: `zone-${survivor}`,
      followedzones: `${survivor}<-${absorbed}`,
    });
    expect(request.verified).toEqual([true]);
  });

  it('disables the endpoint on 410 Gone, with an event', async () => {
    const zone = `z-${ids()}`;
    const { subscriptionId, path } = await hook([zone], () => ({ status: 410 }));
    await notifier.publish(Topics.zones, [registered(zone)]);
    const view = await eventually(async () => {
      const answer = await json(await analyst('GET', `/v1/subscriptions/${subscriptionId}`));
      expect(answer.body.endpointDisabled).toBeDefined();
      return answer.body;
    });
    expect(view.endpointDisabled).toMatchObject({ reason: 'ENDPOINT_DISABLED_REASON_GONE' });
    const events = (await notifier.dataSource.query(
      `select event_type, data from events where stream_id = $1 order by stream_version`,
      [`subscription-${subscriptionId}`],
    )) as { event_type: string; data: Loose }[];
    expect(events.map((event) => event.event_type)).toEqual([
      'SubscriptionCreated',
      'SubscriptionEndpointDisabled',
    ]);
    const { items } = await deliveries(subscriptionId);
    expect(items[0]).toMatchObject({ status: 'endpoint-disabled' });
    expect(items[0].attempts).toMatchObject([
      { attempt: 1, statusCode: 410, nextStep: 'NEXT_STEP_ENDPOINT_DISABLED' },
    ]);
    expect(receiver.at(path)).toHaveLength(1);

    // Resumed, the endpoint takes deliveries again.
    const resumed = await analyst('POST', `/v1/subscriptions/${subscriptionId}/resume`);
    expect(resumed.status).toBe(201);
    const later = zoneEvent(zone, 2, 'ZoneRenamed', { zoneId: zone, nameZh: '新名' });
    await notifier.publish(Topics.zones, [later]);
    await eventually(() =>
      expect(receiver.at(path).map((request) => request.body.id)).toContain(eventIdOf(later)),
    );
  });

  it('honours Retry-After on 429', async () => {
    const zone = `z-${ids()}`;
    const { subscriptionId, path } = await hook([zone], (n) =>
      n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    await notifier.publish(Topics.zones, [registered(zone)]);
    await eventually(async () =>
      expect((await deliveries(subscriptionId)).items[0]?.status).toBe('delivered'),
    );
    const [first, second] = receiver.at(path);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
    const { items } = await deliveries(subscriptionId);
    expect(items[0].attempts[0]).toMatchObject({ statusCode: 429, nextStep: 'NEXT_STEP_RETRY' });
    expect(
      Date.parse(items[0].attempts[0].retryAt) - Date.parse(items[0].attempts[0].attemptedAt),
    ).toBe(1000);
  });

  it('counts a receiver slower than the time limit as a timeout', async () => {
    const zone = `z-${ids()}`;
    const { subscriptionId } = await hook([zone], (n) =>
      n === 0 ? { status: 200, silent: true } : { status: 200 },
    );
    await notifier.publish(Topics.zones, [registered(zone)]);
    const item = await eventually(async () => {
      const { items } = await deliveries(subscriptionId);
      expect(items[0]?.status).toBe('delivered');
      return items[0];
    });
    expect(item.attempts[0]).toMatchObject({
      outcome: 'failed',
      error: 'no answer within 500 ms',
      nextStep: 'NEXT_STEP_RETRY',
    });
    expect(item.attempts[0]).not.toHaveProperty('statusCode');
    expect(item.attempts[0].latencyMs).toBeGreaterThanOrEqual(490);
    expect(item.attempts[0].latencyMs).toBeLessThan(1500);
  });

  it('delivers events about one subject in order across retries, holding back no other subject', async () => {
    const [zoneA, zoneB] = [`z-${ids()}`, `z-${ids()}`];
    const a1 = registered(zoneA);
    const a2 = zoneEvent(zoneA, 2, 'ZoneRenamed', { zoneId: zoneA, nameZh: '改名' });
    const b1 = registered(zoneB);
    let open = false;
    // A1 fails (asking for a second's pause) until the test opens the gate.
    const { path } = await hook([zoneA, zoneB], (_n, request) =>
      request.body.id === eventIdOf(a1) && !open
        ? { status: 503, headers: { 'retry-after': '1' } }
        : { status: 200 },
    );
    await notifier.publish(Topics.zones, [a1, a2, b1]);
    const seen = () => receiver.at(path).map((request) => request.body.id as string);
    await eventually(() =>
      expect(seen()).toEqual(expect.arrayContaining([eventIdOf(a1), eventIdOf(b1)])),
    );
    // B1 went while A1 is failing; A2 waits behind A1.
    expect(seen()).not.toContain(eventIdOf(a2));
    open = true;
    await eventually(() => expect(seen()).toContain(eventIdOf(a2)));
    const order = seen();
    expect(order.lastIndexOf(eventIdOf(a1))).toBeLessThan(order.indexOf(eventIdOf(a2)));
    expect(order.filter((id) => id === eventIdOf(a2))).toHaveLength(1);
    expect(receiver.at(path).every((request) => request.verified[0])).toBe(true);
  });

  it('signs with the old and the new secret while a rotated secret overlaps', async () => {
    const zone = `z-${ids()}`;
    const { subscriptionId, secret: old, path } = await hook([zone]);
    const rotated = await json(
      await analyst('POST', `/v1/subscriptions/${subscriptionId}/secret-rotations`),
    );
    expect(rotated.status).toBe(201);
    const fresh = rotated.body.secret as string;
    receiver.verifyWith(path, old, fresh);
    await notifier.publish(Topics.zones, [registered(zone)]);
    await eventually(() => expect(receiver.at(path)).toHaveLength(1));
    const [request] = receiver.at(path);
    expect(request.verified).toEqual([true, true]);
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
  });

  it('does not follow a redirect, to loopback or anywhere', async () => {
    const zone = `z-${ids()}`;
    const target = receiver.path();
    const { subscriptionId, path } = await hook([zone], () => ({
      status: 302,
      headers: { location: `http://127.0.0.1:${receiver.port}${target}` },
    }));
    await notifier.publish(Topics.zones, [registered(zone)]);
    const item = await eventually(async () => {
      const { items } = await deliveries(subscriptionId);
      expect(items[0]?.attempts.length).toBeGreaterThanOrEqual(1);
      return items[0];
    });
    expect(item.attempts[0]).toMatchObject({
      outcome: 'failed',
      statusCode: 302,
      nextStep: 'NEXT_STEP_RETRY',
    });
    expect(receiver.at(path).length).toBeGreaterThanOrEqual(1);
    expect(receiver.at(target)).toEqual([]);
  });

  it('sends a delivered notification again on request, under the same webhook-id', async () => {
    const zone = `z-${ids()}`;
    const { subscriptionId, path } = await hook([zone]);
    const event = registered(zone);
    await notifier.publish(Topics.zones, [event]);
    const notificationId = `${subscriptionId}:${eventIdOf(event)}`;
    await eventually(async () =>
      expect((await deliveries(subscriptionId)).items[0]?.status).toBe('delivered'),
    );
    const redeliver = (call: ApiCall, key = randomUUID()) =>
      call(
        'POST',
        `/v1/subscriptions/${subscriptionId}/deliveries/${encodeURIComponent(notificationId)}/redeliver`,
        undefined,
        { 'idempotency-key': key },
      );
    const key = randomUUID();
    const accepted = await json(await redeliver(analyst, key));
    expect(accepted).toMatchObject({
      status: 202,
      body: { notificationId, recorded: ['NotificationRedeliveryRequested'], replayed: false },
    });
    // The same key again: answered by the first request, nothing recorded.
    expect(await json(await redeliver(analyst, key))).toMatchObject({
      status: 202,
      body: { replayed: true },
    });
    await eventually(() => expect(receiver.at(path)).toHaveLength(2));
    const [first, again] = receiver.at(path);
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(again.verified).toEqual([true]);
    expect(again.body).toEqual(first.body);
    const item = await eventually(async () => {
      const { items } = await deliveries(subscriptionId);
      expect(items[0].attempts).toHaveLength(2);
      return items[0];
    });
    expect(item).toMatchObject({ status: 'delivered' });
    expect(item.attempts.map((attempt: Loose) => attempt.attempt)).toEqual([1, 2]);
    const stream = (await notifier.dataSource.query(
      `select event_type, data from events where stream_id = $1 order by stream_version`,
      [`notification-${notificationId}`],
    )) as { event_type: string; data: Loose }[];
    expect(stream.map((event) => event.event_type)).toEqual([
      'NotificationCreated',
      'NotificationDelivered',
      'NotificationRedeliveryRequested',
      'NotificationDelivered',
    ]);
    expect(stream[2].data).toMatchObject({
      notificationId,
      requestedBy: `analyst-hooks-${notifier.id}`,
    });
  });

  it('refuses a redelivery while pending (409), and another analyst sees nothing (404)', async () => {
    const zone = `z-${ids()}`;
    // Always failing, retried: pending for the schedule's length.
    const { subscriptionId } = await hook([zone], () => ({
      status: 503,
      headers: { 'retry-after': '30' },
    }));
    const event = registered(zone);
    await notifier.publish(Topics.zones, [event]);
    const notificationId = `${subscriptionId}:${eventIdOf(event)}`;
    await eventually(async () =>
      expect((await deliveries(subscriptionId)).items[0]?.attempts).toHaveLength(1),
    );
    const url = `/v1/subscriptions/${subscriptionId}/deliveries/${encodeURIComponent(notificationId)}/redeliver`;
    const pending = await analyst('POST', url);
    expect(pending.status).toBe(409);
    expect(pending.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await pending.json()) as Loose).code).toBe('NOTIFIER.NOTIFICATION_PENDING');

    const other = await notifier.caller('analyst-other', 'analyst');
    for (const [method, path] of [
      ['GET', `/v1/subscriptions/${subscriptionId}/deliveries`],
      ['POST', url],
    ] as const) {
      const answer = await other(method, path);
      expect(answer.status).toBe(404);
      expect(((await answer.json()) as Loose).code).toBe('NOTIFIER.NOT_FOUND');
    }
    const ops = await notifier.caller('operator', 'ops');
    expect((await deliveries(subscriptionId, ops)).items).toHaveLength(1);
    // A notification of another subscription, through this one: not found.
    const foreign = await analyst(
      'POST',
      `/v1/subscriptions/${subscriptionId}/deliveries/${randomUUID()}:${eventIdOf(event)}/redeliver`,
    );
    expect(foreign.status).toBe(404);
    const events = (await notifier.dataSource.query(
      `select count(*)::int as n from events where stream_id = $1`,
      [`notification-${notificationId}`],
    )) as { n: number }[];
    expect(events[0].n).toBe(2);
  });
});

// A notifier as production is: no internal network allowed (plain http allowed, the receiver
// being local). Hosts resolve to a public address when subscribed to and to internal ones at
// delivery time (DNS rebinding): delivery refuses them and the receiver gets nothing.
describe('webhook delivery to addresses it may not reach', () => {
  let strict: NotifierUnderTest;
  let receiver: WebhookReceiver;
  let analyst: ApiCall;

  beforeAll(async () => {
    receiver = new WebhookReceiver();
    await receiver.start();
    strict = await startNotifier({
      NOTIFIER_ALLOW_HTTP: 'true',
      NOTIFIER_RETRY_SCHEDULE: '0,60000',
    });
    analyst = await strict.caller('analyst-ssrf', 'analyst');
  });
  afterAll(async () => {
    await strict?.stop();
    await receiver?.stop();
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['10.0.0.1', 'private'],
    ['::1', 'loopback'],
  ])('refuses a host that now resolves to %s', async (address, kind) => {
    const host = `rebind-${ids()}.zoneledger.test`;
    TEST_HOSTS[host] = ['93.184.216.34'];
    const zone = `z-${ids()}`;
    const path = receiver.path();
    const created = await strict.caller('analyst-ssrf', 'analyst').then((call) =>
      call('POST', '/v1/subscriptions', {
        filter: { zoneIds: [zone] },
        channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: `http://${host}:${receiver.port}${path}` },
      }),
    );
    expect(created.status).toBe(201);
    const { subscriptionId } = (await created.json()) as { subscriptionId: string };
    TEST_HOSTS[host] = [address];
    await strict.publish(Topics.zones, [zoneRegistered({ zoneId: zone })]);
    const item = await eventually(async () => {
      const answer = await analyst('GET', `/v1/subscriptions/${subscriptionId}/deliveries`);
      const { items } = (await answer.json()) as { items: Loose[] };
      expect(items[0]?.attempts).toHaveLength(1);
      return items[0];
    });
    expect(item.attempts[0]).toMatchObject({
      outcome: 'failed',
      error: `${host} resolves to a ${kind} address, which delivery may not reach`,
      nextStep: 'NEXT_STEP_RETRY',
    });
    const [failed] = (await strict.dataSource.query(
      `select data from events where stream_id = $1 and event_type = 'NotificationFailed'`,
      [`notification-${item.notificationId}`],
    )) as { data: Loose }[];
    expect(failed.data.failure).toBe('FAILURE_KIND_ADDRESS_NOT_ALLOWED');
    expect(receiver.at(path)).toEqual([]);
  });
});

// Pending retries survive a restart: the schedule is in PostgreSQL, written with the events.
describe('webhook delivery across a restart', () => {
  let notifier: NotifierUnderTest;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = new WebhookReceiver();
    await receiver.start();
    notifier = await startNotifier({
      ...ENV,
      NOTIFIER_RETRY_SCHEDULE: '0,4000',
      NOTIFIER_DISABLE_AFTER_MS: '1000',
    });
  });
  afterAll(async () => {
    await notifier?.stop();
    await receiver?.stop();
  });

  async function hook(zone: string, answer: WebhookAnswer) {
    const analyst = await notifier.caller('analyst-restart', 'analyst');
    const path = receiver.path(answer);
    const response = await analyst('POST', '/v1/subscriptions', {
      filter: { zoneIds: [zone] },
      channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: `http://127.0.0.1:${receiver.port}${path}` },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { subscriptionId: string; secret: string };
    receiver.verifyWith(path, created.secret);
    return { ...created, path };
  }

  it('disables an endpoint failing, with no success, for longer than configured', async () => {
    const zone = `z-${ids()}`;
    const { subscriptionId, path } = await hook(zone, () => ({ status: 500 }));
    await notifier.publish(Topics.zones, [zoneRegistered({ zoneId: zone })]);
    const analyst = await notifier.caller('analyst-restart', 'analyst');
    const view = await eventually(
      async () => {
        const answer = await analyst('GET', `/v1/subscriptions/${subscriptionId}`);
        const body = (await answer.json()) as Loose;
        expect(body.endpointDisabled).toBeDefined();
        return body;
      },
      { timeoutMs: 20_000 },
    );
    expect(view.endpointDisabled.reason).toBe('ENDPOINT_DISABLED_REASON_FAILING');
    const attempts = receiver.at(path);
    expect(attempts).toHaveLength(2);
    const failingSince = Date.parse(view.endpointDisabled.failingSince);
    expect(failingSince).toBeGreaterThanOrEqual(attempts[0].at);
    expect(failingSince).toBeLessThan(attempts[1].at);
  });

  it('delivers the retries pending when it stopped once it runs again', async () => {
    const zone = `z-${ids()}`;
    const { subscriptionId, path } = await hook(zone, (n) => ({ status: n === 0 ? 500 : 200 }));
    await notifier.publish(Topics.zones, [zoneRegistered({ zoneId: zone })]);
    await eventually(() => expect(receiver.at(path)).toHaveLength(1));
    // The failure is recorded with its retry 4 s on: stop now, with the retry pending.
    await eventually(async () => {
      const rows = (await notifier.dataSource.query(
        `select status, attempts from deliveries where subscription_id = $1`,
        [subscriptionId],
      )) as { status: string; attempts: number }[];
      expect(rows).toEqual([{ status: 'pending', attempts: 1 }]);
    });
    const stoppedAt = Date.now();
    notifier = await notifier.restart();
    await eventually(() => expect(receiver.at(path)).toHaveLength(2));
    const [first, retried] = receiver.at(path);
    expect(retried.at).toBeGreaterThan(stoppedAt);
    expect(retried.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(retried.verified).toEqual([true]);
    const analyst = await notifier.caller('analyst-restart', 'analyst');
    await eventually(async () => {
      const again = await analyst('GET', `/v1/subscriptions/${subscriptionId}/deliveries`);
      const body = (await again.json()) as { items: Loose[] };
      expect(body.items[0]).toMatchObject({ status: 'delivered' });
      expect(body.items[0].attempts.map((attempt: Loose) => attempt.outcome)).toEqual([
        'failed',
        'delivered',
      ]);
      expect(body.items).toHaveLength(1);
    });
  });
});
