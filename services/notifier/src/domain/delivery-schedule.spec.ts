import {
  endpointDisabled,
  nextAttempt,
  retryAfterMs,
  STANDARD_WEBHOOKS_SCHEDULE,
  type AttemptOutcome,
} from './delivery-schedule';

const NOW = new Date('2025-06-30T04:00:00Z');
const status = (code: number, retryAfter?: string): AttemptOutcome => ({
  kind: 'response',
  status: code,
  ...(retryAfter === undefined ? {} : { retryAfter }),
});
const at = (ms: number) => new Date(NOW.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('the next attempt of a webhook delivery', () => {
  it.each([200, 201, 202, 204, 299])('is none after a %i: delivered', (code) =>
    expect(nextAttempt(1, status(code), NOW)).toEqual({ action: 'delivered' }),
  );

  it('follows the Standard Webhooks schedule after failures', () =>
    expect(
      [1, 2, 3, 4, 5, 6, 7].map((attempts) => nextAttempt(attempts, status(500), NOW)),
    ).toEqual([
      { action: 'retry', attempt: 2, at: at(5000) },
      { action: 'retry', attempt: 3, at: at(5 * MIN) },
      { action: 'retry', attempt: 4, at: at(30 * MIN) },
      { action: 'retry', attempt: 5, at: at(2 * HOUR) },
      { action: 'retry', attempt: 6, at: at(5 * HOUR) },
      { action: 'retry', attempt: 7, at: at(10 * HOUR) },
      { action: 'retry', attempt: 8, at: at(10 * HOUR) },
    ]));

  it('gives up after the eighth attempt', () =>
    expect(nextAttempt(8, status(500), NOW)).toEqual({ action: 'give-up' }));

  it.each<[string, AttemptOutcome]>([
    ['a redirect', status(302)],
    ['a client error', status(400)],
    ['a timeout', { kind: 'timeout' }],
    ['a network error', { kind: 'network-error' }],
  ])('counts %s as a failure', (_, outcome) =>
    expect(nextAttempt(1, outcome, NOW)).toEqual({ action: 'retry', attempt: 2, at: at(5000) }),
  );

  it('disables the endpoint on 410 Gone, whatever attempt it was', () => {
    expect(nextAttempt(1, status(410), NOW)).toEqual({
      action: 'disable-endpoint',
      reason: 'gone',
    });
    expect(nextAttempt(8, status(410), NOW)).toEqual({
      action: 'disable-endpoint',
      reason: 'gone',
    });
  });

  it('honours Retry-After in seconds on 429 and 503', () => {
    expect(nextAttempt(1, status(429, '120'), NOW)).toEqual({
      action: 'retry',
      attempt: 2,
      at: at(120_000),
    });
    expect(nextAttempt(3, status(503, '0'), NOW)).toEqual({ action: 'retry', attempt: 4, at: NOW });
  });

  it('honours Retry-After as an HTTP date', () =>
    expect(nextAttempt(2, status(503, 'Mon, 30 Jun 2025 04:10:00 GMT'), NOW)).toEqual({
      action: 'retry',
      attempt: 3,
      at: at(10 * MIN),
    }));

  it('cuts a Retry-After longer than the bound', () =>
    expect(nextAttempt(1, status(429, String(7 * 24 * 3600)), NOW)).toEqual({
      action: 'retry',
      attempt: 2,
      at: at(10 * HOUR),
    }));

  it('follows the schedule when Retry-After is missing, malformed, or on another status', () => {
    const scheduled = { action: 'retry', attempt: 2, at: at(5000) };
    expect(nextAttempt(1, status(429), NOW)).toEqual(scheduled);
    expect(nextAttempt(1, status(503, 'soon'), NOW)).toEqual(scheduled);
    expect(nextAttempt(1, status(503, '-5'), NOW)).toEqual(scheduled);
    expect(nextAttempt(1, status(500, '3600'), NOW)).toEqual(scheduled);
  });

  it('still gives up after the last attempt, Retry-After or not', () =>
    expect(nextAttempt(8, status(429, '1'), NOW)).toEqual({ action: 'give-up' }));

  it('takes a shortened schedule from configuration', () => {
    const schedule = { delaysMs: [0, 10, 20], maxRetryAfterMs: 50, timeoutMs: 100 };
    expect(nextAttempt(1, status(500), NOW, schedule)).toEqual({
      action: 'retry',
      attempt: 2,
      at: at(10),
    });
    expect(nextAttempt(2, status(429, '60'), NOW, schedule)).toEqual({
      action: 'retry',
      attempt: 3,
      at: at(50),
    });
    expect(nextAttempt(3, status(500), NOW, schedule)).toEqual({ action: 'give-up' });
  });

  it('allows 15 seconds an attempt by default', () =>
    expect(STANDARD_WEBHOOKS_SCHEDULE.timeoutMs).toBe(15_000));
});

describe('a Retry-After header', () => {
  it('reads a date past as no delay', () =>
    expect(retryAfterMs('Sun, 29 Jun 2025 04:00:00 GMT', NOW)).toBe(0));

  it.each([undefined, '', '1.5', '2025-06-30T05:00:00Z', 'Tuesday'])(
    'reads %p as nothing',
    (value) => expect(retryAfterMs(value, NOW)).toBeUndefined(),
  );
});

describe('disabling a failing endpoint', () => {
  const day = 24 * HOUR;

  it('happens once it has failed for the configured time', () => {
    const since = new Date(NOW.getTime() - 5 * day);
    expect(endpointDisabled(since, NOW, 5 * day)).toBe(true);
    expect(endpointDisabled(since, new Date(NOW.getTime() - 1), 5 * day)).toBe(false);
  });

  it('never happens to an endpoint that is not failing', () =>
    expect(endpointDisabled(undefined, NOW, 0)).toBe(false));
});
