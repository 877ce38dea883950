import type { Expectation } from './fuzz-request';

/** Characters no identifier or text of the register may hold, and whether text may hold them. */
export const FORBIDDEN_CHARACTERS: readonly {
  readonly char: string;
  readonly inText: Expectation;
}[] = [
  { char: '\u0000', inText: 'refusal' },
  { char: '\ud800', inText: 'refusal' },
  { char: '\udfff', inText: 'refusal' },
  { char: '\u0001', inText: 'refusal' },
  { char: '\u0007', inText: 'refusal' },
  { char: '\u001b', inText: 'refusal' },
  { char: '\u001f', inText: 'refusal' },
  // Line breaks and tabs may be legitimate in free text (a reason), never in an id.
  { char: '\r\n', inText: 'any' },
  { char: '\n', inText: 'any' },
  { char: '\t', inText: 'any' },
];

/** The same characters percent-encoded for paths and query strings, UTF-8 first. */
export const FORBIDDEN_ENCODED: readonly string[] = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%01',
  '%1B',
  '%1F',
  '%0D%0A',
  '%0A',
  // Not UTF-8 at all, and a percent sign that starts no escape.
  '%FF',
  '%C3%28',
  '%C0%AF',
  '%E0%80%AF',
  '%zz',
  '%',
];

/** Bytes that are not UTF-8: a lone continuation, a truncated pair, an encoded surrogate, overlongs. */
export const INVALID_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0x80],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

/** SQL, script and template fragments: text a service must store or refuse, never run. */
export const INJECTIONS: readonly string[] = [
  "' OR '1'='1",
  "'; drop table events; --",
  '1; select pg_sleep(5) --',
  "') union select null, current_user --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}${7*7}#{7*7}',
  '${jndi:ldap://127.0.0.1/x}',
  '../../../../etc/passwd',
  "=cmd|' /C calc'!A0",
  '%s%s%s%n',
  '\\u0000',
  '$where',
];

/** Impossible calendar dates as ZoneLedger bodies write them ({year, month?, day?}). */
export const IMPOSSIBLE_CALENDAR_DATES: readonly Readonly<Record<string, number>>[] = [
  { year: 2023, month: 2, day: 30 },
  { year: 2023, month: 2, day: 29 },
  { year: 2024, month: 4, day: 31 },
  { year: 0 },
  { year: 0, month: 1, day: 1 },
  { year: -1 },
  { year: -2024, month: 1 },
  { year: 12345 },
  { year: 10000, month: 1, day: 1 },
  { year: 2020, month: 0, day: 15 },
  { year: 2020, month: 13 },
  { year: 2020, month: 1, day: 0 },
  { year: 2020, month: 1, day: 32 },
  { year: 2020, day: 15 },
];

/** Impossible or ill-formed RFC 3339 date-times (an offset is required). */
export const IMPOSSIBLE_DATE_TIMES: readonly string[] = [
  '2023-02-30T00:00:00Z',
  '2023-02-29T12:00:00Z',
  '0000-01-01T00:00:00Z',
  '-0001-01-01T00:00:00Z',
  '+012345-01-01T00:00:00Z',
  '12345-01-01T00:00:00Z',
  '2023-00-10T00:00:00Z',
  '2023-13-01T00:00:00Z',
  '2023-01-32T00:00:00Z',
  '2023-01-01T24:00:01Z',
  '2023-01-01T23:60:00Z',
  '2023-01-01T00:00:00',
  '2023-01-01',
  '2023-1-1T0:0:0Z',
  '1700000000',
  'yesterday',
  '',
];

/** Impossible or ill-formed full dates (RFC 3339 full-date). */
export const IMPOSSIBLE_DATES: readonly string[] = [
  '2023-02-30',
  '0000-01-01',
  '-0001-01-01',
  '12345-01-01',
  '2023-00-10',
  '2023-13-01',
  '2023-01-32',
  '20230101',
  '2023-1-1',
  '',
];

/** Number spellings for integer query values and JSON numbers: not numbers, or not plain ones. */
export const NUMBER_SPELLINGS: readonly string[] = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '1e20',
  '1e1',
  '9007199254740993',
  '123456789012345678901234567890',
  '-0',
  '-1',
  '1.5',
  '0x10',
  '0b1',
  '0o7',
  '+5',
  '05',
  '.5',
  '5.',
  ' 5',
  '5 ',
  '1_000',
  '５',
  '5abc',
  '',
];

/** How much text makes a field huge: the 100 KB and beyond. */
export const HUGE_TEXT_CHARS = { min: 100_000, max: 400_000 };

/** How many items make an array huge. */
export const HUGE_ARRAY_ITEMS = { min: 100_000, max: 200_000 };

/** How deep nesting goes: the issue names 2,000 and 10,000 levels. */
export const NESTING_DEPTHS: readonly number[] = [2_000, 10_000];
