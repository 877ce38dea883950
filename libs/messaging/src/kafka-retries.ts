import { setTimeout as delay } from 'node:timers/promises';

export interface KafkaRetryOptions {
  /** Calls in all, the first included. Default 8. */
  readonly attempts?: number;
  /** The wait after the first failure, doubled after each next one. Default 100 ms. */
  readonly initialDelayMs?: number;
  readonly signal?: AbortSignal;
}

/** True for an error a Kafka broker (through kafkajs) says may pass if the request is sent again. */
export function isRetriableKafkaError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { retriable?: unknown }).retriable === true
  );
}

/**
 * Runs a Kafka call again while it fails with a retriable error: e.g. NOT_LEADER_OR_FOLLOWER for
 * a topic created a moment ago, whose partitions' leaders are known to the metadata before the
 * brokers act as leaders. Any other error, or the last attempt's, is thrown as it is.
 */
export async function withKafkaRetries<T>(
  call: () => Promise<T>,
  { attempts = 8, initialDelayMs = 100, signal }: KafkaRetryOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isRetriableKafkaError(error)) throw error;
      await delay(initialDelayMs * 2 ** (attempt - 1), undefined, { signal });
    }
  }
}
