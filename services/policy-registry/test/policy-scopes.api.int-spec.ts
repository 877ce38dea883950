import { bodyOf, policyIssuance } from './policy-bodies';
import { startPolicyRegistry, type PolicyRegistryUnderTest } from './policy-registry.harness';
import { zoneEvent, zoneRegistered } from '@zoneledger/service-testing';

// The zones a policy's powers reach are those its scope covers when it is issued (ADR 0005), as
// this service knows them from zoneledger.zones.v1.
describe('policies API: scopes resolved to the zones of the register', () => {
  let registry: PolicyRegistryUnderTest;
  const zone = (name: string) => `${name}-${registry.id}`;

  beforeAll(async () => {
    registry = await startPolicyRegistry('policy_scopes');
    const exited = zone('js-exited');
    const merged = zone('js-merged');
    await registry.publishZones([
      zoneRegistered({ zoneId: zone('js-national-a') }),
      zoneRegistered({ zoneId: zone('js-national-b'), province: '江苏' }),
      zoneRegistered({ zoneId: zone('js-provincial'), level: 'ZONE_LEVEL_PROVINCIAL' }),
      zoneRegistered({ zoneId: zone('js-hightech'), kind: 'ZONE_KIND_HIGH_TECH_ZONE' }),
      zoneRegistered({ zoneId: zone('zj-national'), province: '浙江省' }),
      zoneRegistered({ zoneId: exited }),
      zoneEvent(exited, 2, 'ZoneExited', {
        zoneId: exited,
        effectiveOn: { year: 2018 },
        reason: 'assessment',
      }),
      zoneRegistered({ zoneId: merged }),
      zoneEvent(merged, 2, 'ZonesMerged', {
        mergerId: `m-${registry.id}`,
        survivingZoneId: zone('js-national-a'),
        absorbedZoneIds: [merged],
        effectiveOn: { year: 2018 },
        kind: 'MERGER_KIND_OTHER',
      }),
    ]);
    await registry.zonesKnown({
      [zone('js-national-a')]: 1,
      [zone('js-national-b')]: 1,
      [zone('js-provincial')]: 1,
      [zone('js-hightech')]: 1,
      [zone('zj-national')]: 1,
      [exited]: 2,
      [merged]: 2,
    });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('grants a policy for national ETDZs in Jiangsu to exactly those zones in the register', async () => {
    const body = policyIssuance(registry, 'jiangsu', {
      measures: [
        { text: '赋予外资项目核准权限', grantsPower: 'approve-foreign-investment' },
        { text: '加强统计监测' },
      ],
      scope: {
        zoneKinds: ['ZONE_KIND_ETDZ'],
        zoneLevels: ['ZONE_LEVEL_NATIONAL'],
        provinces: ['江苏'],
      },
    });
    expect((await registry.call('POST', '/v1/policies', body)).status).toBe(201);
    const detail = await bodyOf(await registry.call('GET', `/v1/policies/${body.policyId}`));
    expect(detail.grantedZones).toEqual({
      'approve-foreign-investment': [zone('js-national-a'), zone('js-national-b')],
    });
    const [issued] = (await (
      await registry.call('GET', `/v1/policies/${body.policyId}/history`)
    ).json()) as { data: { scope: unknown } }[];
    expect(issued.data.scope).toMatchObject({ provinces: ['江苏省'] });
  });

  it('accepts named zones the directory holds, and grants a zone entering the scope later once', async () => {
    // A zone of its own, so the other test's Jiangsu scope never sees it upgraded.
    const upgraded = zone('gd-upgraded');
    await registry.publishZones([
      zoneRegistered({ zoneId: upgraded, level: 'ZONE_LEVEL_PROVINCIAL', province: '广东省' }),
    ]);
    await registry.zonesKnown({ [upgraded]: 1 });
    const body = policyIssuance(registry, 'upgrade', {
      measures: [{ text: '授予规划调整权', grantsPower: 'adjust-plans' }],
      scope: { zoneLevels: ['ZONE_LEVEL_NATIONAL'], zoneIds: [upgraded] },
    });
    expect((await registry.call('POST', '/v1/policies', body)).status).toBe(201);
    let detail = await bodyOf(await registry.call('GET', `/v1/policies/${body.policyId}`));
    expect(detail.grantedZones).toEqual({ 'adjust-plans': [] });

    // The provincial zone is upgraded: it enters the scope, and the extension grants it.
    await registry.publishZones([
      zoneEvent(upgraded, 2, 'ZoneUpgraded', {
        zoneId: upgraded,
        previousLevel: 'ZONE_LEVEL_PROVINCIAL',
        level: 'ZONE_LEVEL_NATIONAL',
        previousKind: 'ZONE_KIND_ETDZ',
        kind: 'ZONE_KIND_ETDZ',
        effectiveOn: { year: 2024, month: 9 },
      }),
    ]);
    await registry.zonesKnown({ [upgraded]: 2 });
    const extension = { effectiveOn: { year: 2024, month: 9, day: 30 }, reason: '升级为国家级' };
    const path = `/v1/policies/${body.policyId}/autonomy-extensions`;
    const first = await registry.call('POST', path, extension);
    expect(first.status).toBe(201);
    expect((await bodyOf(first)).recorded).toEqual(['PolicyAutonomyExtended']);
    detail = await bodyOf(await registry.call('GET', `/v1/policies/${body.policyId}`));
    expect(detail.grantedZones).toEqual({ 'adjust-plans': [upgraded] });
    const again = await registry.call('POST', path, extension);
    expect((await bodyOf(again)).recorded).toEqual([]);
  });
});
