export interface EventuallyOptions {
  /** Give up after this long; the last failure is rethrown with the elapsed time. */
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Retries an assertion until it passes or the deadline expires: the way tests wait for
 * asynchronous effects (a consumed message, a projected row) without fixed sleeps.
 */
export async function eventually<T>(
  assertion: () => T | Promise<T>,
  { timeoutMs = 15_000, intervalMs = 50 }: EventuallyOptions = {},
): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      const elapsed = Date.now() - started;
      if (elapsed >= timeoutMs) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`still failing after ${elapsed} ms: ${reason}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
