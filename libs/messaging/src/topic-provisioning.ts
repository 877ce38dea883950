import { Topics } from '@zoneledger/contracts';
import { ConfigResourceTypes, type Admin, type ITopicConfig, type Kafka } from 'kafkajs';

/** A topic as ZoneLedger wants it: partitions, replication and the configs that matter to it. */
export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

/** What provisionTopics did and found; `problems` are existing topics that differ from their spec. */
export interface TopicProvisioningReport {
  readonly created: readonly string[];
  readonly existing: readonly string[];
  readonly problems: readonly string[];
}

/** What an existing topic looks like, as far as provisioning compares it. */
export interface ExistingTopic {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string | undefined>>;
}

export interface ProvisionTopicsOptions {
  /** Prepended to every spec's topic (test runs, shared clusters); see physicalTopic. */
  readonly prefix?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Domain topics keep every event forever: projections are rebuilt by replaying them from the
 * start, so a retention limit would silently make a rebuild produce a different read model.
 */
export const DOMAIN_TOPIC_CONFIGS = { 'retention.ms': '-1', 'cleanup.policy': 'delete' } as const;

/** The domain topics of the contracts' Topics table, each with the given partitions and replication. */
export function domainTopicSpecs(partitions: number, replicationFactor: number): TopicSpec[] {
  return Object.values(Topics).map((topic) => ({
    topic,
    partitions,
    replicationFactor,
    configs: DOMAIN_TOPIC_CONFIGS,
  }));
}

/** The dead-letter topic of a consumer group: `<group>.dlq` (the group id is already physical). */
export function deadLetterTopic(groupId: string): string {
  return `${groupId}.dlq`;
}

/** A consumer group's dead-letter topic; entries are kept long enough to investigate and replay. */
export function deadLetterTopicSpec(
  groupId: string,
  { replicationFactor = -1, partitions = 1, retentionMs = 30 * DAY_MS } = {},
): TopicSpec {
  return {
    topic: deadLetterTopic(groupId),
    partitions,
    replicationFactor,
    configs: { 'retention.ms': String(retentionMs), 'cleanup.policy': 'delete' },
  };
}

/**
 * Compares existing topics with their specs. Fewer partitions than configured would break
 * the scaling plan (and more are fine: partitions cannot be removed); a differing config is a
 * drift an operator must see, e.g. a domain topic that deletes old events.
 */
export function topicProblems(spec: TopicSpec, existing: ExistingTopic): string[] {
  const problems: string[] = [];
  if (existing.partitions < spec.partitions) {
    problems.push(
      `${spec.topic} has ${existing.partitions} partitions, fewer than the configured ${spec.partitions}`,
    );
  }
  if (spec.replicationFactor > 0 && existing.replicationFactor < spec.replicationFactor) {
    problems.push(
      `${spec.topic} has replication factor ${existing.replicationFactor}, less than the configured ${spec.replicationFactor}`,
    );
  }
  for (const [name, expected] of Object.entries(spec.configs)) {
    const actual = existing.configs[name];
    if (actual !== expected)
      problems.push(`${spec.topic} has ${name}=${actual ?? '(unset)'}, expected ${expected}`);
  }
  return problems;
}

/** Applies a prefix to specs: the names on the wire. */
export function prefixedTopicSpecs(specs: readonly TopicSpec[], prefix: string): TopicSpec[] {
  return specs.map((spec) => ({ ...spec, topic: `${prefix}${spec.topic}` }));
}

/**
 * Creates the topics that are missing with their partitions, replication and configs, and checks
 * the ones that exist. Idempotent: safe at every start-up and from several instances at once.
 */
export async function provisionTopics(
  kafka: Kafka,
  specs: readonly TopicSpec[],
  { prefix = '' }: ProvisionTopicsOptions = {},
): Promise<TopicProvisioningReport> {
  const wanted = prefixedTopicSpecs(specs, prefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const listed = new Set(await admin.listTopics());
    const missing = wanted.filter((spec) => !listed.has(spec.topic));
    const present = wanted.filter((spec) => listed.has(spec.topic));
    if (missing.length > 0) {
      // false means another instance created some of them first: fine, they are checked next time.
      await createTopicsWithLeaders(
        admin,
        missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor,
          configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
        })),
      );
    }
    const problems: string[] = [];
    if (present.length > 0) {
      const existing = await describeTopics(admin, present);
      for (const spec of present) {
        const topic = existing.get(spec.topic);
        problems.push(
          ...(topic ? topicProblems(spec, topic) : [`${spec.topic} exists but has no metadata`]),
        );
      }
    }
    return {
      created: missing.map((s) => s.topic),
      existing: present.map((s) => s.topic),
      problems,
    };
  } finally {
    await admin.disconnect();
  }
}

async function describeTopics(
  admin: ReturnType<Kafka['admin']>,
  specs: readonly TopicSpec[],
): Promise<Map<string, ExistingTopic>> {
  const names = specs.map((spec) => spec.topic);
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: specs.map((spec) => ({
      type: ConfigResourceTypes.TOPIC,
      name: spec.topic,
      configNames: Object.keys(spec.configs),
    })),
  });
  const result = new Map<string, ExistingTopic>();
  for (const topic of topics) {
    const resource = resources.find((r) => r.resourceName === topic.name);
    const configs = Object.fromEntries(
      (resource?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]),
    );
    result.set(topic.name, {
      partitions: topic.partitions.length,
      replicationFactor: Math.min(...topic.partitions.map((p) => p.replicas.length)),
      configs,
    });
  }
  return result;
}

/**
 * Creates topics (those that exist already are left alone) and resolves once every partition of
 * each has a leader. Right after creation a broker may still answer UNKNOWN_TOPIC_OR_PARTITION
 * while its metadata catches up with the controller; kafkajs' own `waitForLeaders` gives up on
 * that, so this waits for the condition itself, up to a deadline.
 */
export async function createTopicsWithLeaders(
  admin: Admin,
  topics: ITopicConfig[],
  timeoutMs = 30_000,
): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map((topic) => topic.topic);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let reason = 'some partitions have no leader yet';
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: names });
      const led = found.filter(
        (topic) =>
          topic.partitions.length > 0 &&
          topic.partitions.every((partition) => partition.leader >= 0),
      );
      if (led.length === names.length) return;
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      throw new Error(`topics ${names.join(', ')} not ready after ${timeoutMs} ms: ${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
