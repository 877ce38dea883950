/**
 * A date as official documents state it: a full date, a year and month, or a year alone (the
 * proto JSON of zoneledger.common.v1.Date with its zero parts left out). No time zone: Chinese
 * documents date things in China's calendar.
 */
export interface CalendarDate {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

// China observes UTC+8 all year (no daylight saving), so "today" there is a fixed offset away.
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar date in China at the instant `now`. */
export function chinaDateAt(now: Date): CalendarDate {
  const shifted = new Date(now.getTime() + CHINA_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** True when the date names a real day, month or year (a day needs its month; Feb 30 is no day). */
export function isValidCalendarDate(date: CalendarDate): boolean {
  const { year, month, day } = date;
  if (!Number.isInteger(year) || year < 1 || year > 9999) return false;
  if (month === undefined) return day === undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return false;
  if (day === undefined) return true;
  return Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * True only when `date` is certainly earlier than `other`, comparing at the precision both have:
 * 2014 is not before 2014-02-01, but 2013-12 is.
 */
export function isBefore(date: CalendarDate, other: CalendarDate): boolean {
  return compareKnownParts(date, other) < 0;
}

/** True only when `date` is certainly later than `other` (at the precision both have). */
export function isAfter(date: CalendarDate, other: CalendarDate): boolean {
  return compareKnownParts(date, other) > 0;
}

/** The earliest of the dates that are certainly ordered (the first one wins a tie); undefined for none. */
export function earliest(dates: readonly CalendarDate[]): CalendarDate | undefined {
  return dates.reduce<CalendarDate | undefined>(
    (first, date) => (first === undefined || isBefore(date, first) ? date : first),
    undefined,
  );
}

/**
 * The same date in its canonical form: zero parts left out (the proto Date uses 0 for "not
 * known", so `{year: 2014, month: 0}` is the year 2014).
 */
export function canonicalDate(date: CalendarDate): CalendarDate {
  const { year, month, day } = date;
  if (!month) return { year };
  if (!day) return { year, month };
  return { year, month, day };
}

/** True when both dates say the same thing at the same precision. */
export function sameCalendarDate(a?: CalendarDate, b?: CalendarDate): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

function compareKnownParts(a: CalendarDate, b: CalendarDate): number {
  if (a.year !== b.year) return a.year - b.year;
  if (a.month === undefined || b.month === undefined) return 0;
  if (a.month !== b.month) return a.month - b.month;
  if (a.day === undefined || b.day === undefined) return 0;
  return a.day - b.day;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
