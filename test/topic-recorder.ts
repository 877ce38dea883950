import type { Consumer, Kafka } from 'kafkajs';

/** One message of a domain topic, as the CloudEvents headers describe it. */
export interface RecordedMessage {
  readonly ceId: string;
  readonly key: string;
  readonly streamVersion: number;
  readonly partition: number;
  readonly offset: string;
}

/** Everything a topic held and received while it ran, in the order each partition gave it. */
export interface TopicRecorder {
  readonly messages: readonly RecordedMessage[];
  /** True when every partition was read up to its high watermark as of now. */
  caughtUp(): Promise<boolean>;
  stop(): Promise<void>;
}

/** Reads `topic` from its beginning in a consumer group of its own (`groupId`). */
export async function recordTopic(
  kafka: Kafka,
  topic: string,
  groupId: string,
): Promise<TopicRecorder> {
  const messages: RecordedMessage[] = [];
  const nextOffsets = new Map<number, bigint>();
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const admin = kafka.admin();
  await Promise.all([consumer.connect(), admin.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const header = (name: string) => message.headers?.[name]?.toString() ?? '';
      messages.push({
        ceId: header('ce_id'),
        key: message.key?.toString() ?? '',
        streamVersion: Number(header('ce_streamversion')),
        partition,
        offset: message.offset,
      });
      nextOffsets.set(partition, BigInt(message.offset) + 1n);
    },
  });
  return {
    messages,
    async caughtUp() {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.every(
        ({ partition, high }) => (nextOffsets.get(partition) ?? 0n) >= BigInt(high),
      );
    },
    async stop() {
      await consumer.disconnect();
      await admin.disconnect();
    },
  };
}
