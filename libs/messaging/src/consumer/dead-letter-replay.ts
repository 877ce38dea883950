import type { EachBatchPayload, Kafka, Producer } from 'kafkajs';
import { createProducer } from '../kafka-client';
import { deadLetterTopic } from '../topic-provisioning';
import { readDeadLetter, type DeadLetter } from './dead-letter-message';
import { stderrMessagingLogger, type MessagingLogger } from './messaging-logger';

export interface ReplayDeadLettersOptions {
  readonly kafka: Kafka;
  /** The consumer group whose dead letters are replayed. */
  readonly groupId: string;
  /** Replays at most this many (skipped ones not counted). */
  readonly limit?: number;
  /** Which dead letters to replay; the others are skipped and, like replayed ones, marked done. */
  filter?(deadLetter: DeadLetter): boolean;
  readonly producer?: Producer;
  readonly logger?: MessagingLogger;
}

export interface ReplayReport {
  readonly replayed: number;
  readonly skipped: number;
}

/** The consumer group that remembers which of a group's dead letters were replayed. */
export function deadLetterReplayGroup(groupId: string): string {
  return `${groupId}.dlq-replayer`;
}

/**
 * Publishes a group's dead letters again, each to its original topic with its original key,
 * value and headers (no dlq_* ones), and commits the replayer group's offset after each one, so a
 * dead letter is replayed once. It replays what the topic held when it started, then returns.
 *
 * Every group on the original topic receives the event again, as a new message: consumers that
 * handled it the first time see a duplicate with the same ce_id.
 */
export async function replayDeadLetters(options: ReplayDeadLettersOptions): Promise<ReplayReport> {
  const topic = deadLetterTopic(options.groupId);
  const groupId = deadLetterReplayGroup(options.groupId);
  const logger = options.logger ?? stderrMessagingLogger;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;

  // The replay's end: each partition's high watermark now. Later dead letters wait for the next replay.
  const admin = options.kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  let remaining: Set<number>;
  try {
    if (!(await admin.listTopics()).includes(topic)) return { replayed: 0, skipped: 0 };
    const bounds = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const next = new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    ends = new Map(bounds.map((p) => [p.partition, BigInt(p.high)]));
    remaining = new Set(
      bounds
        .filter((p) => maxOf(next.get(p.partition) ?? -1n, BigInt(p.low)) < BigInt(p.high))
        .map((p) => p.partition),
    );
  } finally {
    await admin.disconnect();
  }
  if (remaining.size === 0 || limit <= 0) return { replayed: 0, skipped: 0 };

  const producer = options.producer ?? createProducer(options.kafka);
  if (!options.producer) await producer.connect();
  const consumer = options.kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 500,
  });
  const report = { replayed: 0, skipped: 0 };
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const markDone = (partition: number) => {
    remaining.delete(partition);
    if (remaining.size === 0) finish();
  };

  const replayBatch = async ({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    heartbeat,
  }: EachBatchPayload) => {
    const end = ends.get(batch.partition) ?? 0n;
    for (const message of batch.messages) {
      if (report.replayed >= limit) return finish();
      if (BigInt(message.offset) >= end) return markDone(batch.partition);
      const deadLetter = readDeadLetter(batch.partition, message);
      if (deadLetter && (options.filter?.(deadLetter) ?? true)) {
        await producer.send({
          topic: deadLetter.originalTopic,
          acks: -1,
          messages: [deadLetter.original],
        });
        report.replayed++;
      } else {
        if (!deadLetter)
          logger.warn(
            { topic, partition: batch.partition, offset: message.offset },
            'not a dead letter; skipped',
          );
        report.skipped++;
      }
      resolveOffset(message.offset);
      const next = String(BigInt(message.offset) + 1n);
      await commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition: batch.partition, offset: next }] }],
      });
      await heartbeat();
      if (BigInt(next) >= end) return markDone(batch.partition);
    }
  };

  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachBatchAutoResolve: false, eachBatch: replayBatch });
    await finished;
  } finally {
    await consumer.disconnect();
    if (!options.producer) await producer.disconnect();
  }
  logger.info({ groupId: options.groupId, ...report }, 'dead letters replayed');
  return report;
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
