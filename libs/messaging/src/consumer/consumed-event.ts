import type { JsonObject } from '@bufbuild/protobuf';
import {
  decodeEventData,
  MalformedEventDataError,
  UnknownEventTypeError,
} from '@zoneledger/contracts';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { decodeCloudEvent, MalformedCloudEventError, type CloudEvent } from '../cloud-event';

/** One event as a consumer's handler receives it: the CloudEvent, its data as proto JSON, and where it came from. */
export interface ConsumedEvent {
  readonly cloudEvent: CloudEvent;
  /** The event's data in the proto JSON mapping (what decodeEventData returns). */
  readonly data: JsonObject;
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit: kept as the decimal string kafkajs gives (compare with BigInt). */
  readonly offset: string;
  /** The message's headers exactly as received. */
  readonly headers: IHeaders;
}

/** Decodes a received message; throws one of the undecodable errors (see isUndecodable). */
export function decodeConsumedEvent(
  topic: string,
  partition: number,
  message: KafkaMessage,
): ConsumedEvent {
  const cloudEvent = decodeCloudEvent(message);
  return {
    cloudEvent,
    data: decodeEventData(cloudEvent.type, cloudEvent.data),
    topic,
    partition,
    offset: message.offset,
    headers: message.headers ?? {},
  };
}

/**
 * Decodes messages of one partition from the first on, stopping before the first undecodable
 * one: the run a batch handler may take at once (empty when the first message is undecodable).
 */
export function decodeConsumedRun(
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
): ConsumedEvent[] {
  const events: ConsumedEvent[] = [];
  for (const message of messages) {
    try {
      events.push(decodeConsumedEvent(topic, partition, message));
    } catch (error) {
      if (isUndecodable(error)) break;
      throw error;
    }
  }
  return events;
}

/**
 * A message of an event type no contract here describes: a newer producer's event (new event
 * types are an additive change), which this consumer passes over rather than fails on.
 */
export function isUnknownEventType(error: unknown): error is UnknownEventTypeError {
  return error instanceof UnknownEventTypeError;
}

/**
 * A message that can never be handled, however often it is retried: it ends a batch run, and
 * goes straight to the dead letters unless it is only of an unknown type (isUnknownEventType).
 */
export function isUndecodable(
  error: unknown,
): error is MalformedCloudEventError | UnknownEventTypeError | MalformedEventDataError {
  return (
    error instanceof MalformedCloudEventError ||
    error instanceof UnknownEventTypeError ||
    error instanceof MalformedEventDataError
  );
}
