import { eventually } from '@zoneledger/testing';
import { startZoneRegistry, type ZoneRegistryUnderTest } from './zone-registry.harness';

describe('zone registry, as operators see it', () => {
  let registry: ZoneRegistryUnderTest;
  beforeAll(async () => {
    registry = await startZoneRegistry('zones_ops');
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('shows the zone_view projection caught up in readiness and its lag, relay and command metrics', async () => {
    const created = await registry.call('POST', '/v1/zones', {
      zoneId: `ops-${registry.id}`,
      nameZh: `运维开发区${registry.id}`,
      nameEn: `Operations Zone ${registry.id}`,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: '湖南',
      city: '长沙市',
    });
    expect(created.status).toBe(201);

    const baseUrl = await registry.app.getUrl();
    await eventually(
      async () => {
        const ready = (await (await fetch(`${baseUrl}/health/ready`)).json()) as {
          info: { projections: Record<string, unknown> };
        };
        expect(ready.info.projections).toMatchObject({
          status: 'up',
          'zone-view': { state: 'running', lag: 0, applied: 1, deadLettered: 0 },
        });
      },
      { timeoutMs: 30_000 },
    );

    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /^zoneledger_projection_lag_events\{projection="zone-view",topic="[^"]+zoneledger\.zones\.v1",partition="\d+",service="zone-registry"\} 0$/m,
    );
    expect(metrics).toMatch(/^zoneledger_relay_lag_events\{service="zone-registry"\} 0$/m);
    expect(metrics).toMatch(
      /^zoneledger_dead_lettered_events\{projection="zone-view",service="zone-registry"\} 0$/m,
    );
    expect(metrics).toMatch(
      /^commands_total\{command="[^"]+",outcome="accepted",service="zone-registry"\} 1$/m,
    );
  });
});
