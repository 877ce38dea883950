import type { CalendarDate } from '@zoneledger/shared-kernel';
import { PolicyError } from './policy.errors';

// The refusals of dates: each names the field and what it must not precede.

/** Not a calendar date (month 13, 30 February, a day without its month). */
export class InvalidDateError extends PolicyError {
  readonly code = 'POLICY.INVALID_DATE';
  readonly kind = 'rule';
  constructor(
    readonly field: string,
    readonly date: CalendarDate,
  ) {
    super(`${field} is not a calendar date: ${JSON.stringify(date)}`);
  }
}

/** A document is issued, published or amended on a day that has come (in China). */
export class DateInFutureError extends PolicyError {
  readonly code = 'POLICY.DATE_IN_FUTURE';
  readonly kind = 'rule';
  constructor(
    readonly field: string,
    readonly date: CalendarDate,
  ) {
    super(`${field} ${JSON.stringify(date)} has not come yet`);
  }
}

/**
 * A date earlier than the one it must follow: publication, effect, amendment, repeal or
 * supersession before issuance; a version before the one it amends; expiry before effect.
 */
export class DateOutOfOrderError extends PolicyError {
  readonly code = 'POLICY.DATE_OUT_OF_ORDER';
  readonly kind = 'rule';
  constructor(
    readonly field: string,
    readonly date: CalendarDate,
    readonly notBefore: { readonly field: string; readonly date: CalendarDate },
  ) {
    super(
      `${field} ${JSON.stringify(date)} precedes ${notBefore.field} ${JSON.stringify(notBefore.date)}`,
    );
  }
}
