import { backoffDelayMs, DEFAULT_RETRY_POLICY, retryPolicy } from './retry-policy';

describe('retry policy', () => {
  it('tries five times by default', () => {
    expect(retryPolicy()).toMatchObject({
      attempts: 5,
      initialBackoffMs: 200,
      maxBackoffMs: 10_000,
    });
    expect(DEFAULT_RETRY_POLICY.isTransient(new Error('x'))).toBe(false);
  });

  it('doubles the wait after each failure up to the cap', () => {
    const policy = { initialBackoffMs: 100, maxBackoffMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((failure) => backoffDelayMs(failure, policy))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelayMs(10_000, policy)).toBe(1000);
  });

  it('refuses a policy that could never dead-letter or has an inverted backoff', () => {
    expect(() => retryPolicy({ attempts: 0 })).toThrow(RangeError);
    expect(() => retryPolicy({ initialBackoffMs: 500, maxBackoffMs: 100 })).toThrow(RangeError);
  });
});
