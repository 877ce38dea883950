import { contractForDomainEvent, encodeEventData } from '@zoneledger/contracts';
import type { GlobalCheckpoint, PostgresEventStore, RecordedEvent } from '@zoneledger/event-store';
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
}

/** Reads up to `limit` events after `after` in global order and encodes them for Kafka. */
export async function readOutboxBatch(
  store: PostgresEventStore,
  after: GlobalCheckpoint | null,
  limit: number,
  source: string,
  topicPrefix: string,
): Promise<OutboxBatch> {
  const { events, checkpoint } = await store.readAll(after, limit);
  return {
    size: events.length,
    topicMessages: byTopic(events.map((event) => toOutboxMessage(event, source, topicPrefix))),
    checkpoint,
  };
}
