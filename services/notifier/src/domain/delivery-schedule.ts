// When a webhook delivery is tried again, and when an endpoint is given up on: Standard Webhooks'
// retry schedule (an attempt at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h),
// only a 2xx answer a success, 410 Gone the end of the endpoint, 429 and 503 honouring
// Retry-After. Times are passed in; configuration may shorten the schedule (tests do).

/** The delays before each attempt, the first one's included (usually 0). */
export interface RetrySchedule {
  readonly delaysMs: readonly number[];
  /** The longest Retry-After honoured; a longer one is cut to this. */
  readonly maxRetryAfterMs: number;
  /** How long an attempt may take before it counts as failed. */
  readonly timeoutMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Standard Webhooks' schedule: 8 attempts over about 27.6 hours, 15 s each at most. */
export const STANDARD_WEBHOOKS_SCHEDULE: RetrySchedule = {
  delaysMs: [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  maxRetryAfterMs: 10 * HOUR,
  timeoutMs: 15 * SECOND,
};

/**
 * How an attempt ended: a webhook's answer, no answer in time, no connection (`error` says what
 * went wrong, for people), an endpoint resolving to an address delivery may not reach; for the
 * other channels, handed over (`sent`: to the owner's event stream, or to the mail server) or
 * refused by the mail server.
 */
export type AttemptOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** The Retry-After header as received: seconds, or an HTTP date. */
      readonly retryAfter?: string;
    }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network-error'; readonly error?: string }
  | { readonly kind: 'address-not-allowed'; readonly error?: string }
  | { readonly kind: 'sent' }
  | { readonly kind: 'email-rejected'; readonly error?: string };

/** What to do after an attempt. */
export type NextStep =
  | { readonly action: 'delivered' }
  | { readonly action: 'retry'; readonly attempt: number; readonly at: Date }
  | { readonly action: 'give-up' }
  | { readonly action: 'disable-endpoint'; readonly reason: 'gone' };

/**
 * The step after attempt number `attemptsSoFar` (1 for the first) ended with `outcome` at `now`:
 * delivered on a 2xx (or when handed over, other channels); the endpoint disabled on 410; on 429 or 503 with a valid Retry-After, a
 * retry after that delay (cut to maxRetryAfterMs); on any other failure (other statuses, 3xx
 * included, timeouts, network errors), a retry after the schedule's next delay; given up once the
 * schedule's attempts are spent.
 */
export function nextAttempt(
  attemptsSoFar: number,
  outcome: AttemptOutcome,
  now: Date,
  schedule: RetrySchedule = STANDARD_WEBHOOKS_SCHEDULE,
): NextStep {
  if (outcome.kind === 'sent') return { action: 'delivered' };
  if (outcome.kind === 'response') {
    if (outcome.status >= 200 && outcome.status < 300) return { action: 'delivered' };
    if (outcome.status === 410) return { action: 'disable-endpoint', reason: 'gone' };
  }
  if (attemptsSoFar >= schedule.delaysMs.length) return { action: 'give-up' };
  const asked =
    outcome.kind === 'response' && (outcome.status === 429 || outcome.status === 503)
      ? retryAfterMs(outcome.retryAfter, now)
      : undefined;
  const delay =
    asked === undefined
      ? schedule.delaysMs[attemptsSoFar]
      : Math.min(asked, schedule.maxRetryAfterMs);
  return { action: 'retry', attempt: attemptsSoFar + 1, at: new Date(now.getTime() + delay) };
}

/**
 * The delay a Retry-After header asks for at `now`: a whole number of seconds, or an HTTP date
 * (a date past is no delay); undefined when it is absent or neither.
 */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * SECOND;
  // An HTTP date always names its weekday and the GMT zone (RFC 9110 IMF-fixdate, and the
  // obsolete RFC 850 and asctime forms Date.parse also reads).
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * Whether an endpoint failing since `firstFailureAt` (undefined: not failing) should be disabled
 * at `now`: it has failed for `disableAfterMs` or longer.
 */
export function endpointDisabled(
  firstFailureAt: Date | undefined,
  now: Date,
  disableAfterMs: number,
): boolean {
  return firstFailureAt !== undefined && now.getTime() - firstFailureAt.getTime() >= disableAfterMs;
}
