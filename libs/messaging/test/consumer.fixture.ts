import { encodeEventData, eventContract } from '@zoneledger/contracts';
import {
  ConsumerRunner,
  createKafkaClient,
  createProducer,
  deadLetterReplayGroup,
  deadLetterTopic,
  DOMAIN_TOPIC_CONFIGS,
  encodeCloudEvent,
  provisionTopics,
  type ConsumerRunnerOptions,
  type MessagingLogger,
} from '../src';
import { eventually, testIds, type TestIds } from '@zoneledger/testing';
import type { Admin, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

const ZONE_REGISTERED = 'zoneledger.zone.v1.ZoneRegistered';

/** A ZoneRegistered event as the zone-registry's relay publishes it (CloudEvents binary mode). */
export function zoneRegistered(
  zoneId: string,
  province = '江苏省',
  id: string = randomUUID(),
): Message {
  return encodeCloudEvent({
    id,
    source: '/zoneledger/zone-registry',
    type: ZONE_REGISTERED,
    subject: zoneId,
    time: new Date('2024-10-01T08:00:00.000Z'),
    dataschema: eventContract(ZONE_REGISTERED).dataschema,
    data: encodeEventData(ZONE_REGISTERED, {
      zoneId,
      nameZh: '苏州工业园区',
      nameEn: 'Suzhou Industrial Park',
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province,
      city: '苏州市',
      region: 'REGION_EAST',
      approvedOn: { year: 1994, month: 2 },
      industryFocus: ['nanotechnology', 'biomedicine'],
    }),
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  });
}

/** A zone event of a type no contract here describes (a newer producer's): consumers pass over it. */
export function zoneEventOfUnknownType(zoneId: string): Message {
  const message = zoneRegistered(zoneId);
  (message.headers as Record<string, string>).ce_type = 'zoneledger.zone.v1.ZoneTeleported';
  return message;
}

/** Logs nothing: the tests assert on dead letters, not on log lines. */
export const quietLogger: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A received message with its partition. */
export type Received = KafkaMessage & { readonly partition: number };

/** One test's Kafka: its own topics and groups, all deleted by cleanup(). */
export class KafkaTestbed {
  readonly ids: TestIds;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  private readonly topics = new Set<string>();
  private readonly groups = new Set<string>();
  private readonly runners: ConsumerRunner[] = [];

  constructor(label: string) {
    this.ids = testIds(label);
    this.kafka = createKafkaClient({
      clientId: this.ids.id,
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      log: () => undefined,
    });
    this.admin = this.kafka.admin();
    // Idempotent: a produce retried under load must not put a second copy on the topic, which
    // a test counting applications would take for a redelivery bug.
    this.producer = createProducer(this.kafka, { idempotent: true, maxInFlightRequests: 1 });
  }

  async connect(): Promise<this> {
    await this.admin.connect();
    await this.producer.connect();
    return this;
  }

  /** A fresh topic for zone events with the given partitions. */
  async zonesTopic(partitions = 3): Promise<string> {
    const topic = this.ids.topic('zones');
    this.topics.add(topic);
    await provisionTopics(this.kafka, [
      { topic, partitions, replicationFactor: 1, configs: DOMAIN_TOPIC_CONFIGS },
    ]);
    return topic;
  }

  group(name: string): string {
    const group = this.ids.group(name);
    for (const g of [group, `${group}.probe`, deadLetterReplayGroup(group)]) this.groups.add(g);
    this.topics.add(deadLetterTopic(group));
    return group;
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages });
  }

  /** A started runner, stopped by cleanup() unless the test stops it. */
  async runner(options: Omit<ConsumerRunnerOptions, 'kafka'>): Promise<ConsumerRunner> {
    const runner = new ConsumerRunner({
      kafka: this.kafka,
      logger: quietLogger,
      consumer: { maxWaitTimeInMs: 200 },
      ...options,
    });
    this.runners.push(runner);
    await runner.start();
    return runner;
  }

  /** Every message of a topic, read by a consumer group of its own, once `count` have arrived. */
  async readAll(topic: string, count: number): Promise<Received[]> {
    const groupId = `${topic}.probe.${this.groups.size}`;
    this.groups.add(groupId);
    const received: Received[] = [];
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) =>
          void received.push({ ...message, partition }),
      });
      await eventually(() => expect(received.length).toBeGreaterThanOrEqual(count), {
        timeoutMs: 30_000,
      });
      return received;
    } finally {
      await consumer.disconnect();
    }
  }

  /** The group's committed offset per partition of a topic. */
  async committed(groupId: string, topic: string): Promise<Record<number, string>> {
    const [offsets] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries(offsets.partitions.map((p) => [p.partition, p.offset]));
  }

  /** The high watermark per partition of a topic. */
  async highWatermarks(topic: string): Promise<Record<number, string>> {
    return Object.fromEntries(
      (await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]),
    );
  }

  async cleanup(): Promise<void> {
    for (const runner of this.runners) await runner.stop().catch(() => undefined);
    await this.producer.disconnect();
    const existing = new Set(await this.admin.listTopics());
    const topics = [...this.topics].filter((topic) => existing.has(topic));
    if (topics.length > 0) await this.admin.deleteTopics({ topics });
    await this.admin.deleteGroups([...this.groups]).catch(() => undefined);
    await this.admin.disconnect();
  }
}

/** Header values as strings, for assertions. */
export function headerStrings(message: KafkaMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
}
