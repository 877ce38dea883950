import type { QueryDay } from '@zoneledger/platform';
import { chinaDateAt } from '@zoneledger/shared-kernel';
import { isoDate } from '@zoneledger/shared-kernel';

/** The two times of a read: the day asked about (valid time) and the moment of knowledge. */
export interface ReadTimes {
  /** ISO date, e.g. 2024-01-01. */
  readonly inForceOn: string;
  readonly asOf: Date;
}

/** The read's times, defaulting to today in China and to now. */
export function readTimes(inForceOn: string | undefined, asOf: Date | undefined): ReadTimes {
  const now = new Date();
  const today = chinaDateAt(now);
  return {
    inForceOn: inForceOn ?? isoDate(today.year, today.month ?? 1, today.day ?? 1),
    asOf: asOf ?? now,
  };
}

/** The read's times from a query's parameters (a day and a moment, each optional). */
export function readTimesOf(query: { inForceOn?: QueryDay; asOf?: Date }): ReadTimes {
  return readTimes(query.inForceOn && isoDayOf(query.inForceOn), query.asOf);
}

/** A query's day as an ISO date. */
export function isoDayOf(day: QueryDay): string {
  return isoDate(day.year, day.month, day.day);
}
