import { dayBefore, firstDayOf, lastDayOf } from './calendar-bounds';

describe('partial dates as SQL dates', () => {
  it.each([
    [{ year: 2019, month: 5, day: 28 }, '2019-05-28', '2019-05-28'],
    [{ year: 2019, month: 5 }, '2019-05-01', '2019-05-31'],
    [{ year: 2024, month: 2 }, '2024-02-01', '2024-02-29'],
    [{ year: 2023, month: 2 }, '2023-02-01', '2023-02-28'],
    [{ year: 2021 }, '2021-01-01', '2021-12-31'],
  ])('%j may mean %s to %s', (date, first, last) => {
    expect(firstDayOf(date)).toBe(first);
    expect(lastDayOf(date)).toBe(last);
  });

  it('knows the day before, across months and years', () => {
    expect(dayBefore('2021-06-01')).toBe('2021-05-31');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2020-01-01')).toBe('2019-12-31');
  });
});
