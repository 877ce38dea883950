import { startZoneRegistry, type ZoneRegistryUnderTest } from './zone-registry.harness';

describe('mergers API: all or nothing across the involved zones, readable as of any moment', () => {
  let registry: ZoneRegistryUnderTest;
  beforeAll(async () => {
    registry = await startZoneRegistry('mergers_api');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  /** Registers three zones named after `label`; returns their ids, survivor first. */
  const threeZones = async (label: string): Promise<[string, string, string]> => {
    const zoneIds = ['etdz', 'htz', 'bonded'].map((part) => `${label}-${part}-${registry.id}`);
    for (const zoneId of zoneIds) {
      const registered = await registry.call('POST', '/v1/zones', {
        zoneId,
        nameZh: `${zoneId}区`,
        nameEn: zoneId,
        kind: 'ZONE_KIND_ETDZ',
        level: 'ZONE_LEVEL_PROVINCIAL',
        province: '广东省',
        approvedOn: { year: 2006 },
      });
      expect(registered.status).toBe(201);
    }
    return zoneIds as [string, string, string];
  };
  const merger = (survivor: string, absorbed: string[], extra: Record<string, unknown> = {}) => ({
    survivingZoneId: survivor,
    absorbedZoneIds: absorbed,
    effectiveOn: { year: 2020, month: 6, day: 1 },
    kind: 'MERGER_KIND_ETDZ_HIGH_TECH_INTEGRATION',
    ...extra,
  });
  const versionOf = async (zoneId: string): Promise<number> =>
    ((await (await registry.call('GET', `/v1/zones/${zoneId}`)).json()) as { version: number })
      .version;
  const historyOf = async (zoneId: string) =>
    (await (await registry.call('GET', `/v1/zones/${zoneId}/history`)).json()) as {
      type: string;
      recordedAt: string;
    }[];

  it('records the merger on all three zones, and asOf before it reads them as they were', async () => {
    const [survivor, ...absorbed] = await threeZones('foshan');
    const before = (await historyOf(absorbed[1]))[0].recordedAt;

    const merged = await registry.call('POST', '/v1/mergers', merger(survivor, absorbed));
    expect(merged.status).toBe(201);
    expect(await merged.json()).toMatchObject({
      survivingZoneId: survivor,
      zones: [survivor, ...absorbed].map((zoneId) => ({ zoneId, version: 2 })),
      replayed: false,
    });
    for (const zoneId of [survivor, ...absorbed])
      expect((await historyOf(zoneId)).map((event) => event.type)).toEqual([
        'ZoneRegistered',
        'ZonesMerged',
      ]);

    expect(await (await registry.call('GET', `/v1/zones/${absorbed[0]}`)).json()).toMatchObject({
      status: { kind: 'merged', into: survivor },
      version: 2,
    });
    expect(await (await registry.call('GET', `/v1/zones/${absorbed[0]}/lineage`)).json()).toEqual({
      zoneId: absorbed[0],
      ancestors: [],
      descendants: [survivor],
    });
    expect(await (await registry.call('GET', `/v1/zones/${survivor}/lineage`)).json()).toEqual({
      zoneId: survivor,
      ancestors: absorbed,
      descendants: [],
    });

    const asOf = encodeURIComponent(before);
    const past = await registry.call('GET', `/v1/zones/${absorbed[0]}?asOf=${asOf}`);
    expect(past.headers.get('etag')).toBe('"1"');
    expect(await past.json()).toMatchObject({ status: { kind: 'active' }, version: 1 });
    expect(
      await (await registry.call('GET', `/v1/zones/${survivor}/lineage?asOf=${asOf}`)).json(),
    ).toMatchObject({
      ancestors: [],
    });
    expect(
      await (await registry.call('GET', `/v1/zones/${absorbed[0]}/history?asOf=${asOf}`)).json(),
    ).toHaveLength(1);
    const pastList = await (
      await registry.call('GET', `/v1/zones?asOf=${asOf}&q=foshan-&status=merged`)
    ).json();
    expect(pastList).toMatchObject({ total: 0 });
    const earlier = new Date(Date.parse(before) - 60_000).toISOString();
    expect(
      (await registry.call('GET', `/v1/zones/${survivor}?asOf=${encodeURIComponent(earlier)}`))
        .status,
    ).toBe(404);
  });

  it('records nothing on any zone when one of them changed since the versions the merger is based on', async () => {
    const [survivor, ...absorbed] = await threeZones('zhuhai');
    const expectedVersions = [survivor, ...absorbed].map((zoneId) => ({ zoneId, version: 1 }));
    const update = await registry.call('PUT', `/v1/zones/${absorbed[1]}/industry-focus`, {
      industryFocus: ['航空'],
    });
    expect(update.status).toBe(200);

    const stale = await registry.call(
      'POST',
      '/v1/mergers',
      merger(survivor, absorbed, { expectedVersions }),
    );
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await stale.json()).toMatchObject({ code: 'CONCURRENCY.CONFLICT' });
    expect(await Promise.all([survivor, ...absorbed].map(versionOf))).toEqual([1, 1, 2]);
  });

  it('is all or nothing when a change to one zone races the merger', async () => {
    for (let round = 0; round < 5; round += 1) {
      const [survivor, ...absorbed] = await threeZones(`race${round}`);
      const [mergerResponse, updateResponse] = await Promise.all([
        registry.call('POST', '/v1/mergers', merger(survivor, absorbed)),
        registry.call('PUT', `/v1/zones/${absorbed[0]}/industry-focus`, {
          industryFocus: ['新材料'],
        }),
      ]);
      // The update may land first (then the merger either saw it or conflicts), or after the
      // merger (then it conflicts, or is refused because the zone is merged by then).
      expect([201, 409]).toContain(mergerResponse.status);
      expect([200, 409, 422]).toContain(updateResponse.status);
      const merged = await Promise.all(
        [survivor, ...absorbed].map(async (zoneId) =>
          (await historyOf(zoneId)).some((event) => event.type === 'ZonesMerged'),
        ),
      );
      expect(merged).toEqual(Array(3).fill(mergerResponse.status === 201));
    }
  });

  it('refuses unknown zones (404) and malformed mergers (400), recording nothing', async () => {
    const [survivor, absorbed] = await threeZones('shantou');
    const unknown = await registry.call(
      'POST',
      '/v1/mergers',
      merger(survivor, [absorbed, `ghost-${registry.id}`]),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await unknown.json()).toMatchObject({ code: 'ZONE.NOT_FOUND' });

    const malformed = await registry.call('POST', '/v1/mergers', {
      survivingZoneId: survivor,
      absorbedZoneIds: absorbed,
      effectiveOn: '2020-06-01',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'VALIDATION.FAILED' });

    const intoSelf = await registry.call('POST', '/v1/mergers', merger(survivor, [survivor]));
    expect(intoSelf.status).toBe(422);
    expect(await intoSelf.json()).toMatchObject({ code: 'ZONE.MERGE_INTO_SELF' });
    expect(await Promise.all([survivor, absorbed].map(versionOf))).toEqual([1, 1]);
  });

  it('answers a retried merger with its first result, even with generated ids', async () => {
    const [, ...absorbed] = await threeZones('jiangmen');
    const body = {
      absorbedZoneIds: absorbed,
      newZone: {
        nameZh: `江门新区${registry.id}`,
        nameEn: `Jiangmen New Area ${registry.id}`,
        kind: 'ZONE_KIND_HIGH_TECH_ZONE',
        level: 'ZONE_LEVEL_PROVINCIAL',
        province: '广东',
      },
      effectiveOn: { year: 2021 },
      kind: 'MERGER_KIND_ZONE_DISTRICT_INTEGRATION',
    };
    const headers = { 'idempotency-key': `merge-jiangmen-${registry.id}` };
    const first = (await (await registry.call('POST', '/v1/mergers', body, headers)).json()) as {
      mergerId: string;
      survivingZoneId: string;
    };
    const retry = await registry.call('POST', '/v1/mergers', body, headers);
    expect(await retry.json()).toMatchObject({ ...first, replayed: true });
    expect(
      await (await registry.call('GET', `/v1/zones/${first.survivingZoneId}`)).json(),
    ).toMatchObject({
      nameZh: body.newZone.nameZh,
      province: '广东省',
      lineage: { absorbedZoneIds: absorbed },
      version: 1,
    });
  });

  it('answers a retry naming the mergerId with the recorded merger, though the versions it expected have moved', async () => {
    const [survivor, ...absorbed] = await threeZones('zhaoqing');
    const expectedVersions = [survivor, ...absorbed].map((zoneId) => ({ zoneId, version: 1 }));
    const mergerId = `merger-zhaoqing-${registry.id}`;
    const body = merger(survivor, absorbed, { mergerId, expectedVersions });
    const first = await registry.call('POST', '/v1/mergers', body);
    expect(first.status).toBe(201);
    const retry = await registry.call('POST', '/v1/mergers', body);
    expect(retry.status).toBe(201);
    expect(await retry.json()).toMatchObject({
      mergerId,
      zones: [survivor, ...absorbed].map((zoneId) => ({ zoneId, version: 2 })),
      replayed: true,
    });
    expect((await historyOf(survivor)).map((event) => event.type)).toEqual([
      'ZoneRegistered',
      'ZonesMerged',
    ]);
  });
});
