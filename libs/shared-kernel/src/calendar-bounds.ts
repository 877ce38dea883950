import type { CalendarDate } from './calendar-date';

// Partial dates (2019-05, 2021) as the ISO days they may mean, so read models can store them as SQL
// dates an index compares. Readers choose the bound: something that takes effect on a partial
// date does so from the first day it may mean ("May 2019" holds on 1 May 2019); something that
// lasts until a partial date (an expiry) holds through the last day it may mean.

/** The first day `date` may mean, as an ISO date (2019-05 -> 2019-05-01). */
export function firstDayOf(date: CalendarDate): string {
  return isoDate(date.year, date.month ?? 1, date.day ?? 1);
}

/** The last day `date` may mean, as an ISO date (2021 -> 2021-12-31, 2024-02 -> 2024-02-29). */
export function lastDayOf(date: CalendarDate): string {
  const month = date.month ?? 12;
  return isoDate(
    date.year,
    month,
    date.day ?? new Date(Date.UTC(date.year, month, 0)).getUTCDate(),
  );
}

/** A calendar date as an ISO date (a full date, which a query's inForceOn always is). */
export function isoDate(year: number, month: number, day: number): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The ISO date before `day` (an absorbed zone's last day before its merger). */
export function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
