import { Topics } from '@zoneledger/contracts';
import { createKafkaClient, deadLetterTopicSpec, domainTopicSpecs, provisionTopics } from '../src';
import { testIds } from '@zoneledger/testing';
import { ConfigResourceTypes } from 'kafkajs';

describe('topic provisioning against a real broker', () => {
  const ids = testIds('provisioning');
  // Each test provisions under its own prefix, so the tests pass in any order.
  const prefix = `${ids.topic('domain')}.`;
  const driftPrefix = `${ids.topic('drift')}.`;
  const kafka = createKafkaClient({
    clientId: ids.id,
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    log: () => undefined,
  });
  const admin = kafka.admin();
  const dlq = deadLetterTopicSpec(ids.group('projections'), { replicationFactor: 1 });
  const domainTopics = Object.values(Topics).map((topic) => `${prefix}${topic}`);
  const driftTopics = Object.values(Topics).map((topic) => `${driftPrefix}${topic}`);

  beforeAll(() => admin.connect());
  afterAll(async () => {
    const existing = new Set(await admin.listTopics());
    const ours = [...domainTopics, ...driftTopics, dlq.topic].filter((topic) =>
      existing.has(topic),
    );
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  it('creates the missing topics with their partitions and configs, then only checks them', async () => {
    const first = await provisionTopics(kafka, domainTopicSpecs(2, 1), { prefix });
    expect([...first.created].sort()).toEqual([...domainTopics].sort());
    expect(first.problems).toEqual([]);

    const { topics } = await admin.fetchTopicMetadata({ topics: domainTopics });
    expect(topics.map((t) => t.partitions.length)).toEqual([2, 2, 2, 2]);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: domainTopics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['retention.ms', 'cleanup.policy'],
      })),
    });
    for (const resource of resources) {
      const configs = Object.fromEntries(
        resource.configEntries.map((e) => [e.configName, e.configValue]),
      );
      expect(configs).toEqual({ 'retention.ms': '-1', 'cleanup.policy': 'delete' });
    }

    const again = await provisionTopics(kafka, domainTopicSpecs(2, 1), { prefix });
    expect(again).toEqual({
      created: [],
      existing: expect.arrayContaining(domainTopics),
      problems: [],
    });
  });

  it('reports an existing topic with fewer partitions or other configs than configured', async () => {
    await provisionTopics(kafka, domainTopicSpecs(2, 1), { prefix: driftPrefix });
    const [zones] = domainTopicSpecs(4, 1).filter((spec) => spec.topic === Topics.zones);
    const report = await provisionTopics(
      kafka,
      [{ ...zones, configs: { ...zones.configs, 'retention.ms': '86400000' } }],
      { prefix: driftPrefix },
    );
    expect(report.problems).toEqual([
      `${driftPrefix}${Topics.zones} has 2 partitions, fewer than the configured 4`,
      `${driftPrefix}${Topics.zones} has retention.ms=-1, expected 86400000`,
    ]);
  });

  it('creates a dead-letter topic that keeps its entries 30 days', async () => {
    await provisionTopics(kafka, [dlq]);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: dlq.topic, configNames: ['retention.ms'] },
      ],
    });
    expect(resources[0].configEntries[0].configValue).toBe(String(30 * 24 * 3600 * 1000));
  });
});
