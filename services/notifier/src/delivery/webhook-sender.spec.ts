import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { HostLookup } from '../application/endpoint-addresses';
import { readNotifierConfig } from '../application/notifier-config';
import {
  CLOUDEVENTS_JSON,
  followedZones,
  webhookBody,
  WebhookSender,
  type WebhookRequest,
} from './webhook-sender';

// The sender against a real HTTP server on 127.0.0.1: what it sends, how it reads answers, and
// which addresses it refuses to reach.

const secret = () => `whsec_${randomBytes(24).toString('base64')}`;
const SERVICE = { service: 'notifier', auth: { issuer: 'i', audience: 'a', jwtSecret: 'x' } };
const config = (env: Record<string, string> = {}) =>
  readNotifierConfig(
    {
      NOTIFIER_SECRET_KEY: randomBytes(32).toString('base64'),
      NOTIFIER_ALLOW_HTTP: 'true',
      NOTIFIER_ALLOWED_NETWORKS: '127.0.0.1/32',
      NOTIFIER_WEBHOOK_TIMEOUT_MS: '300',
      ...env,
    },
    SERVICE,
  );

// Names the tests resolve: one changes its address between checks (DNS rebinding).
const names: Record<string, string[]> = {
  'receiver.test': ['127.0.0.1'],
  'metadata.test': ['169.254.169.254'],
  'mixed.test': ['127.0.0.1', '10.0.0.1'],
  'v6-loopback.test': ['::1'],
};
const lookup: HostLookup = async (host) => {
  const addresses = names[host];
  if (!addresses)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address }));
};

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

