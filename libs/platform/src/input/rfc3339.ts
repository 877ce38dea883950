// RFC 3339 date-time: `2024-01-31T08:00:00Z`, `...+08:00`, fractions up to nanoseconds.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant an RFC 3339 date-time names; undefined when the text is not one (a date alone is
 * not) or names no real moment: 2023-02-30, year 0000, hour 24, an offset beyond ±23:59.
 */
export function parseRfc3339(text: string): Date | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => (part === undefined || part === '+' || part === '-' ? 0 : Number(part)));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    return undefined;
  }
  const instant = new Date(match[0]);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(Date.UTC(2000, month, 0));
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
