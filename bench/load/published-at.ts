/**
 * When each command's event was published: the timestamp of its Kafka record, which kafkajs sets
 * (wall clock, ms) as the outbox relay hands the batch to the producer. Read after a rate's run,
 * once every zone is visible, so reading costs the run nothing. With it, the time from a 2xx to
 * visible splits into the relay's share (2xx to published) and each read model's (published to
 * visible), which tells where a tail comes from.
 */
import type { Kafka } from 'kafkajs';

/** Reads a topic's records from where the last call stopped, up to its current end. */
export class PublishedAt {
  private readonly next = new Map<number, string>();

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  /** Each new record's key (the stream id) and timestamp (epoch ms). */
  async readNew(): Promise<Map<string, number>> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(this.topic).finally(() => admin.disconnect());
    const remaining = new Map(
      ends
        .map(({ partition, high }) => [partition, BigInt(high)] as const)
        .filter(([partition, high]) => high > BigInt(this.next.get(partition) ?? '0')),
    );
    const published = new Map<string, number>();
    if (remaining.size === 0) return published;
    const from = new Map(this.next);
    const consumer = this.kafka.consumer({ groupId: `bench-load-published-${Date.now()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.topic, fromBeginning: true });
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            // Records before the seek took effect were read last time.
            if (BigInt(message.offset) < BigInt(from.get(batch.partition) ?? '0')) continue;
            if (message.key) published.set(message.key.toString(), Number(message.timestamp));
            const after = BigInt(message.offset) + 1n;
            this.next.set(batch.partition, String(after));
            if (after >= (remaining.get(batch.partition) ?? 0n)) remaining.delete(batch.partition);
          }
          if (remaining.size === 0) done();
        },
      });
      for (const [partition, offset] of from)
        consumer.seek({ topic: this.topic, partition, offset });
      await finished;
    } finally {
      await consumer.disconnect();
    }
    return published;
  }
}
