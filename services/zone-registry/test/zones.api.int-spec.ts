import { eventually } from '@zoneledger/testing';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

describe('zone register API: register, read, change, refuse', () => {
  let registry: ZoneRegistryUnderTest;
  beforeAll(async () => {
    registry = await startZoneRegistry('zones_api');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  const registration = (name: string, overrides: Record<string, unknown> = {}) =>
    zoneRegistration(registry, name, { industryFocus: ['电子信息', '生物医药'], ...overrides });

  it('registers a zone and serves it by id (with its ETag), in its history and in filtered lists', async () => {
    const zone = registration('suzhou');
    const created = await registry.call('POST', '/v1/zones', zone);
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(await created.json()).toMatchObject({
      zoneId: zone.zoneId,
      version: 1,
      recorded: ['ZoneRegistered'],
    });

    const detail = await registry.call('GET', `/v1/zones/${zone.zoneId}`, undefined, {
      authorization: `Bearer ${registry.analystToken}`,
    });
    expect(detail.status).toBe(200);
    expect(detail.headers.get('etag')).toBe('"1"');
    expect(await detail.json()).toMatchObject({
      zoneId: zone.zoneId,
      nameZh: zone.nameZh,
      province: '江苏省',
      region: 'REGION_EAST',
      status: { kind: 'active' },
      approvals: { ZONE_LEVEL_NATIONAL: { year: 1994, month: 2 } },
      version: 1,
    });

    const history = await (await registry.call('GET', `/v1/zones/${zone.zoneId}/history`)).json();
    expect(history).toEqual([
      expect.objectContaining({ version: 1, type: 'ZoneRegistered', actor: 'alice' }),
    ]);

    // The list is a read model fed through Kafka: it shows the zone moments later.
    await eventually(
      async () => {
        const page = await (
          await registry.call(
            'GET',
            `/v1/zones?province=江苏&q=${encodeURIComponent(`suzhou development zone ${registry.id}`)}`,
          )
        ).json();
        expect(page).toMatchObject({ total: 1, items: [{ zoneId: zone.zoneId, version: 1 }] });
      },
      { timeoutMs: 30_000 },
    );
    const byChinese = (await (
      await registry.call(
        'GET',
        `/v1/zones?q=${encodeURIComponent(zone.nameZh)}&industry=${encodeURIComponent('生物医药')}&kind=ZONE_KIND_ETDZ&level=ZONE_LEVEL_NATIONAL&status=active&region=REGION_EAST`,
      )
    ).json()) as { items: { zoneId: string }[] };
    expect(byChinese.items.map((item) => item.zoneId)).toEqual([zone.zoneId]);
    const elsewhere = await (
      await registry.call('GET', `/v1/zones?province=浙江&q=${encodeURIComponent(zone.nameZh)}`)
    ).json();
    expect(elsewhere).toMatchObject({ total: 0, items: [] });
  });

  it('answers a retried registration with its first result and records it once', async () => {
    const zone = registration('kunshan');
    const headers = { 'idempotency-key': `register-${zone.zoneId}` };
    const first = await registry.call('POST', '/v1/zones', zone, headers);
    const retry = await registry.call('POST', '/v1/zones', zone, headers);
    expect(await first.json()).toMatchObject({ version: 1, replayed: false });
    expect(await retry.json()).toMatchObject({
      version: 1,
      replayed: true,
      recorded: ['ZoneRegistered'],
    });
    const again = await registry.call('POST', '/v1/zones', zone);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ZONE.ALREADY_REGISTERED' });
  });

  it('changes a zone at the version the caller read, and refuses a stale If-Match with 409', async () => {
    const zone = registration('wuxi');
    await registry.call('POST', '/v1/zones', zone);
    const focus = await registry.call(
      'PUT',
      `/v1/zones/${zone.zoneId}/industry-focus`,
      { industryFocus: ['集成电路'] },
      { 'if-match': '"1"' },
    );
    expect(focus.status).toBe(200);
    expect(focus.headers.get('etag')).toBe('"2"');

    const stale = await registry.call(
      'PATCH',
      `/v1/zones/${zone.zoneId}/profile`,
      { city: '无锡市', reason: 'moved' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await stale.json()).toMatchObject({ code: 'CONCURRENCY.CONFLICT', currentVersion: 2 });

    const grant = await registry.call('POST', `/v1/zones/${zone.zoneId}/autonomy-grants`, {
      power: '土地审批权',
      policyId: 'policy-1',
      effectiveOn: { year: 2020, month: 1, day: 1 },
    });
    expect(grant.status).toBe(200);
    const detail = await (await registry.call('GET', `/v1/zones/${zone.zoneId}`)).json();
    expect(detail).toMatchObject({
      version: 3,
      industryFocus: ['集成电路'],
      autonomy: [{ power: '土地审批权', policyId: 'policy-1' }],
    });
  });

  it('refuses a name another zone at the same level bears, at once', async () => {
    const zone = registration('nantong');
    expect((await registry.call('POST', '/v1/zones', zone)).status).toBe(201);
    const namesake = { ...zone, zoneId: `nantong-2-${registry.id}`, nameZh: `南通${registry.id}` };
    const clash = await registry.call('POST', '/v1/zones', namesake);
    expect(clash.status).toBe(409);
    expect(await clash.json()).toMatchObject({ code: 'ZONE.NAME_TAKEN' });
    const provincial = { ...namesake, level: 'ZONE_LEVEL_PROVINCIAL' };
    expect((await registry.call('POST', '/v1/zones', provincial)).status).toBe(201);
  });

  it('lists each zone as its stream has it after a burst of registrations, changes and a merger', async () => {
    // Recorded within moments, they reach the zone_view projection in batches (several events of
    // one zone, a merger on three streams, applied in one transaction): the list must show each
    // zone as its stream folds to, one event after another.
    const zones = Array.from({ length: 24 }, (_, at) => registration(`burst-${at}`));
    const imported = await registry.call('POST', '/v1/zones/imports', { zones });
    expect(await imported.json()).toMatchObject({ created: zones.length, rejected: 0 });
    const [changed, exited, survivor, ...absorbed] = zones.map((zone) => zone.zoneId);
    const effectiveOn = { year: 2024, month: 5, day: 1 };
    const changes = async () => {
      const path = `/v1/zones/${changed}`;
      const grant = { power: '土地审批权', policyId: 'policy-1', effectiveOn };
      return [
        await registry.call('PUT', `${path}/industry-focus`, { industryFocus: ['集成电路'] }),
        await registry.call('PATCH', `${path}/profile`, { city: '昆山市', reason: 'moved' }),
        await registry.call('POST', `${path}/autonomy-grants`, grant),
      ];
    };
    const [changeResponses, exit, merger] = await Promise.all([
      changes(),
      registry.call('POST', `/v1/zones/${exited}/exit`, {
        effectiveOn,
        basisPolicyId: 'policy-exit',
        reason: 'bottom of the assessment',
      }),
      registry.call('POST', '/v1/mergers', {
        survivingZoneId: survivor,
        absorbedZoneIds: absorbed.slice(0, 2),
        effectiveOn,
        kind: 'MERGER_KIND_ETDZ_HIGH_TECH_INTEGRATION',
      }),
    ]);
    expect([...changeResponses, exit, merger].map((response) => response.status)).toEqual([
      200, 200, 200, 200, 201,
    ]);

    const details = await Promise.all(
      zones.map(async (zone) => (await registry.call('GET', `/v1/zones/${zone.zoneId}`)).json()),
    );
    const versions = details.map((detail) => (detail as { version: number }).version);
    expect(versions.slice(0, 5)).toEqual([4, 2, 2, 2, 2]);
    const byId = (views: unknown[]) =>
      [...(views as { zoneId: string }[])].sort((a, b) => a.zoneId.localeCompare(b.zoneId));
    await eventually(
      async () => {
        const page = (await (
          await registry.call('GET', '/v1/zones?q=burst-&limit=100')
        ).json()) as {
          items: unknown[];
        };
        expect(byId(page.items)).toEqual(byId(details));
      },
      { timeoutMs: 30_000 },
    );
  });

  it('finds zones by part of either name, taking %, _ and \\ in the text literally', async () => {
    const named = (name: string, nameZh: string, nameEn: string) =>
      registration(name, { nameZh: `${nameZh}${registry.id}`, nameEn: `${nameEn} ${registry.id}` });
    const zones = {
      percent: named('percent', '折扣50%区', 'Half_Price Park'),
      digits: named('digits', '折扣500区', 'HalfXPrice Park'),
      backslash: named('backslash', '反斜\\杠区', 'Back Slash Park'),
      plain: named('plain', '反斜杠区', 'Backslash Park'),
    };
    for (const zone of Object.values(zones))
      expect((await registry.call('POST', '/v1/zones', zone)).status).toBe(201);
    const found = async (text: string) => {
      const page = (await (
        await registry.call('GET', `/v1/zones?q=${encodeURIComponent(text)}`)
      ).json()) as { items: { zoneId: string }[] };
      return page.items.map((item) => item.zoneId).sort();
    };

    await eventually(
      async () => {
        expect(await found('50%区')).toEqual([zones.percent.zoneId]);
        expect(await found('half_price')).toEqual([zones.percent.zoneId]);
        expect(await found('HALF')).toEqual([zones.digits.zoneId, zones.percent.zoneId].sort());
        expect(await found('斜\\杠')).toEqual([zones.backslash.zoneId]);
        expect(await found('斜杠')).toEqual([zones.plain.zoneId]);
      },
      { timeoutMs: 30_000 },
    );
  });

  describe('body limits: 1 MiB, and ZONE_IMPORT_BODY_LIMIT (32 MiB) for imports', () => {
    const MiB = 1024 * 1024;
    const tooLarge = async (response: Response, limitBytes: number) => {
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ code: 'REQUEST.TOO_LARGE', limitBytes });
    };
    const status = async (zoneId: string) =>
      (await registry.call('GET', `/v1/zones/${zoneId}`)).status;

    it('refuses a 10 MB registration with 413, recording nothing', async () => {
      const zone = registration('huge', { nameEn: 'x'.repeat(10 * MiB) });
      await tooLarge(await registry.call('POST', '/v1/zones', zone), MiB);
      expect(await status(zone.zoneId)).toBe(404);
    });

    it('takes an import above 1 MiB, and refuses one above its own limit with 413', async () => {
      // One zone, repeated: the rows after the first are refused, so a large body costs little.
      const zone = registration('bulk');
      const rows = Array.from(
        { length: Math.ceil((1.5 * MiB) / JSON.stringify(zone).length) },
        () => zone,
      );
      const large = await registry.call('POST', '/v1/zones/imports', { zones: rows });
      expect(large.status).toBe(201);
      const summary = (await large.json()) as {
        created: number;
        rejected: number;
        links: { rejectedRows: string };
      };
      expect(summary).toMatchObject({ created: 1, rejected: rows.length - 1 });
      const page = await registry.call('GET', `${summary.links.rejectedRows}&limit=1000`);
      const rejected = (await page.json()) as { total: number; items: { code: string }[] };
      expect(rejected.total).toBe(rows.length - 1);
      expect(new Set(rejected.items.map((row) => row.code))).toEqual(
        new Set(['ZONE_IMPORT.REPEATED_ZONE']),
      );

      const beyond = registration('beyond');
      const padded = { zones: [beyond], padding: ' '.repeat(32 * MiB) };
      await tooLarge(await registry.call('POST', '/v1/zones/imports', padded), 32 * MiB);
      expect(await status(beyond.zoneId)).toBe(404);
    });
  });

  describe('bad input: 4xx problem+json, nothing recorded', () => {
    const refused = async (
      response: Response,
      status: number,
      code: string,
    ): Promise<Record<string, unknown>> => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ status, code });
      return problem;
    };
    const notRecorded = async (zoneId: string) =>
      refused(await registry.call('GET', `/v1/zones/${zoneId}`), 404, 'ZONE.NOT_FOUND');

    it('refuses missing and wrong-typed fields with their field errors (400)', async () => {
      const { nameZh: _missing, ...withoutName } = registration('missing');
      const problem = await refused(
        await registry.call('POST', '/v1/zones', withoutName),
        400,
        'VALIDATION.FAILED',
      );
      expect(problem.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'nameZh' })]),
      );
      await notRecorded(withoutName.zoneId);

      const wrong = registration('wrong', {
        kind: 42,
        industryFocus: '电子',
        approvedOn: { year: 'soon' },
      });
      const typed = await refused(
        await registry.call('POST', '/v1/zones', wrong),
        400,
        'VALIDATION.FAILED',
      );
      expect((typed.errors as { field: string }[]).map((error) => error.field)).toEqual(
        expect.arrayContaining(['kind', 'industryFocus', 'approvedOn.year']),
      );
      await notRecorded(wrong.zoneId);
    });

    it('refuses an unknown province as a broken rule (422 ZONE.UNKNOWN_PROVINCE)', async () => {
      const zone = registration('atlantis', { province: '亚特兰蒂斯省' });
      await refused(await registry.call('POST', '/v1/zones', zone), 422, 'ZONE.UNKNOWN_PROVINCE');
      await notRecorded(zone.zoneId);
    });

    it('refuses changes to an unknown zone (404), writes by a reader (403) and a bad asOf (400)', async () => {
      await refused(
        await registry.call('POST', `/v1/zones/nowhere-${registry.id}/exit`, {
          effectiveOn: { year: 2020 },
          basisPolicyId: 'p',
          reason: 'r',
        }),
        404,
        'ZONE.NOT_FOUND',
      );
      await notRecorded(`nowhere-${registry.id}`);
      const zone = registration('reader');
      await refused(
        await registry.call('POST', '/v1/zones', zone, {
          authorization: `Bearer ${registry.analystToken}`,
        }),
        403,
        'AUTH.FORBIDDEN',
      );
      await notRecorded(zone.zoneId);
      await refused(
        await registry.call('GET', '/v1/zones?asOf=yesterday'),
        400,
        'VALIDATION.FAILED',
      );
    });
  });
});
