import type {
  GlobalCheckpoint,
  PostgresEventStore,
  ReadAllResult,
  RecordedEvent,
} from '@zoneledger/event-store';
import { toOutboxMessage } from '@zoneledger/messaging';
import type { Message } from 'kafkajs';
import { performance } from 'node:perf_hooks';

export const SOURCE = '/zoneledger/zone-registry';

/** The bytes of a record Kafka stores for a message: key, value, and each header's name and value. */
export function recordBytes(message: Message): number {
  let bytes = size(message.key) + size(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {}))
    for (const item of Array.isArray(value) ? value : [value])
      bytes += Buffer.byteLength(name) + size(item as Buffer | string | undefined);
  return bytes;
}

function size(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/**
 * The store's events as the relay encodes them, in the relay's batches, a chunk of batches at a
 * time (so a million encoded messages are never held at once). `onChunk` gets each chunk.
 */
export async function forEachEncodedChunk(
  store: PostgresEventStore,
  batchSize: number,
  batchesPerChunk: number,
  topicPrefix: string,
  onChunk: (batches: Message[][]) => Promise<void>,
): Promise<void> {
  let after: GlobalCheckpoint | null = null;
  for (;;) {
    const chunk: Message[][] = [];
    while (chunk.length < batchesPerChunk) {
      const read: ReadAllResult = await store.readAll(after, batchSize);
      if (read.events.length === 0) break;
      chunk.push(read.events.map((event) => encode(event, topicPrefix)));
      after = read.checkpoint;
    }
    if (chunk.length === 0) return;
    await onChunk(chunk);
  }
}

function encode(event: RecordedEvent, topicPrefix: string): Message {
  return toOutboxMessage(event, SOURCE, topicPrefix).message;
}

/**
 * The relay's loop without Kafka, stage by stage over every event in the relay's batches:
 * reading (`readAll`, rows parsed by pg), encoding (`toOutboxMessage`: proto JSON to protobuf,
 * the CloudEvent's headers) and storing a checkpoint per batch. Also measures the relay's
 * records: their average size (key + value + headers) and the largest batch in bytes.
 */
export async function relayStagesAlone(store: PostgresEventStore, batchSize: number) {
  let after: GlobalCheckpoint | null = null;
  const ms = { readAll: 0, encode: 0, storeCheckpoint: 0 };
  let events = 0;
  let bytes = 0;
  let largestBatchBytes = 0;
  let headers = 0;
  for (;;) {
    let started = performance.now();
    const read: ReadAllResult = await store.readAll(after, batchSize);
    ms.readAll += performance.now() - started;
    if (read.events.length === 0) break;
    started = performance.now();
    const messages = read.events.map((event) => encode(event, 'bench.'));
    ms.encode += performance.now() - started;
    let batchBytes = 0;
    for (const message of messages) batchBytes += recordBytes(message);
    headers += messages.reduce((sum, m) => sum + Object.keys(m.headers ?? {}).length, 0);
    largestBatchBytes = Math.max(largestBatchBytes, batchBytes);
    bytes += batchBytes;
    events += messages.length;
    after = read.checkpoint as GlobalCheckpoint;
    started = performance.now();
    await store.storeCheckpoint('bench-stages', after);
    ms.storeCheckpoint += performance.now() - started;
  }
  return {
    events,
    ms: {
      readAll: Math.round(ms.readAll),
      encode: Math.round(ms.encode),
      storeCheckpoint: Math.round(ms.storeCheckpoint),
    },
    averageRecordBytes: Math.round(bytes / events),
    averageHeaders: Math.round((headers / events) * 10) / 10,
    largestBatchBytes,
  };
}
