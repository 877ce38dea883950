import { Webhook } from 'standardwebhooks';
import type { ApiCall } from '@zoneledger/testing';
import { SubscriptionStreams } from '../src/application/subscription-streams';
import { WEBHOOK_SECRETS, WebhookSecrets } from '../src/application/webhook-secrets';
import { open } from '../src/application/secret-box';
import { signingSecrets } from '../src/domain';
import { startNotifier, type NotifierUnderTest } from './notifier.harness';

const FILTER = { eventTypes: ['ZoneRegistered'], provinces: ['江苏'] };
const SECRET = /^whsec_[A-Za-z0-9+/]{32}$/;

// A JSON answer, its members read loosely (the assertions say what they must be).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
const json = async (response: Response) => ({
  status: response.status,
  type: response.headers.get('content-type') ?? '',
  body: (await response.json()) as Loose,
});

// A notifier that allows plain http and loopback (the receivers tests run), and one as
// production is (https only, no internal network allowed).
describe('the subscriptions API', () => {
  let notifier: NotifierUnderTest;
  let strict: NotifierUnderTest;
  let analyst: ApiCall;
  let otherAnalyst: ApiCall;
  let ops: ApiCall;

  beforeAll(async () => {
    [notifier, strict] = await Promise.all([
      startNotifier({ NOTIFIER_ALLOW_HTTP: 'true', NOTIFIER_ALLOWED_NETWORKS: '127.0.0.1/32' }),
      startNotifier(),
    ]);
    analyst = await notifier.caller('analyst-a', 'analyst');
    otherAnalyst = await notifier.caller('analyst-b', 'analyst');
    ops = await notifier.caller('operator', 'ops');
  });
  afterAll(async () => {
    await notifier?.stop();
    await strict?.stop();
  });

  const webhook = (path = 'hook') => ({
    filter: FILTER,
    channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: `http://127.0.0.1:9/${path}` },
  });
  const subscribe = async (call: ApiCall, body: unknown = webhook()) => {
    const answer = await json(await call('POST', '/v1/subscriptions', body));
    expect(answer).toMatchObject({ status: 201 });
    return answer.body as { subscriptionId: string; secret?: string; version: number };
  };

  it('subscribes a webhook: the secret is shown once, stored sealed, never read back', async () => {
    const response = await analyst('POST', '/v1/subscriptions', webhook());
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBe('"1"');
    const created = (await response.json()) as { subscriptionId: string; secret: string };
    expect(created).toMatchObject({
      version: 1,
      recorded: ['SubscriptionCreated'],
      replayed: false,
    });
    expect(created.secret).toMatch(SECRET);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(24);
    expect(response.headers.get('location')).toBe(`/v1/subscriptions/${created.subscriptionId}`);

    const read = await json(await analyst('GET', `/v1/subscriptions/${created.subscriptionId}`));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      subscriptionId: created.subscriptionId,
      owner: `analyst-a-${notifier.id}`,
      status: 'active',
      channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'http://127.0.0.1:9/hook' },
      filter: { eventTypes: ['ZoneRegistered'], provinces: ['江苏省'] },
      version: 1,
    });
    expect(read.body.channel.fingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
    const listed = await json(await analyst('GET', '/v1/subscriptions?limit=100'));
    const everything = JSON.stringify([read.body, listed.body]);
    expect(everything).not.toContain(created.secret);
    expect(everything).not.toContain('secretRef');

    // Nor do the events hold it: only its reference.
    const events: { data: unknown }[] = await notifier.dataSource.query(
      `select data from events where stream_id = $1`,
      [`subscription-${created.subscriptionId}`],
    );
    expect(JSON.stringify(events)).not.toContain(created.secret.slice(6));

    // The table holds the ciphertext, which the key opens.
    const rows: { secret_ref: string; iv: Buffer; ciphertext: Buffer; auth_tag: Buffer }[] =
      await notifier.dataSource.query(
        `select secret_ref, iv, ciphertext, auth_tag from ${WEBHOOK_SECRETS} where subscription_id = $1`,
        [created.subscriptionId],
      );
    expect(rows).toHaveLength(1);
    const [row] = rows;
    const raw = Buffer.from(created.secret.slice(6), 'base64');
    expect(row.ciphertext.toString('utf8')).not.toContain('whsec_');
    expect(row.ciphertext.includes(raw)).toBe(false);
    expect(row.ciphertext.includes(Buffer.from(created.secret))).toBe(false);
    const sealed = { iv: row.iv, ciphertext: row.ciphertext, authTag: row.auth_tag };
    expect(open(notifier.secretKey, row.secret_ref, sealed)).toBe(created.secret);
  });

  it('answers a retry under its Idempotency-Key without the secret, and stores none for it', async () => {
    const key = { 'idempotency-key': `subscribe-${notifier.id}` };
    const first = await json(await analyst('POST', '/v1/subscriptions', webhook('retry'), key));
    expect(first.status).toBe(201);
    expect(first.body.secret).toMatch(SECRET);
    const again = await json(await analyst('POST', '/v1/subscriptions', webhook('retry'), key));
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ subscriptionId: first.body.subscriptionId, replayed: true });
    expect(again.body.secret).toBeUndefined();
    const [{ count }]: { count: number }[] = await notifier.dataSource.query(
      `select count(*)::int as count from ${WEBHOOK_SECRETS} where subscription_id = $1`,
      [first.body.subscriptionId],
    );
    expect(count).toBe(1);
  });

  it("keeps an analyst out of another's subscriptions (404, as if none), lets ops see all", async () => {
    const mine = await subscribe(analyst);
    const theirs = await subscribe(otherAnalyst, {
      filter: FILTER,
      channel: { kind: 'CHANNEL_KIND_EMAIL', address: 'B@Example.COM' },
    });
    expect(theirs.secret).toBeUndefined();

    const missing = await json(
      await analyst('GET', '/v1/subscriptions/00000000-0000-4000-8000-000000000000'),
    );
    const hidden = await json(await analyst('GET', `/v1/subscriptions/${theirs.subscriptionId}`));
    expect(hidden.status).toBe(404);
    expect(hidden.type).toContain('application/problem+json');
    expect(hidden.body.code).toBe('NOTIFIER.NOT_FOUND');
    expect(hidden.body.code).toBe(missing.body.code);
    expect(hidden.body.title).toBe(missing.body.title);

    const before = await notifier.eventCount();
    const path = `/v1/subscriptions/${theirs.subscriptionId}`;
    for (const [method, suffix, body] of [
      ['PUT', '/filter', { eventTypes: ['PolicyIssued'] }],
      ['POST', '/pause', undefined],
      ['POST', '/resume', undefined],
      ['POST', '/secret-rotations', undefined],
      ['DELETE', '', undefined],
    ] as const) {
      const refused = await json(await analyst(method, `${path}${suffix}`, body));
      expect({ method, suffix, status: refused.status, code: refused.body.code }).toEqual({
        method,
        suffix,
        status: 404,
        code: 'NOTIFIER.NOT_FOUND',
      });
    }
    expect(await notifier.eventCount()).toBe(before);

    const own = await json(await analyst('GET', '/v1/subscriptions?limit=100'));
    const ids = (page: { items: { subscriptionId: string }[] }) =>
      page.items.map((item) => item.subscriptionId);
    expect(ids(own.body as never)).toContain(mine.subscriptionId);
    expect(ids(own.body as never)).not.toContain(theirs.subscriptionId);
    expect(
      (own.body.items as { owner: string }[]).every(
        (item) => item.owner === `analyst-a-${notifier.id}`,
      ),
    ).toBe(true);

    const all = await json(await ops('GET', '/v1/subscriptions?limit=100'));
    expect(ids(all.body as never)).toEqual(
      expect.arrayContaining([mine.subscriptionId, theirs.subscriptionId]),
    );
    const seen = await json(await ops('GET', path));
    expect(seen.body).toMatchObject({
      owner: `analyst-b-${notifier.id}`,
      channel: {
        kind: 'CHANNEL_KIND_EMAIL',
        address: 'B@example.com',
        mode: 'EMAIL_MODE_IMMEDIATE',
      },
    });
    const paged = await json(await ops('GET', '/v1/subscriptions?limit=1&offset=1'));
    expect(paged.body).toMatchObject({ limit: 1, offset: 1 });
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.total).toBeGreaterThanOrEqual(2);

    // Ops may act on any subscription.
    const paused = await json(await ops('POST', `${path}/pause`));
    expect(paused).toMatchObject({ status: 201, body: { recorded: ['SubscriptionPaused'] } });
  });

  it('changes the filter, pauses, resumes and unsubscribes, the list following', async () => {
    const { subscriptionId } = await subscribe(analyst, {
      filter: FILTER,
      channel: { kind: 'CHANNEL_KIND_SSE' },
    });
    const path = `/v1/subscriptions/${subscriptionId}`;
    const listed = async () => {
      const page = await json(await analyst('GET', '/v1/subscriptions?limit=100'));
      return (
        page.body.items as { subscriptionId: string; status: string; version: number }[]
      ).find((item) => item.subscriptionId === subscriptionId);
    };

    const changed = await json(
      await analyst('PUT', `${path}/filter`, { eventTypes: ['PolicyIssued'], themes: ['Tax'] }),
    );
    expect(changed).toMatchObject({
      status: 200,
      body: { version: 2, recorded: ['SubscriptionFilterChanged'] },
    });
    const sameAgain = await json(
      await analyst('PUT', `${path}/filter`, { eventTypes: ['PolicyIssued'], themes: ['tax'] }),
    );
    expect(sameAgain.body).toMatchObject({ version: 2, recorded: [] });

    expect((await json(await analyst('POST', `${path}/pause`))).body).toMatchObject({
      version: 3,
      recorded: ['SubscriptionPaused'],
    });
    expect(await listed()).toMatchObject({ status: 'paused', version: 3 });
    expect((await json(await analyst('POST', `${path}/pause`))).body.recorded).toEqual([]);

    // If-Match guards a change made on a stale read.
    const stale = await json(
      await analyst('POST', `${path}/resume`, undefined, { 'if-match': '"2"' }),
    );
    expect(stale).toMatchObject({ status: 409, body: { code: 'CONCURRENCY.CONFLICT' } });
    const resumed = await json(
      await analyst('POST', `${path}/resume`, undefined, { 'if-match': '"3"' }),
    );
    expect(resumed.body).toMatchObject({ version: 4, recorded: ['SubscriptionResumed'] });
    expect(await listed()).toMatchObject({ status: 'active', version: 4 });

    // Only webhooks have a secret to rotate.
    const notWebhook = await json(await analyst('POST', `${path}/secret-rotations`));
    expect(notWebhook).toMatchObject({ status: 422, body: { code: 'NOTIFIER.NOT_A_WEBHOOK' } });

    const cancelled = await json(await analyst('DELETE', path));
    expect(cancelled).toMatchObject({
      status: 200,
      body: { version: 5, recorded: ['SubscriptionCancelled'] },
    });
    expect((await json(await analyst('DELETE', path))).body.recorded).toEqual([]);
    expect(await listed()).toMatchObject({ status: 'cancelled', version: 5 });
    const after = await json(await analyst('POST', `${path}/resume`));
    expect(after).toMatchObject({ status: 422, body: { code: 'NOTIFIER.CANCELLED' } });
    const read = await json(await analyst('GET', path));
    expect(read.body).toMatchObject({
      status: 'cancelled',
      filter: { eventTypes: ['PolicyIssued'], themes: ['tax'] },
    });
  });

  it('rotates the secret: shown once, both sign during the overlap, a receiver verifies either', async () => {
    const created = await subscribe(analyst, webhook('rotating'));
    const firstSecret = created.secret ?? '';
    const path = `/v1/subscriptions/${created.subscriptionId}`;
    const before = await json(await analyst('GET', path));

    const response = await analyst('POST', `${path}/secret-rotations`);
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const rotated = (await response.json()) as { secret: string; recorded: string[] };
    expect(rotated.recorded).toEqual(['SubscriptionSecretRotated']);
    expect(rotated.secret).toMatch(SECRET);
    expect(rotated.secret).not.toBe(created.secret);

    const read = await json(await analyst('GET', path));
    expect(JSON.stringify(read.body)).not.toContain(rotated.secret);
    expect(read.body.channel.fingerprint).not.toBe(before.body.channel.fingerprint);
    expect(read.body.previousSecret.fingerprint).toBe(before.body.channel.fingerprint);
    const validUntil = Date.parse(read.body.previousSecret.validUntil);
    expect(validUntil - Date.now()).toBeGreaterThan(23 * 60 * 60 * 1000);

    // What delivery will sign with: during the overlap both secrets, the new one first; after
    // it, the new one only.
    const { state } = await notifier.app.get(SubscriptionStreams).read(created.subscriptionId);
    const secrets = notifier.app.get(WebhookSecrets);
    expect(await secrets.reveal(signingSecrets(state, new Date()))).toEqual([
      rotated.secret,
      firstSecret,
    ]);
    expect(await secrets.reveal(signingSecrets(state, new Date(validUntil + 1)))).toEqual([
      rotated.secret,
    ]);

    // Standard Webhooks: one signature per secret; a receiver holding either verifies.
    const payload = JSON.stringify({ type: 'ZoneRegistered' });
    const timestamp = new Date();
    const signature = [rotated.secret, firstSecret]
      .map((secret) => new Webhook(secret).sign('msg_1', timestamp, payload))
      .join(' ');
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    };
    for (const secret of [firstSecret, rotated.secret])
      expect(new Webhook(secret).verify(payload, headers)).toEqual({ type: 'ZoneRegistered' });
  });

  describe('webhook URLs that would reach inside the deployment', () => {
    it.each([
      ['https://127.0.0.1/hook', 'loopback'],
      ['https://169.254.169.254/latest/meta-data/', 'link-local'],
      ['https://10.0.0.1/hook', 'private'],
      ['https://[::1]/hook', 'loopback'],
      ['https://localhost/hook', 'loopback'],
      ['https://localhost:8443/hook', 'loopback'],
      ['https://loopback.zoneledger.test/hook', 'loopback'],
      ['https://private.zoneledger.test/hook', 'private'],
    ])('refuses %s (%s) and records nothing', async (url, addressClass) => {
      const before = await strict.eventCount();
      const refused = await json(
        await strict.as('analyst')('POST', '/v1/subscriptions', {
          filter: FILTER,
          channel: { kind: 'CHANNEL_KIND_WEBHOOK', url },
        }),
      );
      expect(refused.status).toBe(422);
      expect(refused.type).toContain('application/problem+json');
      expect(refused.body.code).toBe('NOTIFIER.ADDRESS_NOT_ALLOWED');
      expect(refused.body.detail).toContain(addressClass);
      expect(await strict.eventCount()).toBe(before);
      const [{ count }]: { count: number }[] = await strict.dataSource.query(
        `select count(*)::int as count from ${WEBHOOK_SECRETS}`,
      );
      expect(count).toBe(0);
    });

    it('accepts a host resolving to public addresses only, and an allow-listed one', async () => {
      const accepted = await subscribe(strict.as('analyst'), {
        filter: FILTER,
        channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'https://public.zoneledger.test/hook' },
      });
      expect(accepted.secret).toMatch(SECRET);
      await subscribe(analyst, {
        filter: FILTER,
        channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'http://loopback.zoneledger.test:8080/hook' },
      });
      // The allow-list names 127.0.0.1 only.
      const refused = await json(
        await analyst('POST', '/v1/subscriptions', {
          filter: FILTER,
          channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'http://10.0.0.1/hook' },
        }),
      );
      expect(refused.body.code).toBe('NOTIFIER.ADDRESS_NOT_ALLOWED');
    });

    it('refuses plain http where configuration does not allow it', async () => {
      const refused = await json(
        await strict.as('analyst')('POST', '/v1/subscriptions', {
          filter: FILTER,
          channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'http://public.zoneledger.test/hook' },
        }),
      );
      expect(refused).toMatchObject({ status: 422, body: { code: 'NOTIFIER.INSECURE_URL' } });
    });
  });

  describe('bad requests: 4xx problem+json, nothing recorded', () => {
    const webhookUrl = 'http://127.0.0.1:9/hook';
    it.each<[string, unknown, number, string]>([
      ['no body', undefined, 400, 'VALIDATION.FAILED'],
      ['no channel', { filter: FILTER }, 400, 'VALIDATION.FAILED'],
      [
        'an unknown channel',
        { filter: FILTER, channel: { kind: 'PIGEON' } },
        400,
        'VALIDATION.FAILED',
      ],
      [
        'a webhook without URL',
        { filter: FILTER, channel: { kind: 'CHANNEL_KIND_WEBHOOK' } },
        400,
        'VALIDATION.FAILED',
      ],
      [
        'an e-mail without address',
        { filter: FILTER, channel: { kind: 'CHANNEL_KIND_EMAIL' } },
        400,
        'VALIDATION.FAILED',
      ],
      [
        'an unknown field',
        { filter: FILTER, channel: { kind: 'CHANNEL_KIND_SSE' }, secret: 'x' },
        400,
        'VALIDATION.FAILED',
      ],
      [
        'an empty filter',
        { filter: {}, channel: { kind: 'CHANNEL_KIND_SSE' } },
        422,
        'NOTIFIER.EMPTY_FILTER',
      ],
      [
        'an unknown event type',
        { filter: { eventTypes: ['ZoneExploded'] }, channel: { kind: 'CHANNEL_KIND_SSE' } },
        422,
        'NOTIFIER.UNKNOWN_EVENT_TYPE',
      ],
      [
        'an unknown province',
        { filter: { provinces: ['Atlantis'] }, channel: { kind: 'CHANNEL_KIND_SSE' } },
        422,
        'NOTIFIER.UNKNOWN_PROVINCE',
      ],
      [
        'a negative threshold',
        { filter: { rankMoved: { atLeast: -1 } }, channel: { kind: 'CHANNEL_KIND_SSE' } },
        422,
        'NOTIFIER.INVALID_THRESHOLD',
      ],
      [
        'a bad e-mail address',
        { filter: FILTER, channel: { kind: 'CHANNEL_KIND_EMAIL', address: 'nobody' } },
        422,
        'NOTIFIER.INVALID_EMAIL',
      ],
      [
        'a relative URL',
        { filter: FILTER, channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: '/hook' } },
        422,
        'NOTIFIER.INVALID_URL',
      ],
      [
        'a URL with credentials',
        { filter: FILTER, channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'http://u:p@127.0.0.1/' } },
        422,
        'NOTIFIER.INVALID_URL',
      ],
      [
        'an ftp URL',
        { filter: FILTER, channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'ftp://127.0.0.1/' } },
        422,
        'NOTIFIER.INSECURE_URL',
      ],
      [
        'a host that does not resolve',
        {
          filter: FILTER,
          channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'http://nowhere.invalid/' },
        },
        422,
        'NOTIFIER.INVALID_URL',
      ],
      [
        'a webhook URL of 3000 characters',
        {
          filter: FILTER,
          channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: `${webhookUrl}/${'a'.repeat(3000)}` },
        },
        400,
        'VALIDATION.FAILED',
      ],
    ])('refuses %s', async (_what, body, status, code) => {
      const before = await notifier.eventCount();
      const refused = await json(await analyst('POST', '/v1/subscriptions', body));
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status, code });
      expect(refused.type).toContain('application/problem+json');
      expect(await notifier.eventCount()).toBe(before);
    });

    it('refuses a malformed id (400), an unknown one (404), and other roles (403)', async () => {
      const before = await notifier.eventCount();
      expect((await analyst('GET', '/v1/subscriptions/not-a-uuid')).status).toBe(400);
      expect((await analyst('POST', '/v1/subscriptions/not-a-uuid/pause')).status).toBe(400);
      const unknown = await json(
        await analyst('POST', '/v1/subscriptions/00000000-0000-4000-8000-000000000000/pause'),
      );
      expect(unknown).toMatchObject({ status: 404, body: { code: 'NOTIFIER.NOT_FOUND' } });
      for (const role of ['zone-admin', 'policy-admin', 'assessor'] as const) {
        const forbidden = await notifier.as(role)('POST', '/v1/subscriptions', webhook());
        expect(forbidden.status).toBe(403);
        expect((await notifier.as(role)('GET', '/v1/subscriptions')).status).toBe(403);
      }
      expect(await notifier.eventCount()).toBe(before);
    });
  });
});
