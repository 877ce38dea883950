import { contractForDomainEvent, encodeEventData } from '@zoneledger/contracts';
import type { RecordedEvent } from '@zoneledger/event-store';
import type { Message } from 'kafkajs';
import { encodeCloudEvent } from '../cloud-event';
import { physicalTopic } from '../topics';

/** One event of the outbox, ready for Kafka: its topic and its CloudEvents message. */
export interface OutboxMessage {
  readonly topic: string;
  readonly message: Message;
}

const EXTENSIONS = { correlationId: 'correlationid', causationId: 'causationid', actor: 'actor' } as const;

/**
 * Turns a recorded event into the CloudEvent its contract prescribes. The stream version travels
 * as the `streamversion` extension so consumers can tell a re-published event from a new one.
 */
export function toOutboxMessage(event: RecordedEvent, source: string, topicPrefix: string): OutboxMessage {
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
export function byTopic(messages: readonly OutboxMessage[]): { topic: string; messages: Message[] }[] {
  const topics = new Map<string, Message[]>();
  for (const { topic, message } of messages) {
    const list = topics.get(topic) ?? [];
    list.push(message);
    topics.set(topic, list);
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
}
