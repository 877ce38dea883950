import { Topics } from '@zoneledger/contracts';
import { createProducer, physicalTopic } from '@zoneledger/messaging';
import { KAFKA } from '@zoneledger/platform';
import { eventually } from '@zoneledger/testing';
import type { Kafka } from 'kafkajs';
import { policyIssued } from './policy-events';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

interface Rebuild {
  projection: string;
  state: 'running' | 'completed' | 'failed';
  report?: { fromGeneration: number; toGeneration: number; deadLettered: number };
  error?: { code?: string; message: string };
}

describe('rebuilding projections through the operators API', () => {
  let registry: ZoneRegistryUnderTest;
  beforeAll(async () => {
    registry = await startZoneRegistry('zones_rebuild');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  const asOps = (method: string, path: string) =>
    registry.call(method, path, undefined, { authorization: `Bearer ${registry.opsToken}` });

  // The listed zones among `zones` (other tests register zones of their own).
  async function listed(
    zones: { zoneId: string }[],
  ): Promise<{ zoneId: string; nameEn: string }[]> {
    const response = await registry.call('GET', `/v1/zones?q=${registry.id}&limit=100`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: { zoneId: string; nameEn: string }[] };
    const ids = new Set(zones.map((zone) => zone.zoneId));
    return page.items
      .filter((zone) => ids.has(zone.zoneId))
      .map(({ zoneId, nameEn }) => ({ zoneId, nameEn }));
  }

  async function rebuilt(name: string): Promise<Rebuild> {
    return eventually(
      async () => {
        const response = await asOps('GET', `/v1/admin/projections/${name}/rebuilds/latest`);
        expect(response.status).toBe(200);
        const rebuild = (await response.json()) as Rebuild;
        expect(rebuild.state).not.toBe('running');
        return rebuild;
      },
      { timeoutMs: 60_000 },
    );
  }

  it('rebuilds zone_view into a new generation while the list keeps answering the same', async () => {
    const zones = ['wuxi', 'xuzhou', 'yancheng'].map((name) => zoneRegistration(registry, name));
    for (const zone of zones)
      expect((await registry.call('POST', '/v1/zones', zone)).status).toBe(201);
    const renamed = await registry.call('POST', `/v1/zones/${zones[0].zoneId}/renames`, {
      nameZh: `无锡新吴${registry.id}`,
      nameEn: `Wuxi Xinwu ${registry.id}`,
      effectiveOn: { year: 2017 },
    });
    expect(renamed.status).toBe(200);
    const before = await eventually(
      async () => {
        const zonesListed = await listed(zones);
        expect(zonesListed).toContainEqual({
          zoneId: zones[0].zoneId,
          nameEn: `Wuxi Xinwu ${registry.id}`,
        });
        expect(zonesListed).toHaveLength(3);
        return zonesListed;
      },
      { timeoutMs: 30_000 },
    );

    const started = await asOps('POST', '/v1/admin/projections/zone-view/rebuilds');
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe('/v1/admin/projections/zone-view/rebuilds/latest');
    expect(await started.json()).toMatchObject({ projection: 'zone-view', state: 'running' });
    // Reads keep the current generation meanwhile.
    expect(await listed(zones)).toEqual(before);

    const rebuild = await rebuilt('zone-view');
    expect(rebuild).toMatchObject({ state: 'completed', report: { deadLettered: 0 } });
    expect(rebuild.report?.toGeneration).toBe((rebuild.report?.fromGeneration ?? 0) + 1);
    expect(await listed(zones)).toEqual(before);

    // The live projection follows the new generation.
    const later = zoneRegistration(registry, 'zhenjiang');
    expect((await registry.call('POST', '/v1/zones', later)).status).toBe(201);
    await eventually(async () => expect(await listed([...zones, later])).toHaveLength(4), {
      timeoutMs: 30_000,
    });
  });

  it('rebuilds the autonomy-grants saga without granting anything twice', async () => {
    const zone = zoneRegistration(registry, 'kunshan');
    expect((await registry.call('POST', '/v1/zones', zone)).status).toBe(201);
    const policyId = `rebuild-${registry.id}`;
    const producer = createProducer(registry.app.get<Kafka>(KAFKA));
    await producer.connect();
    try {
      await producer.send({
        topic: physicalTopic(registry.topicPrefix, Topics.policies),
        messages: [
          policyIssued({
            policyId,
            issuedOn: { year: 2019, month: 5 },
            autonomyGrants: [{ power: 'land-use approval', zoneIds: [zone.zoneId] }],
          }),
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const decisions = async () =>
      (
        (await (
          await registry.call('GET', `/v1/policy-autonomy-grants?policyId=${policyId}`)
        ).json()) as { items: { zoneId: string; outcome: string }[] }
      ).items.map(({ zoneId, outcome }) => ({ zoneId, outcome }));
    await eventually(
      async () => expect(await decisions()).toEqual([{ zoneId: zone.zoneId, outcome: 'granted' }]),
      { timeoutMs: 30_000 },
    );

    expect((await asOps('POST', '/v1/admin/projections/autonomy-grants/rebuilds')).status).toBe(
      202,
    );
    expect(await rebuilt('autonomy-grants')).toMatchObject({ state: 'completed' });

    expect(await decisions()).toEqual([{ zoneId: zone.zoneId, outcome: 'granted' }]);
    const history = (await (
      await registry.call('GET', `/v1/zones/${zone.zoneId}/history`)
    ).json()) as { type: string }[];
    expect(history.filter((entry) => entry.type === 'ZoneAutonomyGranted')).toHaveLength(1);
  });

  it('refuses a second rebuild while one runs, unknown projections, and callers without the ops role', async () => {
    expect((await asOps('POST', '/v1/admin/projections/zone-view/rebuilds')).status).toBe(202);
    const twice = await asOps('POST', '/v1/admin/projections/zone-view/rebuilds');
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ code: 'PROJECTIONS.REBUILD_RUNNING' });
    expect(await rebuilt('zone-view')).toMatchObject({ state: 'completed' });

    const unknown = await asOps('POST', '/v1/admin/projections/nothing/rebuilds');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(await unknown.json()).toMatchObject({ code: 'PROJECTIONS.UNKNOWN' });

    const asAnalyst = await registry.call(
      'POST',
      '/v1/admin/projections/zone-view/rebuilds',
      undefined,
      {
        authorization: `Bearer ${registry.analystToken}`,
      },
    );
    expect(asAnalyst.status).toBe(403);

    // Both consumers start in the background after boot: on a busy machine, later than this.
    await eventually(
      async () => {
        const listing = await asOps('GET', '/v1/admin/projections');
        expect(listing.status).toBe(200);
        expect(await listing.json()).toMatchObject({
          projections: {
            'zone-view': { state: 'running' },
            'autonomy-grants': { state: 'running' },
          },
        });
      },
      { timeoutMs: 30_000 },
    );
  });
});
