import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsObject } from 'class-validator';

/** A day as a query parameter reads it: year, month and day, all known. */
export interface QueryDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

// YYYY-MM-DD of a day its month has; anything else stays a string and fails IsObject.
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day `value` names as YYYY-MM-DD, or `value` itself when it names none. */
export function queryDayOf(value: unknown): unknown {
  const parts = typeof value === 'string' ? DAY.exec(value) : null;
  if (!parts) return value;
  const [year, month, day] = parts.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? { year, month, day } : value;
}

/** A query parameter holding a calendar day, YYYY-MM-DD (a day its month has), read as a QueryDay. */
export function QueryDate(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => queryDayOf(value)),
    IsObject({ message: '$property must be a calendar date YYYY-MM-DD, e.g. 2024-01-31' }),
  );
}
