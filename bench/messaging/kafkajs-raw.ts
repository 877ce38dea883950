import type { PostgresEventStore } from '@zoneledger/event-store';
import { createProducer } from '@zoneledger/messaging';
import type { Kafka, Message } from 'kafkajs';
import { performance } from 'node:perf_hooks';
import { forEachEncodedChunk } from './relay-stages';

/** Batches read and encoded ahead of a timed stretch of sends: 50 batches of 1,000 events. */
const BATCHES_PER_CHUNK = 50;

/**
 * kafkajs alone sending the relay's encoded messages, in the relay's batches, with the relay's
 * producer (idempotent, acks=all, one request in flight), to one topic with the CloudEvents
 * headers and to another without them. The store is read and encoded a chunk at a time outside
 * the timing; only the sendBatch calls are timed, so this is what kafkajs reaches when it has
 * nothing else to do.
 */
export async function kafkajsRaw(
  kafka: Kafka,
  store: PostgresEventStore,
  batchSize: number,
  topics: { withHeaders: string; withoutHeaders: string },
) {
  const producer = createProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const ms = { withHeaders: 0, withoutHeaders: 0 };
  let events = 0;
  const send = async (topic: string, batches: Message[][]): Promise<number> => {
    const started = performance.now();
    for (const messages of batches)
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
    return performance.now() - started;
  };
  try {
    await forEachEncodedChunk(store, batchSize, BATCHES_PER_CHUNK, 'bench.', async (batches) => {
      ms.withHeaders += await send(topics.withHeaders, batches);
      // Not a way to publish (consumers need the ce_* headers): what kafkajs spends on them.
      const bare = batches.map((messages) => messages.map(({ key, value }) => ({ key, value })));
      ms.withoutHeaders += await send(topics.withoutHeaders, bare);
      events += batches.reduce((sum, messages) => sum + messages.length, 0);
    });
  } finally {
    await producer.disconnect();
  }
  const rate = (time: number) => Math.round(events / (time / 1000));
  return {
    events,
    withHeaders: { ms: Math.round(ms.withHeaders), eventsPerSecond: rate(ms.withHeaders) },
    withoutHeaders: { ms: Math.round(ms.withoutHeaders), eventsPerSecond: rate(ms.withoutHeaders) },
  };
}
