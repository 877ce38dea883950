import {
  canonicalDate,
  chinaDateAt,
  earliest,
  isAfter,
  isBefore,
  isValidCalendarDate,
  sameCalendarDate,
} from './calendar-date';

describe('calendar dates of partial precision', () => {
  it.each([
    [{ year: 2013, month: 12 }, { year: 2014 }, true],
    [{ year: 2014 }, { year: 2014, month: 2, day: 1 }, false],
    [{ year: 2014, month: 1 }, { year: 2014, month: 2, day: 1 }, true],
    [{ year: 2014, month: 2, day: 1 }, { year: 2014, month: 2 }, false],
    [{ year: 2014, month: 2, day: 1 }, { year: 2014, month: 2, day: 2 }, true],
    [{ year: 2014, month: 2, day: 2 }, { year: 2014, month: 2, day: 2 }, false],
  ])('%j is certainly before %j: %s', (date, other, before) => {
    expect(isBefore(date, other)).toBe(before);
    expect(isAfter(other, date)).toBe(before);
  });

  it.each([
    [{ year: 2024 }, true],
    [{ year: 2024, month: 2, day: 29 }, true],
    [{ year: 2023, month: 2, day: 29 }, false],
    [{ year: 2024, month: 13 }, false],
    [{ year: 2024, day: 3 }, false],
    [{ year: 0 }, false],
    [{ year: 2024.5 }, false],
  ])('%j is a calendar date: %s', (date, valid) => expect(isValidCalendarDate(date)).toBe(valid));

  it('leaves out the zero parts the proto Date uses for "not known"', () => {
    expect(canonicalDate({ year: 2014, month: 0, day: 0 })).toEqual({ year: 2014 });
    expect(canonicalDate({ year: 2014, month: 2, day: 0 })).toEqual({ year: 2014, month: 2 });
  });

  it('tells today in China, eight hours ahead of UTC', () => {
    expect(chinaDateAt(new Date('2025-06-30T15:59:59Z'))).toEqual({
      year: 2025,
      month: 6,
      day: 30,
    });
    expect(chinaDateAt(new Date('2025-06-30T16:00:00Z'))).toEqual({ year: 2025, month: 7, day: 1 });
  });

  it('finds the earliest of several dates', () => {
    expect(earliest([{ year: 2024, month: 10 }, { year: 2006 }, { year: 2010 }])).toEqual({
      year: 2006,
    });
    expect(earliest([])).toBeUndefined();
  });

  it('compares dates at their precision', () => {
    expect(sameCalendarDate({ year: 2014, month: 2 }, { year: 2014, month: 2 })).toBe(true);
    expect(sameCalendarDate({ year: 2014 }, { year: 2014, month: 2 })).toBe(false);
    expect(sameCalendarDate(undefined, undefined)).toBe(true);
    expect(sameCalendarDate({ year: 2014 }, undefined)).toBe(false);
  });
});
