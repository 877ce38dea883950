import { DataSource } from 'typeorm';
import { gzipSync } from 'node:zlib';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

// The classes of hostile input a user found in the running register, each refused with a 4xx
// problem+json that records nothing. The fuzz suite (fuzz.int-spec.ts) covers the same ground by
// generation; these name each class so a regression says which one.
describe('zone register API: hostile input is refused and records nothing', () => {
  let registry: ZoneRegistryUnderTest;
  let schema: string;
  let zoneId: string;

  beforeAll(async () => {
    registry = await startZoneRegistry('hostile');
    schema = registry.app.get(DataSource).driver.schema ?? '';
    const registered = await registry.call('POST', '/v1/zones', zoneRegistration(registry, 'base'));
    expect(registered.status).toBe(201);
    zoneId = ((await registered.json()) as { zoneId: string }).zoneId;
  });

  afterAll(() => registry?.stop());

  async function eventCount(): Promise<number> {
    const [{ count }] = (await registry.app
      .get(DataSource)
      .query(`select count(*)::int as count from "${schema}".events`)) as { count: number }[];
    return count;
  }

  /** Sends the request and expects a refusal with `status` and `code` that recorded nothing. */
  async function expectRefused(
    send: () => Promise<Response>,
    status: number,
    code: string,
  ): Promise<Record<string, unknown>> {
    const before = await eventCount();
    const response = await send();
    const text = await response.text();
    expect({ status: response.status, body: text.slice(0, 300) }).toMatchObject({ status });
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(text) as Record<string, unknown>;
    expect(problem.code).toBe(code);
    expect(await eventCount()).toBe(before);
    return problem;
  }

  /** A POST of raw bytes as the zone admin. */
  function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
    return fetch(`${registry.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${registry.adminToken}`,
        'content-type': 'application/json',
        ...headers,
      },
      body,
    });
  }

  it('refuses deep nesting with 400, without a stack overflow', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const problem = await expectRefused(
      () => post('/v1/zones', `{"nameZh": ${deep}}`),
      400,
      'REQUEST.UNACCEPTABLE_BODY',
    );
    expect(problem.detail).toMatch(/nesting deeper than 32 levels/);
  });

  it.each([
    ['U+0000 in a name', { nameZh: 'a\u0000b' }],
    ['a lone surrogate in a name', { nameEn: 'a\ud800b' }],
    ['a C0 control in the city', { city: '苏州\u0007' }],
  ])('refuses %s anywhere in a body', async (_name, fields) => {
    await expectRefused(
      () => registry.call('POST', '/v1/zones', zoneRegistration(registry, 'nul', fields)),
      400,
      'REQUEST.UNACCEPTABLE_BODY',
    );
  });

  it.each([
    ['%00 in a path id', `/v1/zones/a%00b`],
    ['%00 in a query', `/v1/zones?q=%00`],
    ['an escape that is not UTF-8 in a path id', `/v1/zones/%ED%A0%80`],
  ])('refuses %s', async (_name, path) => {
    await expectRefused(() => registry.call('GET', path), 400, 'REQUEST.MALFORMED_URL');
  });

  it.each([
    ['offset=1e20', 'offset=1e20'],
    ['limit=0x10', 'limit=0x10'],
    ['an offset above 2^53', 'offset=9007199254740993'],
    ['asOf on 30 February', 'asOf=2023-02-30T00:00:00Z'],
    ['asOf in year 0', 'asOf=0000-01-01T00:00:00Z'],
    ['asOf with a five-digit year', 'asOf=%2B012023-01-01T00:00:00Z'],
    ['asOf as a date without a time', 'asOf=2023-01-01'],
  ])('refuses %s in a query with 400', async (_name, query) => {
    await expectRefused(() => registry.call('GET', `/v1/zones?${query}`), 400, 'VALIDATION.FAILED');
  });

  it('answers a request line over 16 KiB with 431 problem+json, not a bare status line', async () => {
    const response = await registry.call('GET', `/v1/zones?q=${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'REQUEST.HEADERS_TOO_LARGE' });
  });

  it('keeps a problem small when the request quotes a 10 KB id', async () => {
    const response = await registry.call('GET', `/v1/zones/${'x'.repeat(10_000)}/history`);
    const text = await response.text();
    expect(response.status).toBe(404);
    expect(text.length).toBeLessThan(2_000);
  });

  it.each([
    ['a rename without effectiveOn', 'renames', { nameZh: '新名', nameEn: 'New name' }],
    ['an exit without effectiveOn', 'exit', { basisPolicyId: 'p-1', reason: 'exited' }],
    ['a grant without effectiveOn', 'autonomy-grants', { power: '审批权', policyId: 'p-1' }],
  ])('refuses %s with 400, never reaching the domain', async (_name, action, body) => {
    const problem = await expectRefused(
      () => registry.call('POST', `/v1/zones/${zoneId}/${action}`, body),
      400,
      'VALIDATION.FAILED',
    );
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'effectiveOn' })]);
  });

  it.each([
    ['null in an optional city', { city: null }, 'city'],
    ['null in optional industries', { industryFocus: null }, 'industryFocus'],
    ['an empty Chinese name', { nameZh: '' }, 'nameZh'],
    ['a whitespace-only Chinese name', { nameZh: ' \u3000 ' }, 'nameZh'],
    ['a line break in a name', { nameZh: '苏州\n工业园' }, 'nameZh'],
    ['a tab in the city', { city: '苏州\t市' }, 'city'],
    ['a day with month 0', { approvedOn: { year: 2010, month: 0, day: 5 } }, 'approvedOn'],
    ['a day without its month', { approvedOn: { year: 2010, day: 5 } }, 'approvedOn'],
    ['30 February', { approvedOn: { year: 2010, month: 2, day: 30 } }, 'approvedOn'],
  ])('refuses %s with 400', async (name, fields, field) => {
    const problem = await expectRefused(
      () =>
        registry.call(
          'POST',
          '/v1/zones',
          zoneRegistration(registry, `bad-${name.length}`, fields),
        ),
      400,
      'VALIDATION.FAILED',
    );
    expect((problem.errors as { field: string }[])[0].field).toMatch(new RegExp(`^${field}`));
  });

  it('caps the error list of a body that breaks many rules', async () => {
    const body = Object.fromEntries(
      Array.from({ length: 500 }, (_, at) => [`unknown${at}`.padEnd(1_500, 'x'), 1]),
    );
    const before = await eventCount();
    const response = await registry.call('POST', '/v1/zones', body);
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text.length).toBeLessThan(16 * 1024);
    expect(JSON.parse(text)).toMatchObject({ code: 'VALIDATION.FAILED', errorCount: 505 });
    expect(JSON.parse(text).errors).toHaveLength(20);
    expect(await eventCount()).toBe(before);
  });

  it('refuses Content-Encoding: gzip on a body that is not gzip with 400, and reads real gzip', async () => {
    const body = JSON.stringify(zoneRegistration(registry, 'gzip'));
    await expectRefused(
      () => post('/v1/zones', body, { 'content-encoding': 'gzip' }),
      400,
      'REQUEST.UNREADABLE_BODY',
    );
    const zipped = await post('/v1/zones', gzipSync(body), { 'content-encoding': 'gzip' });
    expect(zipped.status).toBe(201);
  });

  it('refuses a body that is not UTF-8', async () => {
    const body = Buffer.concat([
      Buffer.from('{"nameZh":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    await expectRefused(() => post('/v1/zones', body), 400, 'REQUEST.UNREADABLE_BODY');
  });

  it('answers an unauthenticated request 401 before reading its body, even when it is not JSON', async () => {
    await expectRefused(
      () =>
        fetch(`${registry.baseUrl}/v1/zones`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{not json',
        }),
      401,
      'AUTH.UNAUTHENTICATED',
    );
  });

  it('binds an Idempotency-Key to its first request even when that request changed nothing', async () => {
    const key = { 'idempotency-key': `unchanged-${registry.id}` };
    const focus = { industryFocus: ['集成电路'], effectiveOn: { year: 2020 } };
    const path = `/v1/zones/${zoneId}/industry-focus`;
    expect((await registry.call('PUT', path, focus)).status).toBe(200);
    // The same list again records nothing, but the key is now this request's.
    expect((await registry.call('PUT', path, focus, key)).status).toBe(200);
    expect((await registry.call('PUT', path, focus, key)).status).toBe(200);
    await expectRefused(
      () => registry.call('PUT', path, { ...focus, industryFocus: ['生物医药'] }, key),
      422,
      'IDEMPOTENCY.KEY_REUSED',
    );
  });

  it('refuses a list of more than 10,000 items on a command with 400', async () => {
    const problem = await expectRefused(
      () =>
        registry.call('PUT', `/v1/zones/${zoneId}/industry-focus`, {
          industryFocus: Array.from({ length: 10_001 }, () => 'ai'),
        }),
      400,
      'REQUEST.UNACCEPTABLE_BODY',
    );
    expect(problem.detail).toMatch(/more than 10000 items/);
  });

  it('answers a retried registration that names no zone id with the zone it created', async () => {
    const key = { 'idempotency-key': `unnamed-${registry.id}` };
    const { zoneId: _none, ...unnamed } = zoneRegistration(registry, 'unnamed');
    const first = await registry.call('POST', '/v1/zones', unnamed, key);
    expect(first.status).toBe(201);
    const created = (await first.json()) as { zoneId: string };
    const before = await eventCount();
    const retry = await registry.call('POST', '/v1/zones', unnamed, key);
    expect(retry.status).toBe(201);
    expect(await retry.json()).toMatchObject({ zoneId: created.zoneId, replayed: true });
    expect(await eventCount()).toBe(before);
  });

  it('refuses an Idempotency-Key reused for a different request with 422, and replays a true retry', async () => {
    const key = { 'idempotency-key': `reuse-${registry.id}` };
    const first = zoneRegistration(registry, 'first');
    expect((await registry.call('POST', '/v1/zones', first, key)).status).toBe(201);
    const retry = await registry.call('POST', '/v1/zones', first, key);
    expect(retry.status).toBe(201);
    expect(await retry.json()).toMatchObject({ zoneId: first.zoneId, replayed: true });
    await expectRefused(
      () => registry.call('POST', '/v1/zones', { ...first, city: '无锡市' }, key),
      422,
      'IDEMPOTENCY.KEY_REUSED',
    );
    await expectRefused(
      () =>
        registry.call(
          'PUT',
          `/v1/zones/${first.zoneId}/industry-focus`,
          { industryFocus: ['ai'] },
          key,
        ),
      422,
      'IDEMPOTENCY.KEY_REUSED',
    );
  });
});

describe('zone register API: rate limits', () => {
  let registry: ZoneRegistryUnderTest;

  beforeAll(async () => {
    registry = await startZoneRegistry('limited', {
      RATE_LIMIT_PER_TOKEN: '3',
      RATE_LIMIT_PER_ADDRESS: '5',
      RATE_LIMIT_WINDOW: '60',
    });
  });

  afterAll(() => registry?.stop());

  it('answers 429 problem+json with Retry-After past a limit, per token and per address, never on probes', async () => {
    const statuses: number[] = [];
    for (let at = 0; at < 4; at += 1)
      statuses.push((await registry.call('GET', '/v1/zones')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);

    const limited = await registry.call('GET', '/v1/zones');
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({
      status: 429,
      code: 'REQUEST.RATE_LIMITED',
      limit: 3,
      windowSeconds: 60,
    });

    // Another token has its own count, until the address's limit (5) is reached; refused
    // requests do not count against it.
    const other = { authorization: `Bearer ${registry.analystToken}` };
    const others: number[] = [];
    for (let at = 0; at < 3; at += 1) {
      others.push((await registry.call('GET', '/v1/zones', undefined, other)).status);
    }
    expect(others).toEqual([200, 200, 429]);

    for (const probe of ['/health/live', '/health/ready', '/metrics']) {
      expect((await fetch(`${registry.baseUrl}${probe}`)).status).toBe(200);
    }
  });
});
