import { eventually } from '@zoneledger/testing';
import { policyIssuance } from './policy-bodies';
import { startPolicyRegistry, type PolicyRegistryUnderTest } from './policy-registry.harness';
import { zoneRegistered } from '@zoneledger/service-testing';

interface ZonePolicies {
  items: { policyId: string; versionId: string; appliesThrough: { matchedBy: string[] } }[];
}

// Read after write through the whole service: the command API records the events, the relay
// publishes them to zoneledger.policies.v1, and the read side's timelines consume them.
describe('policies issued and repealed through the API, read from the timelines', () => {
  let registry: PolicyRegistryUnderTest;
  const zone = (name: string) => `${name}-${registry.id}`;

  beforeAll(async () => {
    registry = await startPolicyRegistry('issued_policy_queries');
    await registry.publishZones([
      zoneRegistered({ zoneId: zone('js-national') }),
      zoneRegistered({ zoneId: zone('zj-national'), province: '浙江省' }),
    ]);
    await registry.zonesKnown({ [zone('js-national')]: 1, [zone('zj-national')]: 1 });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  async function policiesOf(zoneId: string, query = ''): Promise<ZonePolicies['items']> {
    const response = await registry.call('GET', `/v1/zones/${zoneId}/policies${query}`, undefined, {
      authorization: `Bearer ${registry.analystToken}`,
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as ZonePolicies).items;
  }

  it('shows an issued policy on the zones its scope covers, and ends it from its repeal', async () => {
    const body = policyIssuance(registry, 'read-after-write', {
      effectiveOn: { year: 2019, month: 5, day: 28 },
      scope: {
        zoneKinds: ['ZONE_KIND_ETDZ'],
        zoneLevels: ['ZONE_LEVEL_NATIONAL'],
        provinces: ['江苏'],
      },
    });
    expect((await registry.call('POST', '/v1/policies', body)).status).toBe(201);
    const [applied] = await eventually(async () => {
      const policies = await policiesOf(zone('js-national'));
      expect(policies.map((policy) => policy.policyId)).toEqual([body.policyId]);
      return policies;
    });
    expect(applied.versionId).toBe(`${body.policyId}/v1`);
    expect(applied.appliesThrough.matchedBy).toEqual(['zone_kind', 'zone_level', 'province']);
    expect(await policiesOf(zone('zj-national'))).toEqual([]);

    const repealedAt = new Date();
    const repeal = { effectiveOn: { year: 2023, month: 1, day: 1 }, reason: '已被新规定替代' };
    const repealed = await registry.call('POST', `/v1/policies/${body.policyId}/repeal`, repeal);
    expect(repealed.status).toBe(201);
    await eventually(async () =>
      expect(await policiesOf(zone('js-national'), '?inForceOn=2023-06-01')).toEqual([]),
    );
    expect(await policiesOf(zone('js-national'), '?inForceOn=2022-06-01')).toHaveLength(1);
    const knownBefore = `?inForceOn=2023-06-01&asOf=${repealedAt.toISOString()}`;
    expect(await policiesOf(zone('js-national'), knownBefore)).toHaveLength(1);
  });
});
