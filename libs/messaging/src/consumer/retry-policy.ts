/** How a consumer retries a failing handler before it dead-letters the message. */
export interface RetryPolicy {
  /** Handler calls in all, the first included, before the message is dead-lettered. */
  readonly attempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /**
   * Failures that say nothing about the message (the database is down, a serialization
   * conflict): retried without bound, so an outage stalls the partition instead of
   * dead-lettering everything that arrives during it.
   */
  readonly isTransient: (error: unknown) => boolean;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  initialBackoffMs: 200,
  maxBackoffMs: 10_000,
  isTransient: () => false,
};

/** A policy with defaults for what is not given; refuses values that would never dead-letter or never wait. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`retry.attempts must be a positive integer, got ${policy.attempts}`);
  }
  if (policy.initialBackoffMs < 0 || policy.maxBackoffMs < policy.initialBackoffMs) {
    throw new RangeError('retry backoff must satisfy 0 <= initialBackoffMs <= maxBackoffMs');
  }
  return policy;
}

/** The wait after the n-th failure (1-based): doubling from initialBackoffMs, capped at maxBackoffMs. */
export function backoffDelayMs(
  failure: number,
  policy: Pick<RetryPolicy, 'initialBackoffMs' | 'maxBackoffMs'>,
): number {
  const exponent = Math.min(Math.max(failure - 1, 0), 30);
  return Math.min(policy.initialBackoffMs * 2 ** exponent, policy.maxBackoffMs);
}
