import { newEventId } from './event-id';

describe('event ids', () => {
  it('are version 7 UUIDs carrying the time they were made', () => {
    const id = newEventId(Date.UTC(2025, 10, 29, 8, 0, 0));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2025, 10, 29, 8, 0, 0));
  });

  it('sort by time across milliseconds and never repeat', () => {
    const ids = Array.from({ length: 1000 }, (_, i) =>
      newEventId(1_764_400_000_000 + Math.floor(i / 10)),
    );
    expect(new Set(ids).size).toBe(1000);
    const firstOfEachMillisecond = ids.filter((_, i) => i % 10 === 0);
    expect([...firstOfEachMillisecond].sort()).toEqual(firstOfEachMillisecond);
  });
});
