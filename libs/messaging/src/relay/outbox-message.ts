import { contractForDomainEvent, encodeEventData } from '@zoneledger/contracts';
import type {
  GlobalCheckpoint,
  PostgresEventStore,
  Queryable,
  RecordedEvent,
} from '@zoneledger/event-store';
import type { Message } from 'kafkajs';
import { encodeCloudEvent } from '../cloud-event';
import { physicalTopic } from '../topics';

/** One event of the outbox, ready for Kafka: its topic and its CloudEvents message. */
export interface OutboxMessage {
  readonly topic: string;
  readonly message: Message;
}

const EXTENSIONS = {
  correlationId: 'correlationid',
  causationId: 'causationid',
  actor: 'actor',
} as const;

/**
 * Turns a recorded event into the CloudEvent its contract prescribes. The stream version travels
 * as the `streamversion` extension so consumers can tell a re-published event from a new one.
 */
export function toOutboxMessage(
  event: RecordedEvent,
  source: string,
  topicPrefix: string,
): OutboxMessage {
  const contract = contractForDomainEvent(event.streamType, event.type);
  const extensions: Record<string, string> = { streamversion: String(event.streamVersion) };
  for (const [field, extension] of Object.entries(EXTENSIONS)) {
    const value = event.metadata[field];
    if (typeof value === 'string' && value.length > 0) extensions[extension] = value;
  }
  const traceparent = event.metadata.traceparent;
  return {
    topic: physicalTopic(topicPrefix, contract.topic),
    message: encodeCloudEvent({
      id: event.eventId,
      source,
      type: contract.ceType,
      subject: event.streamId,
      time: event.recordedAt,
      dataschema: contract.dataschema,
      data: encodeEventData(contract.ceType, event.data),
      ...(typeof traceparent === 'string' ? { traceparent } : {}),
      extensions,
    }),
  };
}

/** Groups messages by topic for one sendBatch, keeping each topic's messages in global order. */
export function byTopic(
  messages: readonly OutboxMessage[],
): { topic: string; messages: Message[] }[] {
  const topics = new Map<string, Message[]>();
  for (const { topic, message } of messages) {
    const list = topics.get(topic) ?? [];
    list.push(message);
    topics.set(topic, list);
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
}

/** The next events of the outbox, encoded for one sendBatch, and the checkpoint after them. */
export interface OutboxBatch {
  readonly size: number;
  readonly topicMessages: { topic: string; messages: Message[] }[];
  readonly checkpoint: GlobalCheckpoint | null;
  /** The read found every event there was after `after`: the relay had caught up when it ran. */
  readonly reachedEnd: boolean;
}

/**
 * What one Kafka request of the relay may carry, by default: Kafka refuses a record batch over
 * the topic's max.message.bytes (1 MiB by default), and all of one stream's events go to one
 * partition's batch, so a request of a thousand large events (a round's submissions, 2 MB) would
 * be refused again and again. 768 KiB leaves room for the batch's own framing.
 */
export const DEFAULT_MAX_BATCH_BYTES = 768 * 1024;

// A record's framing besides its key, value and headers (varints, attributes, offsets).
const RECORD_OVERHEAD_BYTES = 32;

/** The bytes a message adds to a record batch: key, value and headers, and some framing. */
export function messageBytes(message: Message): number {
  let bytes = RECORD_OVERHEAD_BYTES + byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    bytes +=
      Buffer.byteLength(name) +
      (Array.isArray(value) ? value : [value]).reduce(
        (sum: number, item) => sum + byteLength(item as Buffer | string | null | undefined),
        0,
      );
  }
  return bytes;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/**
 * Reads up to `limit` events after `after` in global order and encodes them for Kafka, keeping
 * only as many as fit in `maxBytes` (at least one, however large): the checkpoint is then the
 * last one kept, and the next batch starts after it. Read through `client` when given (the
 * relay's own session), else the store's pool.
 */
export async function readOutboxBatch(
  store: PostgresEventStore,
  after: GlobalCheckpoint | null,
  limit: number,
  source: string,
  topicPrefix: string,
  maxBytes = DEFAULT_MAX_BATCH_BYTES,
  client?: Queryable,
): Promise<OutboxBatch> {
  const { events, checkpoint } = await store.readAll(after, limit, client);
  const messages: OutboxMessage[] = [];
  let bytes = 0;
  for (const event of events) {
    const message = toOutboxMessage(event, source, topicPrefix);
    bytes += messageBytes(message.message);
    if (messages.length > 0 && bytes > maxBytes) break;
    messages.push(message);
  }
  const last = events[messages.length - 1];
  return {
    size: messages.length,
    topicMessages: byTopic(messages),
    checkpoint:
      messages.length === events.length
        ? checkpoint
        : { transactionId: last.transactionId, position: last.position },
    reachedEnd: events.length < limit && messages.length === events.length,
  };
}
