import { eventually, startDedicatedKafka, type DedicatedKafka } from '@zoneledger/testing';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

interface Readiness {
  status: string;
  info: { postgres: { status: string }; kafka: { status: string; broker?: string } };
}

describe('zone registry while its Kafka broker is down', () => {
  let broker: DedicatedKafka;
  let registry: ZoneRegistryUnderTest;

  beforeAll(async () => {
    broker = await startDedicatedKafka();
    registry = await startZoneRegistry('zones_outage', { KAFKA_BROKERS: broker.brokers });
  }, 120_000);
  afterAll(async () => {
    broker?.start();
    await registry?.stop();
    broker?.destroy();
  }, 120_000);

  async function readiness(): Promise<{ status: number; body: Readiness; ms: number }> {
    const started = performance.now();
    const response = await fetch(`${await registry.app.getUrl()}/health/ready`);
    const body = (await response.json()) as Readiness;
    return { status: response.status, body, ms: performance.now() - started };
  }

  async function listedNames(): Promise<string[]> {
    const response = await registry.call('GET', `/v1/zones?q=${registry.id}&limit=100`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: { zoneId: string }[] };
    return page.items.map((zone) => zone.zoneId).sort();
  }

  it('stays ready and records commands; the read model catches up when the broker is back', async () => {
    const before = zoneRegistration(registry, 'before');
    expect((await registry.call('POST', '/v1/zones', before)).status).toBe(201);
    await eventually(async () => expect(await listedNames()).toEqual([before.zoneId]), {
      timeoutMs: 30_000,
    });

    broker.stop();
    const during = zoneRegistration(registry, 'during');
    expect((await registry.call('POST', '/v1/zones', during)).status).toBe(201);
    // The zone's own read comes from its stream, not from Kafka.
    const detail = await registry.call('GET', `/v1/zones/${during.zoneId}`);
    expect(detail.status).toBe(200);
    const down = await readiness();
    expect(down.status).toBe(200);
    // Within the probe's deadline (infra/k8s: timeoutSeconds 5), though no broker answers.
    expect(down.ms).toBeLessThan(5000);
    expect(down.body.info.postgres).toEqual({ status: 'up' });
    expect(down.body.info.kafka).toMatchObject({ status: 'up', broker: 'unreachable' });
    expect(await listedNames()).toEqual([before.zoneId]);

    broker.start();
    await eventually(
      async () => expect(await listedNames()).toEqual([before.zoneId, during.zoneId].sort()),
      { timeoutMs: 90_000 },
    );
    expect((await readiness()).body.info.kafka).toEqual({ status: 'up' });
  }, 180_000);
});
