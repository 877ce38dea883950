import type {
  GlobalCheckpoint,
  PostgresEventStore,
  ReadAllResult,
  RecordedEvent,
} from '@zoneledger/event-store';
import { createProducer, toOutboxMessage } from '@zoneledger/messaging';
import type { Kafka } from 'kafkajs';
import { timed } from '../bench-report';
import { createZonesTopic } from './zone-histories';

/** Each stage of the relay's loop alone, over all events in batches of the relay's size. */
export async function relayStagesAlone(
  store: PostgresEventStore,
  kafka: Kafka,
  size: number,
  topicPrefix: string,
) {
  const batches: RecordedEvent[][] = [];
  const read = await timed(async () => {
    let after: GlobalCheckpoint | null = null;
    for (;;) {
      const read: ReadAllResult = await store.readAll(after, size);
      if (read.events.length === 0) return;
      batches.push(read.events);
      after = read.checkpoint;
    }
  });
  const topic = await createZonesTopic(kafka, topicPrefix);
  const encoded = await timed(async () =>
    batches.map((batch) =>
      batch.map(
        (event) => toOutboxMessage(event, '/zoneledger/zone-registry', topicPrefix).message,
      ),
    ),
  );
  const producer = createProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const sent = await timed(async () => {
    for (const messages of encoded.result)
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
  });
  // Not a way to publish (consumers need the ce_* headers): shows what kafkajs spends on them.
  const sentWithoutHeaders = await timed(async () => {
    for (const messages of encoded.result) {
      const bare = messages.map(({ key, value }) => ({ key, value }));
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: bare }] });
    }
  });
  await producer.disconnect();
  const checkpoints = await timed(async () => {
    for (const batch of batches) {
      const last = batch[batch.length - 1];
      await store.storeCheckpoint('bench-stages', {
        transactionId: last.transactionId,
        position: last.position,
      });
    }
  });
  return {
    topic,
    batches: batches.length,
    ms: {
      readAll: read.ms,
      encode: encoded.ms,
      sendBatch: sent.ms,
      storeCheckpoint: checkpoints.ms,
      sendBatchWithoutHeaders: sentWithoutHeaders.ms,
    },
  };
}