describe('the webhook sender', () => {
  let server: Server;
  let port: number;
  let received: Received[];
  let answer: (request: IncomingMessage, response: ServerResponse) => void;
  let sender: WebhookSender;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        answer(request, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    sender = new WebhookSender(config(), lookup);
  });
  beforeEach(() => {
    received = [];
    answer = (_request, response) => response.writeHead(204).end();
  });
  afterAll(async () => {
    sender.onApplicationShutdown();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const CLOUD_EVENT = {
    specversion: '1.0',
    id: 'evt-1',
    source: '/zoneledger/zone-registry',
    type: 'zoneledger.zone.v1.ZoneRegistered',
    subject: 'zone-zone-a',
    time: '2025-01-03T08:00:00.000Z',
    datacontenttype: 'application/json',
    data: { zoneId: 'zone-a', name: '苏州工业园区' },
  };
  const request = (data: Partial<WebhookRequest> = {}): WebhookRequest => ({
    url: `http://127.0.0.1:${port}/hook`,
    messageId: 'sub-1:evt-1',
    body: webhookBody(CLOUD_EVENT, 'sub-1', []),
    secrets: [secret()],
    timestamp: new Date(),
    ...data,
  });

  it('POSTs the CloudEvent signed per Standard Webhooks, one signature per secret', async () => {
    const [current, previous] = [secret(), secret()];
    const body = webhookBody(CLOUD_EVENT, 'sub-1', [{ zoneId: 'zone-a', insteadOf: 'zone-b' }]);
    const result = await sender.send(request({ body, secrets: [current, previous] }));
    expect(result.outcome).toEqual({ kind: 'response', status: 204 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.responseExcerpt).toBeUndefined();
    const [{ headers, body: sent }] = received;
    expect(headers['content-type']).toBe(CLOUDEVENTS_JSON);
    expect(headers['webhook-id']).toBe('sub-1:evt-1');
    expect(String(headers['webhook-signature']).split(' ')).toHaveLength(2);
    const signed = {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    };
    for (const key of [current, previous])
      expect(new Webhook(key).verify(sent, signed)).toMatchObject({ id: 'evt-1' });
    expect(() => new Webhook(secret()).verify(sent, signed)).toThrow();
    expect(JSON.parse(sent)).toEqual({
      ...CLOUD_EVENT,
      subscriptionid: 'sub-1',
      followedzones: 'zone-a<-zone-b',
    });
  });

  it('writes followed zones as <followed><-<instead of> pairs, and none when empty', () => {
    expect(
      followedZones([
        { zoneId: 'zone-a', insteadOf: 'zone-b' },
        { zoneId: 'zone-a', insteadOf: 'zone-c' },
      ]),
    ).toBe('zone-a<-zone-b,zone-a<-zone-c');
    expect(JSON.parse(webhookBody(CLOUD_EVENT, 'sub-1', []))).not.toHaveProperty('followedzones');
  });

  it('reads at most 4 KiB of the answer for its excerpt', async () => {
    answer = (_request, response) => response.writeHead(500).end('x'.repeat(100_000));
    const result = await sender.send(request());
    expect(result.outcome).toEqual({ kind: 'response', status: 500 });
    expect(result.responseExcerpt).toBe('x'.repeat(4096));
    answer = (_request, response) => response.writeHead(200).end('{"ok":true}');
    expect((await sender.send(request())).responseExcerpt).toBe('{"ok":true}');
  });

  it('passes Retry-After on', async () => {
    answer = (_request, response) => response.writeHead(429, { 'retry-after': '7' }).end();
    expect((await sender.send(request())).outcome).toEqual({
      kind: 'response',
      status: 429,
      retryAfter: '7',
    });
  });

  it('does not follow a redirect', async () => {
    answer = (request, response) =>
      request.url === '/hook'
        ? response.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end()
        : response.writeHead(200).end();
    expect((await sender.send(request())).outcome).toEqual({ kind: 'response', status: 302 });
    expect(received.map((one) => one.headers.host)).toHaveLength(1);
  });

  it('gives up on an answer slower than the time limit', async () => {
    answer = () => undefined; // no answer: the time limit ends the attempt
    const result = await sender.send(request());
    expect(result.outcome).toEqual({ kind: 'timeout' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
    expect(result.latencyMs).toBeLessThan(1000);
  });

  it('reports a connection that fails', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const unused = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await sender.send(request({ url: `http://127.0.0.1:${unused}/` }));
    expect(result.outcome).toMatchObject({ kind: 'network-error' });
    expect((result.outcome as { error: string }).error).toMatch(/ECONNREFUSED/);
  });

  it('resolves names through the service lookup and reaches an allowed address', async () => {
    const result = await sender.send(request({ url: `http://receiver.test:${port}/hook` }));
    expect(result.outcome).toEqual({ kind: 'response', status: 204 });
    expect(received).toHaveLength(1);
  });

  it('refuses addresses delivery may not reach, literal or resolved, sending nothing', async () => {
    const strict = new WebhookSender(config({ NOTIFIER_ALLOWED_NETWORKS: '' }), lookup);
    try {
      for (const url of [
        `http://127.0.0.1:${port}/hook`,
        `http://[::1]:${port}/hook`,
        `http://receiver.test:${port}/hook`,
        `http://metadata.test:${port}/`,
        `http://v6-loopback.test:${port}/`,
        `http://10.0.0.1:${port}/`,
        `http://169.254.169.254/latest/meta-data`,
      ]) {
        const result = await strict.send(request({ url }));
        expect({ url, outcome: result.outcome.kind }).toEqual({
          url,
          outcome: 'address-not-allowed',
        });
      }
      // A name with one address not allowed among others is refused as a whole.
      const mixed = await sender.send(request({ url: `http://mixed.test:${port}/` }));
      expect(mixed.outcome).toEqual({
        kind: 'address-not-allowed',
        error: 'mixed.test resolves to a private address, which delivery may not reach',
      });
      expect(received).toEqual([]);
    } finally {
      strict.onApplicationShutdown();
    }
  });

  it('checks the address at every attempt: a name that now resolves elsewhere is refused', async () => {
    names['rebinding.test'] = ['127.0.0.1'];
    const url = `http://rebinding.test:${port}/hook`;
    const fresh = new WebhookSender(config(), lookup);
    try {
      expect((await fresh.send(request({ url }))).outcome).toEqual({
        kind: 'response',
        status: 204,
      });
      names['rebinding.test'] = ['169.254.169.254'];
      // A new connection each time (no kept one): the name is resolved again.
      fresh.onApplicationShutdown();
      const again = new WebhookSender(config(), lookup);
      expect((await again.send(request({ url }))).outcome.kind).toBe('address-not-allowed');
      again.onApplicationShutdown();
      expect(received).toHaveLength(1);
    } finally {
      fresh.onApplicationShutdown();
    }
  });

  it('refuses plain http unless configured', async () => {
    const strict = new WebhookSender(config({ NOTIFIER_ALLOW_HTTP: 'false' }), lookup);
    const result = await strict.send(request());
    strict.onApplicationShutdown();
    expect(result.outcome).toEqual({
      kind: 'address-not-allowed',
      error: 'http: URLs are not allowed',
    });
    expect(received).toEqual([]);
  });
});
