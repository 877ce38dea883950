import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Headers a dead letter carries besides the original message's own. */
export const DeadLetterHeaders = {
  error: 'dlq_error',
  errorCode: 'dlq_error_code',
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  group: 'dlq_group',
  failedAt: 'dlq_failed_at',
  attempts: 'dlq_attempts',
} as const;

const DLQ_HEADER_PREFIX = 'dlq_';
// Kafka headers travel with every fetch of the entry; a stack-sized message is not worth that.
const MAX_ERROR_LENGTH = 2000;

/** Why and where a message failed. */
export interface DeadLetterFailure {
  readonly error: unknown;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly groupId: string;
  readonly attempts: number;
  readonly failedAt: Date;
}

/** A dead letter read back from a dead-letter topic. */
export interface DeadLetter {
  readonly offset: string;
  readonly partition: number;
  readonly originalTopic: string;
  readonly originalPartition: number;
  readonly originalOffset: string;
  readonly group: string;
  readonly error: string;
  readonly errorCode: string;
  readonly failedAt: string;
  readonly attempts: number;
  /** The original message, unchanged: key, value and headers without the dlq_* ones. */
  readonly original: Message;
}

/** The stable code of a failure: the error's own `code` when it has one. */
export function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length > 0 ? code : 'MESSAGING.HANDLER_FAILED';
}

/**
 * The dead letter of a message: its original key, value and headers unchanged, plus dlq_*
 * headers saying why and where it failed. The original timestamp is not kept on purpose: the
 * dead-letter topic's retention counts from when the message failed, not from when it was written.
 */
export function deadLetterMessage(
  message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>,
  failure: DeadLetterFailure,
): Message {
  const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...originalHeaders(message.headers ?? {}),
      [DeadLetterHeaders.error]: reason.slice(0, MAX_ERROR_LENGTH),
      [DeadLetterHeaders.errorCode]: errorCodeOf(failure.error),
      [DeadLetterHeaders.originalTopic]: failure.topic,
      [DeadLetterHeaders.originalPartition]: String(failure.partition),
      [DeadLetterHeaders.originalOffset]: failure.offset,
      [DeadLetterHeaders.group]: failure.groupId,
      [DeadLetterHeaders.failedAt]: failure.failedAt.toISOString(),
      [DeadLetterHeaders.attempts]: String(failure.attempts),
    },
  };
}

/** A message's headers without any dlq_* header: what it carried before it was dead-lettered. */
export function originalHeaders(headers: IHeaders): IHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !name.toLowerCase().startsWith(DLQ_HEADER_PREFIX)),
  );
}

/** Reads a dead-letter entry; undefined when it lacks the headers a replay needs. */
export function readDeadLetter(partition: number, message: KafkaMessage): DeadLetter | undefined {
  const headers = message.headers ?? {};
  const header = (name: string) => {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  };
  const originalTopic = header(DeadLetterHeaders.originalTopic);
  if (!originalTopic) return undefined;
  return {
    offset: message.offset,
    partition,
    originalTopic,
    originalPartition: Number(header(DeadLetterHeaders.originalPartition) ?? -1),
    originalOffset: header(DeadLetterHeaders.originalOffset) ?? '',
    group: header(DeadLetterHeaders.group) ?? '',
    error: header(DeadLetterHeaders.error) ?? '',
    errorCode: header(DeadLetterHeaders.errorCode) ?? '',
    failedAt: header(DeadLetterHeaders.failedAt) ?? '',
    attempts: Number(header(DeadLetterHeaders.attempts) ?? 0),
    original: { key: message.key, value: message.value, headers: originalHeaders(headers) },
  };
}
