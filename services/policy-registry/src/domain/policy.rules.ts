import {
  canonicalDate,
  chinaDateAt,
  isAfter,
  isBefore,
  isValidCalendarDate,
  type CalendarDate,
} from '@zoneledger/shared-kernel';
import type { DocumentNumberHolder } from './policy.commands';
import { DateInFutureError, DateOutOfOrderError, InvalidDateError } from './policy-date.errors';
import {
  DocumentNumberTakenError,
  FieldRequiredError,
  PolicyNotFoundError,
  PolicyRepealedError,
} from './policy.errors';
import type { Policy, PolicyState } from './policy.state';

// The rules several commands share. Each returns the checked (canonical) value or throws the
// PolicyError that names the broken rule.

/** The policy of a stream that has begun; POLICY.NOT_FOUND otherwise. */
export function issuedPolicy(state: PolicyState, policyId: string): Policy {
  if (!state.issued) throw new PolicyNotFoundError(policyId);
  return state;
}

/** A policy that still takes changes; POLICY.REPEALED once a repeal is recorded. */
export function changeablePolicy(state: PolicyState, policyId: string): Policy {
  const policy = issuedPolicy(state, policyId);
  if (policy.repealed) throw new PolicyRepealedError(policyId);
  return policy;
}

/** A calendar date in its canonical form; POLICY.INVALID_DATE otherwise. */
export function calendarDate(field: string, date: CalendarDate): CalendarDate {
  const canonical = canonicalDate(date);
  if (!isValidCalendarDate(canonical)) throw new InvalidDateError(field, date);
  return canonical;
}

/** A date a document was signed or published on: it has come, in China (POLICY.DATE_IN_FUTURE). */
export function pastDate(field: string, date: CalendarDate, now: Date): CalendarDate {
  const canonical = calendarDate(field, date);
  if (isAfter(canonical, chinaDateAt(now))) throw new DateInFutureError(field, canonical);
  return canonical;
}

/** POLICY.DATE_OUT_OF_ORDER when `date` is certainly earlier than the date it must follow. */
export function assertNotBefore(
  field: string,
  date: CalendarDate,
  earliest: { readonly field: string; readonly date: CalendarDate },
): void {
  if (isBefore(date, earliest.date)) throw new DateOutOfOrderError(field, date, earliest);
}

/** Free text as recorded: trimmed, runs of whitespace made one space. */
export function tidy(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** Tidy text that must not be blank; POLICY.FIELD_REQUIRED otherwise. */
export function requiredText(field: string, text: string): string {
  const tidied = tidy(text);
  if (!tidied) throw new FieldRequiredError(field);
  return tidied;
}

// 国发〔2019〕11号 is also written with [], （）, () or 【】 around the year, and with spaces.
const DOCUMENT_NUMBER = /^(.+?)\s*[〔[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*(\d+)\s*号$/u;

/** A document number in its canonical form, e.g. "国发[2019] 11号" as "国发〔2019〕11号". */
export function documentNumberOf(text: string): string {
  const tidied = requiredText('documentNumber', text);
  const parts = DOCUMENT_NUMBER.exec(tidied);
  return parts ? `${parts[1]}〔${parts[2]}〕${Number(parts[3])}号` : tidied;
}

/**
 * POLICY.DOCUMENT_NUMBER_TAKEN when another policy of the same issuer bears the number (compared
 * in canonical form, so a variant spelling does not slip through).
 */
export function assertDocumentNumberFree(
  policyId: string,
  issuer: string,
  documentNumber: string,
  holders: readonly DocumentNumberHolder[],
): void {
  const holder = holders.find(
    (other) =>
      other.policyId !== policyId &&
      tidy(other.issuer) === issuer &&
      documentNumberOf(other.documentNumber) === documentNumber,
  );
  if (holder) throw new DocumentNumberTakenError(documentNumber, holder.policyId);
}
