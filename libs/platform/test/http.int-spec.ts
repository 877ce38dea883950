import http from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { eventually, testIds } from '@zoneledger/testing';
import { DataSource } from 'typeorm';
import {
  configureServiceApp,
  mintDevToken,
  PlatformModule,
  routeBodyLimits,
  type Role,
} from '../src';
import { ZONE_ID, ZonesProbeController } from './zones-probe.controller';

const SECRET = 'zoneledger-http-test-secret';

describe('the HTTP surface every service shares', () => {
  const ids = testIds('http');
  let app: INestApplication;
  let baseUrl: string;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    @Module({
      imports: [
        PlatformModule.forService({
          service: 'http-probe',
          port: 0,
          databaseSchema: ids.schema,
          migrations: [],
          entities: [],
          env: {
            ...process.env,
            DATABASE_SCHEMA: ids.schema,
            AUTH_JWT_SECRET: SECRET,
            AUTH_JWKS_URL: undefined,
            HTTP_BODY_LIMIT: undefined,
            HTTP_KEEP_ALIVE_TIMEOUT: '1',
            PROBE_IMPORT_BODY_LIMIT: '2mb',
          },
          errorMappings: [
            { code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', status: 409, as: 'CONCURRENCY.CONFLICT' },
          ],
        }),
      ],
      controllers: [ZonesProbeController],
      // The variable (2 MiB) wins over the default.
      providers: [
        routeBodyLimits({
          path: '/zones/import',
          variable: 'PROBE_IMPORT_BODY_LIMIT',
          defaultBytes: 8 * 1024 * 1024,
        }),
      ],
    })
    class HttpProbeModule {}

    const moduleRef = await Test.createTestingModule({ imports: [HttpProbeModule] }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    configureServiceApp(app, { title: 'http probe', description: 'platform HTTP probe' });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    for (const role of ['zone-admin', 'analyst', 'ops'] as const) {
      tokens[role] = await mintDevToken({
        secret: SECRET,
        sub: `${role}-${ids.id}`,
        roles: [role],
      });
    }
  });

  afterAll(async () => {
    await app?.get(DataSource).query(`drop schema if exists "${ids.schema}" cascade`);
    await app?.close();
  });

  function call(path: string, init: RequestInit & { as?: Role } = {}) {
    const { as, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (as) headers.set('authorization', `Bearer ${tokens[as]}`);
    if (typeof rest.body === 'string' && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    return fetch(`${baseUrl}${path}`, { ...rest, headers });
  }

  async function problemOf(response: Response) {
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      status: response.status,
      correlationId: response.headers.get('x-correlation-id'),
    });
    expect(problem.type).toBe(
      `https://zoneledger.dev/problems/${String(problem.code).toLowerCase().replace(/[._]/g, '-')}`,
    );
    return problem;
  }

  const merge = { name: 'Suzhou Industrial Park', mergers: [{ zoneId: ZONE_ID }] };

  it('lets a zone-admin merge, passing the actor, Idempotency-Key and If-Match to the handler', async () => {
    const response = await call('/zones/merge', {
      method: 'POST',
      as: 'zone-admin',
      body: JSON.stringify(merge),
      headers: { 'idempotency-key': `merge-${ids.id}`, 'if-match': 'W/"4"' },
    });
    expect(response.status).toBe(201);
    await expect(response.json()).resolves.toEqual({
      merged: 1,
      actor: `zone-admin-${ids.id}`,
      key: `merge-${ids.id}`,
      expectedVersion: 4,
    });
  });

  it('names every invalid field by its path, and refuses unknown ones', async () => {
    const response = await call('/zones/merge', {
      method: 'POST',
      as: 'zone-admin',
      body: JSON.stringify({
        name: 'x',
        mergers: [{ zoneId: ZONE_ID }, { zoneId: 'nope' }],
        rank: 1,
      }),
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ code: 'VALIDATION.FAILED', instance: '/zones/merge' });
    expect(problem.errors).toEqual([
      { field: 'rank', code: 'whitelistValidation', message: 'property rank should not exist' },
      { field: 'mergers[1].zoneId', code: 'isUuid', message: 'zoneId must be a UUID' },
    ]);
  });

  it('answers malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const response = await call('/zones/merge', {
      method: 'POST',
      as: 'zone-admin',
      body: '{"name": "x",',
    });
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ code: 'REQUEST.MALFORMED_JSON' });
  });

  it('refuses a 2 MiB body with 413 REQUEST.TOO_LARGE', async () => {
    const body = JSON.stringify({ ...merge, name: 'x'.repeat(2 * 1024 * 1024) });
    const response = await call('/zones/merge', { method: 'POST', as: 'zone-admin', body });
    expect(response.status).toBe(413);
    expect(await problemOf(response)).toMatchObject({
      code: 'REQUEST.TOO_LARGE',
      limitBytes: 1024 * 1024,
    });
  });

  it('gives a route with a limit of its own larger bodies, and refuses those above it with 413', async () => {
    const csv = (bytes: number) =>
      'name,province\n'.padEnd(bytes, 'Suzhou Industrial Park,Jiangsu\n');
    const postCsv = (body: string) =>
      call('/zones/import', {
        method: 'POST',
        as: 'zone-admin',
        body,
        headers: { 'content-type': 'text/csv' },
      });

    const body = csv(1.5 * 1024 * 1024);
    const large = await postCsv(body);
    expect(large.status).toBe(200);
    await expect(large.json()).resolves.toEqual({ lines: body.trim().split('\n').length });

    const tooLarge = await postCsv(csv(2 * 1024 * 1024 + 1));
    expect(tooLarge.status).toBe(413);
    expect(await problemOf(tooLarge)).toMatchObject({
      code: 'REQUEST.TOO_LARGE',
      limitBytes: 2 * 1024 * 1024,
    });
  });

  it('reads CSV bodies and refuses other media types with 415', async () => {
    const csv = await call('/zones/import', {
      method: 'POST',
      as: 'zone-admin',
      body: 'name,province\nSuzhou Industrial Park,Jiangsu\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.status).toBe(200);
    await expect(csv.json()).resolves.toEqual({ lines: 2 });

    const form = await call('/zones/import', {
      method: 'POST',
      as: 'zone-admin',
      body: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(await problemOf(form)).toMatchObject({ code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await call('/nowhere?token=abc', { as: 'analyst' });
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({
      code: 'HTTP.NOT_FOUND',
      instance: '/nowhere',
    });
  });

  it('answers 401 without a valid token and 403 without the role', async () => {
    const anonymous = await call(`/zones/${ZONE_ID}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await problemOf(anonymous)).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });

    const forged = await call(`/zones/${ZONE_ID}`, {
      headers: {
        authorization: `Bearer ${await mintDevToken({ secret: 'not-the-secret-at-all', sub: 'eve', roles: ['zone-admin'] })}`,
      },
    });
    expect(forged.status).toBe(401);

    const analyst = await call('/zones/merge', {
      method: 'POST',
      as: 'analyst',
      body: JSON.stringify(merge),
    });
    expect(analyst.status).toBe(403);
    expect(await problemOf(analyst)).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('lets any valid token read, and sets the ETag from the version', async () => {
    const response = await call(`/zones/${ZONE_ID}`, { as: 'analyst' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"7"');
    await expect(response.json()).resolves.toEqual({
      id: ZONE_ID,
      version: 7,
      viewer: `analyst-${ids.id}`,
    });
  });

  it('refuses malformed Idempotency-Key and If-Match headers with 400', async () => {
    const badKey = await call('/zones/merge', {
      method: 'POST',
      as: 'zone-admin',
      body: JSON.stringify(merge),
      headers: { 'idempotency-key': 'k'.repeat(201) },
    });
    expect(badKey.status).toBe(400);
    expect(await problemOf(badKey)).toMatchObject({ code: 'REQUEST.INVALID_IDEMPOTENCY_KEY' });

    const badVersion = await call('/zones/merge', {
      method: 'POST',
      as: 'zone-admin',
      body: JSON.stringify(merge),
      headers: { 'if-match': '4' },
    });
    expect(badVersion.status).toBe(400);
    expect(await problemOf(badVersion)).toMatchObject({ code: 'REQUEST.INVALID_IF_MATCH' });
  });

  it('renders domain errors and mapped library errors with their status and code', async () => {
    const closed = await call(`/zones/${ZONE_ID}/close`, { method: 'POST', as: 'zone-admin' });
    expect(closed.status).toBe(422);
    expect(await problemOf(closed)).toMatchObject({
      code: 'ZONE.ALREADY_CLOSED',
      detail: `Zone ${ZONE_ID} was closed in 2019`,
    });

    const stale = await call(`/zones/${ZONE_ID}/rename`, { method: 'POST', as: 'zone-admin' });
    expect(stale.status).toBe(409);
    expect(await problemOf(stale)).toMatchObject({ code: 'CONCURRENCY.CONFLICT' });
  });

  it('hides the internals of a 5xx but keeps the caller’s correlation id', async () => {
    const response = await call('/zones/-/boom', {
      as: 'ops',
      headers: { 'x-correlation-id': `corr-${ids.id}` },
    });
    expect(response.status).toBe(500);
    const text = await response.clone().text();
    expect(text).not.toMatch(/hunter2|10\.0\.3\.7|ECONNREFUSED/);
    expect(await problemOf(response)).toMatchObject({
      code: 'INTERNAL',
      correlationId: `corr-${ids.id}`,
    });
  });

  it('keeps an idle connection for HTTP_KEEP_ALIVE_TIMEOUT, says so, then closes it', async () => {
    // An agent that keeps its socket however long the service says it will (Node's own stops a
    // second short of the service's hint, and would close it first), so the close seen is the service's.
    const agent = new (class extends http.Agent {
      override keepSocketAlive(socket: Socket): boolean {
        socket.unref();
        return true;
      }
    })({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ response: http.IncomingMessage; socket: Socket; reused: boolean }>(
        (resolve, reject) => {
          const request = http.get(`${baseUrl}/health/live`, { agent }, (response) => {
            response.resume();
            response.on('end', () =>
              resolve({ response, socket: request.socket as Socket, reused: request.reusedSocket }),
            );
          });
          request.on('error', reject);
        },
      );
    try {
      const first = await get();
      expect(first.response.headers['keep-alive']).toBe('timeout=1');
      const second = await get();
      expect(second.reused).toBe(true);
      expect(second.socket).toBe(first.socket);
      const idleSince = performance.now();
      let closedAfterMs: number | undefined;
      second.socket.once('close', () => (closedAfterMs = performance.now() - idleSince));
      // Closed by the service once idle for the timeout (1 s here; 65 s unless set).
      const idleMs = await eventually(
        () => {
          expect(closedAfterMs).toBeDefined();
          return closedAfterMs as number;
        },
        { timeoutMs: 10_000, intervalMs: 20 },
      );
      expect(idleMs).toBeGreaterThanOrEqual(900);
    } finally {
      agent.destroy();
    }
  });

  it('serves health, metrics and docs without a token', async () => {
    expect((await call('/health/live')).status).toBe(200);
    expect((await call('/metrics')).status).toBe(200);
    const document = (await call('/docs-json').then((r) => r.json())) as {
      components: { securitySchemes: object; schemas: object };
      security: object[];
      paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
    };
    expect(document.components.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['ProblemDetails', 'FieldError']),
    );
    expect(document.paths['/zones/merge'].post.responses['403'].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    });
  });

  it('counts requests by method, route template and status', async () => {
    const countOf = async (status: number) => {
      const metrics = await call('/metrics').then((r) => r.text());
      const line = metrics
        .split('\n')
        .find(
          (l) =>
            l.startsWith('http_requests_total{') &&
            l.includes('route="/zones/:id"') &&
            l.includes(`status="${status}"`) &&
            l.includes('method="GET"'),
        );
      return line === undefined ? 0 : Number(line.split(' ').pop());
    };
    const before = await countOf(200);
    await call(`/zones/${ZONE_ID}`, { as: 'analyst' });
    await call(`/zones/${ZONE_ID}`, { as: 'ops' });
    await eventually(async () => expect(await countOf(200)).toBe(before + 2), { timeoutMs: 5_000 });
    const metrics = await call('/metrics').then((r) => r.text());
    expect(metrics).toMatch(/^http_request_duration_seconds_bucket\{.*route="\/zones\/:id"/m);
    expect(metrics).toMatch(/^process_cpu_seconds_total\{service="http-probe"\}/m);
  });
});
