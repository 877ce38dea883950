import { eventually } from '@zoneledger/testing';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

describe('zone register API: renamings and corrections', () => {
  let registry: ZoneRegistryUnderTest;
  beforeAll(async () => {
    registry = await startZoneRegistry('zone_corrections_api');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  const register = async (name: string) => {
    const zone = zoneRegistration(registry, name);
    expect((await registry.call('POST', '/v1/zones', zone)).status).toBe(201);
    return zone;
  };
  const read = async (path: string) => (await registry.call('GET', path)).json();
  const renaming = (nameZh: string, nameEn: string) => ({
    nameZh,
    nameEn,
    effectiveOn: { year: 2019, month: 5, day: 1 },
    basisPolicyId: 'state-council-2019-5',
  });

  it('renames a zone at the version read, once per Idempotency-Key; asOf before it reads the old names', async () => {
    const zone = await register('wujiang');
    const [registered] = (await read(`/v1/zones/${zone.zoneId}/history`)) as {
      recordedAt: string;
    }[];
    const names = renaming(`吴江经济技术开发区${registry.id}`, `Wujiang ETDZ ${registry.id}`);
    const headers = { 'if-match': '"1"', 'idempotency-key': `rename-${zone.zoneId}` };

    const renamed = await registry.call('POST', `/v1/zones/${zone.zoneId}/renames`, names, headers);
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('etag')).toBe('"2"');
    expect(await renamed.json()).toMatchObject({ version: 2, recorded: ['ZoneRenamed'] });
    const retry = await registry.call('POST', `/v1/zones/${zone.zoneId}/renames`, names, headers);
    expect(await retry.json()).toMatchObject({ version: 2, replayed: true });

    expect(await read(`/v1/zones/${zone.zoneId}`)).toMatchObject({
      nameZh: names.nameZh,
      nameEn: names.nameEn,
      version: 2,
    });
    expect(await read(`/v1/zones/${zone.zoneId}/history`)).toEqual([
      expect.objectContaining({ type: 'ZoneRegistered' }),
      expect.objectContaining({
        version: 2,
        type: 'ZoneRenamed',
        actor: 'alice',
        data: expect.objectContaining({
          nameZh: names.nameZh,
          previousNameZh: zone.nameZh,
          effectiveOn: names.effectiveOn,
          basisPolicyId: names.basisPolicyId,
        }),
      }),
    ]);
    // As of the moment history shows for the registration (several requests before the rename).
    const asOf = encodeURIComponent(registered.recordedAt);
    expect(await read(`/v1/zones/${zone.zoneId}?asOf=${asOf}`)).toMatchObject({
      nameZh: zone.nameZh,
      nameEn: zone.nameEn,
      version: 1,
    });
  });

  it('refuses a renaming to the name of another national zone, once the zone list holds it (409)', async () => {
    const taken = await register('taicang');
    const zone = await register('changshu');
    // Names are checked against the read model: until it holds the zone, the clash would pass.
    await eventually(
      async () => {
        const page = await read(`/v1/zones?q=${encodeURIComponent(taken.nameZh)}`);
        expect(page).toMatchObject({ total: 1 });
      },
      { timeoutMs: 30_000 },
    );
    const clash = await registry.call(
      'POST',
      `/v1/zones/${zone.zoneId}/renames`,
      renaming(taken.nameZh, `Changshu ETDZ ${registry.id}`),
    );
    expect(clash.status).toBe(409);
    expect(clash.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await clash.json()).toMatchObject({ code: 'ZONE.NAME_TAKEN' });
    expect(await read(`/v1/zones/${zone.zoneId}`)).toMatchObject({
      nameZh: zone.nameZh,
      version: 1,
    });
  });

  it('corrects an exited zone, but refuses to rename it (422 ZONE.NOT_ACTIVE)', async () => {
    const zone = await register('jiuquan');
    const exited = await registry.call('POST', `/v1/zones/${zone.zoneId}/exit`, {
      effectiveOn: { year: 2020, month: 1, day: 17 },
      basisPolicyId: 'mofcom-2020-1',
      reason: 'failed the assessment twice',
    });
    expect(exited.status).toBe(200);

    const correction = {
      nameEn: `Jiuquan Economic and Technological Development Zone ${registry.id}`,
      city: '酒泉市',
      province: '甘肃',
      reason: 'registered under the wrong province',
    };
    const corrected = await registry.call(
      'POST',
      `/v1/zones/${zone.zoneId}/corrections`,
      correction,
      { 'if-match': '"2"' },
    );
    expect(corrected.status).toBe(200);
    expect(corrected.headers.get('etag')).toBe('"4"');
    expect(await corrected.json()).toMatchObject({
      recorded: ['ZoneRenamed', 'ZoneProfileUpdated'],
    });
    expect(await read(`/v1/zones/${zone.zoneId}`)).toMatchObject({
      nameZh: zone.nameZh,
      nameEn: correction.nameEn,
      province: '甘肃省',
      region: 'REGION_WEST',
      status: { kind: 'exited' },
    });
    const history = (await read(`/v1/zones/${zone.zoneId}/history`)) as {
      type: string;
      data: Record<string, unknown>;
    }[];
    const correctedName = history.find((event) => event.type === 'ZoneRenamed');
    expect(correctedName?.data).not.toHaveProperty('effectiveOn');

    const rename = await registry.call(
      'POST',
      `/v1/zones/${zone.zoneId}/renames`,
      renaming(`酒泉新区${registry.id}`, ''),
    );
    expect(rename.status).toBe(422);
    expect(await rename.json()).toMatchObject({ code: 'ZONE.NOT_ACTIVE' });

    // null says the approval date is not known after all.
    const unknownApproval = await registry.call('POST', `/v1/zones/${zone.zoneId}/corrections`, {
      approvedOn: null,
      reason: 'the approval date was never published',
    });
    expect(await unknownApproval.json()).toMatchObject({ recorded: ['ZoneProfileUpdated'] });
    expect(await read(`/v1/zones/${zone.zoneId}`)).toMatchObject({ approvals: {}, version: 5 });
  });

  it('refuses a correction without its reason (400, field error), recording nothing', async () => {
    const zone = await register('haimen');
    const refused = await registry.call('POST', `/v1/zones/${zone.zoneId}/corrections`, {
      city: '南通市',
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await refused.json()) as { code: string; errors: { field: string }[] };
    expect(problem.code).toBe('VALIDATION.FAILED');
    expect(problem.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'reason' })]),
    );
    expect(await read(`/v1/zones/${zone.zoneId}`)).toMatchObject({ city: '苏州市', version: 1 });
  });

  it('documents both endpoints, for zone admins, with If-Match and Idempotency-Key', async () => {
    const document = (await read('/docs-json')) as {
      paths: Record<string, Record<string, { parameters: { name: string }[] }>>;
    };
    for (const path of ['/v1/zones/{zoneId}/renames', '/v1/zones/{zoneId}/corrections']) {
      const headers = document.paths[path]?.post?.parameters.map((parameter) => parameter.name);
      expect(headers).toEqual(expect.arrayContaining(['If-Match', 'Idempotency-Key']));
    }
    const forbidden = await registry.call(
      'POST',
      `/v1/zones/nowhere-${registry.id}/corrections`,
      { reason: 'r' },
      { authorization: `Bearer ${registry.analystToken}` },
    );
    expect(forbidden.status).toBe(403);
  });
});
