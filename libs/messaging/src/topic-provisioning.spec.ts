import { Topics } from '@zoneledger/contracts';
import {
  deadLetterTopic,
  deadLetterTopicSpec,
  domainTopicSpecs,
  prefixedTopicSpecs,
  topicProblems,
  type TopicSpec,
} from './topic-provisioning';

describe('topic specs', () => {
  it('gives every domain topic of the contracts the same partitions and an unlimited retention', () => {
    const specs = domainTopicSpecs(6, 3);
    expect(specs.map((s) => s.topic).sort()).toEqual(Object.values(Topics).sort());
    for (const spec of specs) {
      expect(spec).toMatchObject({ partitions: 6, replicationFactor: 3 });
      expect(spec.configs).toEqual({ 'retention.ms': '-1', 'cleanup.policy': 'delete' });
    }
  });

  it('names a dead-letter topic after its consumer group and keeps entries 30 days', () => {
    expect(deadLetterTopic('zone-registry.zone-view')).toBe('zone-registry.zone-view.dlq');
    expect(deadLetterTopicSpec('notifier', { replicationFactor: 3 })).toEqual({
      topic: 'notifier.dlq',
      partitions: 1,
      replicationFactor: 3,
      configs: { 'retention.ms': String(30 * 24 * 3600 * 1000), 'cleanup.policy': 'delete' },
    });
  });

  it('puts the prefix in front of every topic', () => {
    expect(prefixedTopicSpecs(domainTopicSpecs(1, 1), 'test.run1.').map((s) => s.topic)).toContain(
      'test.run1.zoneledger.zones.v1',
    );
  });
});

describe('checking an existing topic', () => {
  const spec: TopicSpec = {
    topic: 'zoneledger.zones.v1',
    partitions: 6,
    replicationFactor: 3,
    configs: { 'retention.ms': '-1', 'cleanup.policy': 'delete' },
  };

  it('finds nothing wrong with a topic as configured, or with more partitions', () => {
    const configs = { 'retention.ms': '-1', 'cleanup.policy': 'delete' };
    expect(topicProblems(spec, { partitions: 6, replicationFactor: 3, configs })).toEqual([]);
    expect(topicProblems(spec, { partitions: 12, replicationFactor: 3, configs })).toEqual([]);
  });

  it('reports too few partitions, too little replication and every drifted config', () => {
    const problems = topicProblems(spec, {
      partitions: 3,
      replicationFactor: 1,
      configs: { 'retention.ms': '604800000' },
    });
    expect(problems).toEqual([
      'zoneledger.zones.v1 has 3 partitions, fewer than the configured 6',
      'zoneledger.zones.v1 has replication factor 1, less than the configured 3',
      'zoneledger.zones.v1 has retention.ms=604800000, expected -1',
      'zoneledger.zones.v1 has cleanup.policy=(unset), expected delete',
    ]);
  });

  it('does not judge replication when the broker default was asked for', () => {
    const configs = spec.configs;
    expect(
      topicProblems(
        { ...spec, replicationFactor: -1 },
        { partitions: 6, replicationFactor: 1, configs },
      ),
    ).toEqual([]);
  });
});
