import {
  PolicyIssuedSchema,
  ZoneRegisteredSchema,
  ZoneUpgradedSchema,
} from '@zoneledger/contracts';
import { eventually } from '@zoneledger/testing';
import { randomUUID } from 'node:crypto';
import { startPolicyQueries, type PolicyQueriesUnderTest } from './policy-queries.harness';
import {
  amendPolicy,
  day,
  dayOf,
  issuePolicy,
  mergeZones,
  nextYear,
  policyIssuedData,
  registerZone,
  repealPolicy,
} from './policy-queries.fixtures';

interface ZonePolicy {
  policyId: string;
  versionId: string;
  version: number;
  appliesThrough: {
    zoneId: string;
    matchedBy: string[];
    inheritedFrom?: { zoneId: string; mergerId: string; mergedOn: string };
  };
}

interface PolicyZones {
  standing: string;
  version?: { versionId: string };
  items: { zoneId: string; kind: string; matchedBy: string[] }[];
  total: number;
}

describe('the policies in force for a zone, and the zones of a policy (bitemporal reads)', () => {
  let reads: PolicyQueriesUnderTest;

  beforeAll(async () => {
    reads = await startPolicyQueries('policy_zone_queries');
  });
  afterAll(async () => {
    await reads?.stop();
  });

  const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

  async function policiesOf(zoneId: string, query = ''): Promise<ZonePolicy[]> {
    const body = await reads.read<{ items: ZonePolicy[] }>(`/v1/zones/${zoneId}/policies${query}`);
    return body.items;
  }

  async function policyIdsOf(zoneId: string, query = ''): Promise<string[]> {
    return (await policiesOf(zoneId, query)).map((policy) => policy.policyId);
  }

  it('resolves a scope of national ETDZs in Jiangsu to exactly those zones, saying why', async () => {
    const jiangsu = unique('jiangsu-etdz');
    const zhejiang = unique('zhejiang-etdz');
    const provincial = unique('jiangsu-provincial');
    const highTech = unique('jiangsu-hi-tech');
    const inJiangsu = { province: '江苏', city: '苏州市', region: 'REGION_EAST' };
    await registerZone(reads, jiangsu, inJiangsu);
    await registerZone(reads, zhejiang, {
      province: '浙江省',
      city: '杭州市',
      region: 'REGION_EAST',
    });
    await registerZone(reads, provincial, { ...inJiangsu, level: 'ZONE_LEVEL_PROVINCIAL' });
    await registerZone(reads, highTech, { ...inJiangsu, kind: 'ZONE_KIND_HIGH_TECH_ZONE' });
    const policyId = unique('js-etdz');
    await issuePolicy(reads, policyId, {
      zoneKinds: ['ZONE_KIND_ETDZ'],
      zoneLevels: ['ZONE_LEVEL_NATIONAL'],
      provinces: ['江苏'],
    });

    const mine = [jiangsu, zhejiang, provincial, highTech];
    // Every zone known first, so that the ones left out were left out by the scope.
    await eventually(async () => {
      for (const zoneId of mine)
        expect((await reads.get(`/v1/zones/${zoneId}/policies`)).status).toBe(200);
    });
    const zones = await eventually(async () => {
      const body = await reads.read<PolicyZones>(`/v1/policies/${policyId}/zones?limit=100`);
      const covered = body.items.filter((zone) => mine.includes(zone.zoneId));
      expect(covered.map((zone) => zone.zoneId)).toEqual([jiangsu]);
      return { body, covered };
    });
    expect(zones.body.version?.versionId).toBe(`${policyId}/v1`);
    expect(zones.covered[0].matchedBy).toEqual(['zone_kind', 'zone_level', 'province']);
    const [applied] = await policiesOf(jiangsu);
    expect(applied).toMatchObject({
      policyId,
      versionId: `${policyId}/v1`,
      appliesThrough: { zoneId: jiangsu, matchedBy: ['zone_kind', 'zone_level', 'province'] },
    });
    for (const other of [zhejiang, provincial, highTech])
      expect(await policyIdsOf(other)).not.toContain(policyId);
  });

  it('shows a policy in force before its repeal, and in force later as known before the repeal was recorded', async () => {
    const zoneId = unique('repeal-zone');
    await registerZone(reads, zoneId, {}, { time: new Date('2019-01-01T00:00:00Z') });
    const policyId = unique('repealed');
    await issuePolicy(
      reads,
      policyId,
      { zoneIds: [zoneId] },
      {},
      { time: new Date('2019-06-01T00:00:00Z') },
    );
    await repealPolicy(reads, policyId, day(2023, 1, 1), {
      time: new Date('2023-02-01T00:00:00Z'),
    });

    // Once the list says it is repealed, both events were consumed.
    await eventually(async () => {
      const repealed = await reads.read<{ items: { policyId: string }[] }>(
        `/v1/policies?status=repealed&q=${encodeURIComponent(policyId)}`,
      );
      expect(repealed.items.map((item) => item.policyId)).toEqual([policyId]);
    });
    expect(await policyIdsOf(zoneId, '?inForceOn=2023-06-01')).toEqual([]);

    expect(await policyIdsOf(zoneId, '?inForceOn=2022-12-31')).toEqual([policyId]);
    expect(await policyIdsOf(zoneId, '?inForceOn=2023-06-01&asOf=2023-01-15T00:00:00Z')).toEqual([
      policyId,
    ]);
    expect(await policyIdsOf(zoneId, '?inForceOn=2019-05-27')).toEqual([]);
    // The policy's own standing says why, by the domain's reading of the same timeline.
    const standing = async (query: string) =>
      (await reads.read<PolicyZones>(`/v1/policies/${policyId}/zones${query}`)).standing;
    expect(await standing('?inForceOn=2023-06-01')).toBe('repealed');
    expect(await standing('?inForceOn=2023-06-01&asOf=2023-01-15T00:00:00Z')).toBe('in_force');
    expect(await standing('?inForceOn=2019-05-27')).toBe('not_yet_effective');
    // Before the policy was recorded, the register knew no such policy.
    expect(await policyIdsOf(zoneId, '?inForceOn=2020-01-01&asOf=2019-05-01T00:00:00Z')).toEqual(
      [],
    );
  });

  it('leaves today’s version in force when an amendment takes effect in the future', async () => {
    const zoneId = unique('amended-zone');
    await registerZone(reads, zoneId);
    const policyId = unique('amended');
    const scope = { zoneIds: [zoneId] };
    await issuePolicy(reads, policyId, scope);
    await amendPolicy(reads, policyId, 2, dayOf(nextYear()), scope);

    const future = await eventually(async () => {
      const [policy] = await policiesOf(zoneId, `?inForceOn=${nextYear()}`);
      expect(policy?.version).toBe(2);
      return policy;
    });
    expect(future.versionId).toBe(`${policyId}/v2`);
    const [today] = await policiesOf(zoneId);
    expect(today).toMatchObject({ policyId, version: 1, versionId: `${policyId}/v1` });
  });

  it("shows an absorbed zone's policies on the surviving zone's timeline after the merger, marked with their origin", async () => {
    const survivor = unique('survivor');
    const absorbed = unique('absorbed');
    await registerZone(reads, survivor);
    await registerZone(reads, absorbed, { kind: 'ZONE_KIND_HIGH_TECH_ZONE' });
    const policyId = unique('absorbed-policy');
    await issuePolicy(reads, policyId, { zoneIds: [absorbed] });
    const mergerId = unique('merger');
    await mergeZones(reads, mergerId, survivor, absorbed, day(2021, 6, 1));

    const [inherited] = await eventually(async () => {
      const policies = await policiesOf(survivor, '?inForceOn=2022-01-01');
      expect(policies.map((policy) => policy.policyId)).toEqual([policyId]);
      return policies;
    });
    expect(inherited.appliesThrough).toEqual({
      zoneId: absorbed,
      matchedBy: ['named_zone'],
      inheritedFrom: { zoneId: absorbed, mergerId, mergedOn: '2021-06-01' },
    });
    // Before the merger the policy was the absorbed zone's alone; after it, the absorbed zone has none.
    expect(await policyIdsOf(survivor, '?inForceOn=2021-05-31')).toEqual([]);
    expect(await policyIdsOf(absorbed, '?inForceOn=2021-05-31')).toEqual([policyId]);
    expect(await policyIdsOf(absorbed, '?inForceOn=2022-01-01')).toEqual([]);
    // The policy's zones tell the same story.
    const after = await reads.read<PolicyZones>(
      `/v1/policies/${policyId}/zones?inForceOn=2022-01-01`,
    );
    expect(after.items).toEqual([
      expect.objectContaining({
        zoneId: survivor,
        matchedBy: ['named_zone'],
        inheritedFrom: { zoneId: absorbed, mergerId, mergedOn: '2021-06-01' },
      }),
    ]);
    const before = await reads.read<PolicyZones>(
      `/v1/policies/${policyId}/zones?inForceOn=2021-05-31`,
    );
    expect(before.items.map((zone) => zone.zoneId)).toEqual([absorbed]);
  });

  it('hands a policy down a chain of mergers to the zone standing at the end of it', async () => {
    const [first, middle, last] = [unique('first'), unique('middle'), unique('last')];
    for (const zoneId of [first, middle, last]) await registerZone(reads, zoneId);
    const policyId = unique('chained-policy');
    await issuePolicy(reads, policyId, { zoneIds: [first] });
    const [earlier, later] = [unique('merger'), unique('merger')];
    await mergeZones(reads, earlier, middle, first, day(2020, 1, 1));
    await mergeZones(reads, later, last, middle, day(2021, 1, 1), { absorbed: 3, survivor: 2 });

    const inheritedFrom = { zoneId: first, mergerId: earlier, mergedOn: '2020-01-01' };
    await eventually(async () => {
      const [policy] = await policiesOf(last, '?inForceOn=2022-01-01');
      expect(policy?.appliesThrough.inheritedFrom).toEqual(inheritedFrom);
    });
    const zonesOn = async (day: string) =>
      (await reads.read<PolicyZones>(`/v1/policies/${policyId}/zones?inForceOn=${day}`)).items;
    expect(await zonesOn('2022-01-01')).toEqual([
      expect.objectContaining({ zoneId: last, inheritedFrom }),
    ]);
    expect(await zonesOn('2020-06-01')).toEqual([
      expect.objectContaining({ zoneId: middle, inheritedFrom }),
    ]);
    expect(await policyIdsOf(middle, '?inForceOn=2020-06-01')).toEqual([policyId]);
    expect(await policyIdsOf(middle, '?inForceOn=2022-01-01')).toEqual([]);
  });

  it('changes nothing when an event is redelivered or re-published', async () => {
    const zoneId = unique('redelivered-zone');
    const registration = { id: randomUUID(), streamVersion: 1 };
    await registerZone(reads, zoneId, {}, registration);
    await registerZone(reads, zoneId, { province: '江苏' }, registration);
    const policyId = unique('redelivered');
    const issued = policyIssuedData(policyId, { provinces: ['安徽省'], zoneIds: [zoneId] });
    const eventId = randomUUID();
    await reads.publishPolicyEvent(PolicyIssuedSchema, issued, { id: eventId });
    await reads.publishPolicyEvent(PolicyIssuedSchema, issued, { id: eventId });
    await reads.publishPolicyEvent(PolicyIssuedSchema, { ...issued, titleZh: '重发' });
    await reads.publishZoneEvent(
      zoneId,
      ZoneRegisteredSchema,
      { zoneId, province: '浙江' },
      {
        streamVersion: 1,
      },
    );
    // Events after them on the same partitions: once they show, the repeats were consumed.
    await amendPolicy(reads, policyId, 2, dayOf(nextYear()), { zoneIds: [zoneId] });
    await reads.publishZoneEvent(
      zoneId,
      ZoneUpgradedSchema,
      {
        zoneId,
        previousKind: 'ZONE_KIND_ETDZ',
        kind: 'ZONE_KIND_HIGH_TECH_ZONE',
        previousLevel: 'ZONE_LEVEL_NATIONAL',
        level: 'ZONE_LEVEL_NATIONAL',
        effectiveOn: dayOf(nextYear()),
        basisPolicyId: policyId,
      },
      { streamVersion: 2 },
    );
    await eventually(async () => {
      const future = await reads.read<PolicyZones>(
        `/v1/policies/${policyId}/zones?inForceOn=${nextYear()}`,
      );
      expect(future.version?.versionId).toBe(`${policyId}/v2`);
      expect(future.items.map((zone) => zone.kind)).toEqual(['ZONE_KIND_HIGH_TECH_ZONE']);
    });

    const today = await policiesOf(zoneId);
    expect(today).toHaveLength(1);
    expect(today[0]).toMatchObject({ policyId, version: 1 });
    expect(today[0].appliesThrough.matchedBy).toEqual(['named_zone', 'province']);
    const zones = await reads.read<PolicyZones>(`/v1/policies/${policyId}/zones`);
    expect(zones.items.map((zone) => zone.zoneId)).toEqual([zoneId]);
  });

  it.each([
    ['/v1/zones/z/policies?inForceOn=2024-02-30', 'inForceOn'],
    ['/v1/zones/z/policies?inForceOn=20240101', 'inForceOn'],
    ['/v1/zones/z/policies?asOf=yesterday', 'asOf'],
    ['/v1/policies/p/zones?limit=0', 'limit'],
    ['/v1/policies/p/zones?offset=-1', 'offset'],
    ['/v1/policies?status=valid', 'status'],
    ['/v1/policies?issuedFrom=2019-13-01', 'issuedFrom'],
    ['/v1/policies?kind=notice', 'kind'],
  ])('answers %s with 400 problem+json naming %s', async (path, field) => {
    const response = await reads.get(path);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(await response.json())).toContain(field);
  });

  it('answers 404 problem+json for a zone or a policy it never heard of', async () => {
    for (const path of [
      `/v1/zones/${unique('nowhere')}/policies`,
      `/v1/policies/${unique('none')}/zones`,
    ]) {
      const response = await reads.get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
