import { startDedicatedKafka, eventually, type DedicatedKafka } from '@zoneledger/testing';
import { createKafkaClient, OutboxRelay } from '../src';
import { relayFixture, streamVersionsBySubject, type RelayFixture } from './relay.fixture';

describe('the outbox relay while Kafka is down', () => {
  let broker: DedicatedKafka;
  let fixture: RelayFixture;
  let relay: OutboxRelay;

  beforeAll(async () => {
    broker = await startDedicatedKafka();
  }, 120_000);

  afterAll(() => broker?.destroy());

  it('keeps recording events, then publishes all of them once the broker is back', async () => {
    // The broker is stopped on purpose: kafkajs' connection errors are expected, not news.
    const kafka = createKafkaClient({
      clientId: 'relay-outage',
      brokers: [broker.brokers],
      log: () => undefined,
    });
    fixture = await relayFixture('outage', kafka);
    relay = new OutboxRelay({
      store: fixture.store,
      pool: fixture.pool,
      kafka,
      source: '/zoneledger/zone-registry',
      topicPrefix: fixture.topicPrefix,
      pollIntervalMs: 20,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    relay.start();
    await fixture.recordZoneHistory('zone-before-outage', 2);
    await eventually(() => expect(relay.status().published).toBe(3), { timeoutMs: 30_000 });

    broker.stop();
    // Writes do not depend on Kafka: the event store is the outbox.
    await fixture.recordZoneHistory('zone-during-outage', 5);
    await eventually(() => expect(relay.status().lastError).toBeDefined(), { timeoutMs: 30_000 });
    expect(await relay.lag()).toBe(6);

    broker.start();
    await eventually(async () => expect(await relay.lag()).toBe(0), { timeoutMs: 60_000 });
    const collected = await fixture.collect(kafka);
    try {
      await eventually(() => expect(collected.events).toHaveLength(9), { timeoutMs: 30_000 });
      expect(new Set(collected.events.map((event) => event.id)).size).toBe(9);
      const versions = streamVersionsBySubject(collected.events);
      expect(versions.get('zone-before-outage')).toEqual([1, 2, 3]);
      expect(versions.get('zone-during-outage')).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await collected.stop();
      await relay.stop();
      await fixture.dispose();
    }
  });
});
