import { decodeConsumedEvent, type ConsumedEvent } from '@zoneledger/messaging';
import { generationTable, installProjection, type Projection } from '@zoneledger/projections';
import type { ConsumerConfig, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { timed, until } from '../bench-report';
import { rate } from './catch-up-parts';
import { zoneRegisteredEvent } from './zone-view.projection';

/**
 * kafkajs alone reading the topic from the beginning with a consumer group, as the runner's
 * consumer does (same settings, eachBatch, offsets resolved and committed per batch), doing no
 * projection work: with `decode`, each message is also decoded as the runner decodes it (the
 * CloudEvent's headers and the protobuf data to proto JSON), and nothing more.
 */
export async function kafkaConsumeAlone(
  kafka: Kafka,
  options: {
    topic: string;
    groupId: string;
    events: number;
    decode: boolean;
    partitionsConsumedConcurrently: number;
    consumer: Partial<ConsumerConfig>;
  },
): Promise<{ ms: number; eventsPerSecond: number }> {
  const consumer = kafka.consumer({
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 1000,
    ...options.consumer,
    groupId: options.groupId,
  });
  let consumed = 0;
  try {
    const { ms } = await timed(async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
        autoCommitInterval: 1000,
        eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
          const { messages } = batch;
          if (messages.length === 0) return;
          if (options.decode)
            for (const message of messages)
              decodeConsumedEvent(batch.topic, batch.partition, message);
          resolveOffset(messages[messages.length - 1].offset);
          consumed += messages.length;
          await commitOffsetsIfNecessary();
          await heartbeat();
        },
      });
      await until(() => consumed >= options.events, 'kafkajs to consume every event');
    });
    return rate(options.events, ms);
  } finally {
    await consumer.disconnect();
  }
}

/**
 * PostgreSQL alone taking the rows the runner writes, with no Kafka: per batch of `batchSize`
 * events of one partition (made in memory), one transaction with the projection's `handleBatch`
 * and the partition's checkpoint upserted; `partitions` such sequences side by side, as the
 * runner's partitions run. The least database work a batch can cost.
 */
export async function postgresWriteAlone(
  dataSource: DataSource,
  options: {
    projection: Projection;
    runId: string;
    events: number;
    partitions: number;
    batchSize: number;
  },
): Promise<{ ms: number; eventsPerSecond: number }> {
  const { projection, events, partitions, batchSize } = options;
  const generation = await installProjection(dataSource, projection);
  const { handleBatch } = projection;
  if (!handleBatch) throw new Error(`projection ${projection.name} has no handleBatch`);
  const context = {
    projection: projection.name,
    generation,
    table: (name: string) => generationTable(name, generation),
  };
  const topic = projection.topics[0];
  const partitionRun = async (partition: number) => {
    let offset = 0;
    for (let n = partition; n < events; ) {
      const batch: ConsumedEvent[] = [];
      for (; n < events && batch.length < batchSize; n += partitions)
        batch.push(zoneRegisteredEvent(options.runId, n, topic, partition, offset++));
      await dataSource.transaction(async (manager) => {
        await handleBatch(batch, manager, context);
        await manager.query(
          `insert into projection_checkpoints as c (projection, topic, "partition", "offset")
           values ($1, $2, $3, $4) on conflict (projection, topic, "partition")
           do update set "offset" = excluded."offset", updated_at = now()`,
          [`${projection.name}/ceiling`, topic, partition, String(offset - 1)],
        );
      });
    }
  };
  const { ms } = await timed(() =>
    Promise.all(Array.from({ length: partitions }, (_, partition) => partitionRun(partition))),
  );
  return rate(events, ms);
}
