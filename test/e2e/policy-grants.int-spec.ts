import { eventually } from '@zoneledger/testing';
import { startSystem, type SystemUnderTest } from '../system.harness';

// The end-to-end promise: a policy issued through the policy-registry's API reaches the
// zones it names in the zone-registry, both services running as processes on real Kafka and
// PostgreSQL and meeting only on their topics (zones -> policy-registry's zone directory,
// policies -> zone-registry's autonomy-grants saga).
describe('a policy issued through the policy-registry grants its powers in the zone-registry', () => {
  let system: SystemUnderTest<'zone-registry' | 'policy-registry'>;
  let suffix: string;

  beforeAll(async () => {
    system = await startSystem(
      'grants_e2e',
      ['zone-registry', 'policy-registry'],
      ['zone-admin', 'policy-admin'],
      // Some 15 s on a quiet machine; minutes when its two cores are busy with other work.
      { readyTimeoutMs: 240_000 },
    );
    suffix = system.suffix;
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  const zones = 'zone-registry' as const;
  const policies = 'policy-registry' as const;
  const call = (
    service: typeof zones | typeof policies,
    method: string,
    path: string,
    body?: unknown,
  ) => system.call(service, method, path, body);

  it('records the grants of 国发〔2019〕11号 on every national ETDZ, and on no other zone', async () => {
    const zone = (name: string, level: string) => ({
      zoneId: `${name}-${suffix}`,
      nameZh: `${name}开发区${suffix}`,
      nameEn: `${name} Zone ${suffix}`,
      kind: 'ZONE_KIND_ETDZ',
      level,
      province: '江苏',
      approvedOn: { year: 1994 },
    });
    const national = [zone('sip', 'ZONE_LEVEL_NATIONAL'), zone('nanjing', 'ZONE_LEVEL_NATIONAL')];
    const provincial = zone('wujin', 'ZONE_LEVEL_PROVINCIAL');
    for (const registration of [...national, provincial])
      expect((await call(zones, 'POST', '/v1/zones', registration)).status).toBe(201);

    // The policy-registry resolves scopes against the zones it has consumed: wait until it has.
    await eventually(
      async () => {
        const { projections } = (await (
          await call(policies, 'GET', '/v1/admin/projections')
        ).json()) as {
          projections: Record<string, { applied: number; lag?: number }>;
        };
        expect(projections['zone-directory']).toMatchObject({ lag: 0 });
        expect(projections['zone-directory'].applied).toBeGreaterThanOrEqual(3);
      },
      { timeoutMs: 30_000 },
    );

    const policyId = `gf-2019-11-${suffix}`;
    const issued = await call(policies, 'POST', '/v1/policies', {
      policyId,
      documentNumber: '国发〔2019〕11号',
      titleZh: '国务院关于推进国家级经济技术开发区创新提升打造改革开放新高地的意见',
      issuer: `国务院${suffix}`,
      kind: 'POLICY_KIND_OPINIONS',
      issuedOn: { year: 2019, month: 5, day: 18 },
      themes: ['reform autonomy'],
      measures: [
        {
          text: '赋予国家级经开区更大改革自主权',
          grantsPower: 'set up and adjust internal bodies',
        },
      ],
      scope: { zoneKinds: ['ZONE_KIND_ETDZ'], zoneLevels: ['ZONE_LEVEL_NATIONAL'] },
    });
    expect(issued.status).toBe(201);

    await eventually(
      async () => {
        const answer = await call(zones, 'GET', `/v1/policy-autonomy-grants?policyId=${policyId}`);
        const { items } = (await answer.json()) as { items: { zoneId: string; outcome: string }[] };
        expect(items.map((item) => [item.zoneId, item.outcome]).sort()).toEqual(
          national.map((registration) => [registration.zoneId, 'granted']).sort(),
        );
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }, 150_000);

  it('grants a zone upgraded into the scope later, once the policy is extended to it (ADR 0007)', async () => {
    const zoneId = `huadu-${suffix}`;
    const registered = await call(zones, 'POST', '/v1/zones', {
      zoneId,
      nameZh: `花都开发区${suffix}`,
      nameEn: `Huadu Zone ${suffix}`,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_PROVINCIAL',
      province: '广东',
      approvedOn: { year: 2012 },
    });
    expect(registered.status).toBe(201);
    const policyId = `gf-2019-11-later-${suffix}`;
    const issuance = {
      policyId,
      documentNumber: '国发〔2019〕11号',
      titleZh: '国务院关于推进国家级经济技术开发区创新提升打造改革开放新高地的意见',
      issuer: `国务院（后续）${suffix}`,
      kind: 'POLICY_KIND_OPINIONS',
      issuedOn: { year: 2019, month: 5, day: 18 },
      measures: [{ text: '赋予更大改革自主权', grantsPower: 'adjust plans' }],
      scope: { zoneLevels: ['ZONE_LEVEL_NATIONAL'], zoneIds: [zoneId] },
    };
    // The named zone must be known to the policy-registry: until it is, the issuance is refused.
    await eventually(
      async () => expect((await call(policies, 'POST', '/v1/policies', issuance)).status).toBe(201),
      {
        timeoutMs: 30_000,
        intervalMs: 250,
      },
    );

    const upgraded = await call(zones, 'POST', `/v1/zones/${zoneId}/upgrade`, {
      effectiveOn: { year: 2024, month: 9, day: 30 },
      basisPolicyId: 'gbh-2024-83',
    });
    expect(upgraded.status).toBe(200);
    const extension = {
      effectiveOn: { year: 2024, month: 10, day: 1 },
      reason: '升级为国家级经开区',
    };
    // Records nothing until the zone directory has the upgrade; asking again is harmless.
    await eventually(
      async () => {
        const answer = await call(
          policies,
          'POST',
          `/v1/policies/${policyId}/autonomy-extensions`,
          extension,
        );
        expect(((await answer.json()) as { recorded: string[] }).recorded).toEqual([
          'PolicyAutonomyExtended',
        ]);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    await eventually(
      async () => {
        const answer = await call(zones, 'GET', `/v1/policy-autonomy-grants?policyId=${policyId}`);
        const { items } = (await answer.json()) as { items: { zoneId: string; outcome: string }[] };
        expect(items.map((item) => [item.zoneId, item.outcome])).toEqual([[zoneId, 'granted']]);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }, 150_000);
});
