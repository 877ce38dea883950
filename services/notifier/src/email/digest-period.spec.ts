import { digestContents, digestDue, nextDigestAt, type DigestCandidate } from './digest-period';

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);

describe('digestDue', () => {
  const eight = { hour: 8, minute: 0 };

  it('is the latest digestAt not after now, with a day interval', () => {
    expect(digestDue(at('2026-12-06T09:47:00Z'), eight, DAY)).toEqual(at('2026-12-06T08:00:00Z'));
    expect(digestDue(at('2026-12-06T07:59:59.999Z'), eight, DAY)).toEqual(
      at('2026-12-05T08:00:00Z'),
    );
  });

  it('is now itself when now is a cut-off (the period has just ended)', () => {
    expect(digestDue(at('2026-12-06T08:00:00Z'), eight, DAY)).toEqual(at('2026-12-06T08:00:00Z'));
  });

  it('counts short intervals from digestAt', () => {
    const midnight = { hour: 0, minute: 0 };
    expect(digestDue(at('2026-12-06T10:00:03.500Z'), midnight, 2000)).toEqual(
      at('2026-12-06T10:00:02Z'),
    );
    // 00:01 and every 7 s after: 00:01:00, 00:01:07, 00:01:14, 00:01:21, …
    expect(digestDue(at('1970-01-01T00:01:15Z'), { hour: 0, minute: 1 }, 7000)).toEqual(
      at('1970-01-01T00:01:14Z'),
    );
    expect(
      digestDue(at('1970-01-02T00:00:00Z'), { hour: 0, minute: 1 }, 7000).getTime() % 7000,
    ).toBe(60_000 % 7000);
  });

  it('gives the same cut-off to every instant of a period, and the next one after it', () => {
    const first = digestDue(at('2026-12-06T08:00:00Z'), eight, DAY);
    for (const time of ['2026-12-06T08:00:00.001Z', '2026-12-06T20:00:00Z', '2026-12-07T07:59:59Z'])
      expect(digestDue(at(time), eight, DAY)).toEqual(first);
    expect(digestDue(at('2026-12-07T08:00:00Z'), eight, DAY)).toEqual(at('2026-12-07T08:00:00Z'));
    expect(nextDigestAt(at('2026-12-06T09:47:00Z'), eight, DAY)).toEqual(
      at('2026-12-07T08:00:00Z'),
    );
    expect(nextDigestAt(at('2026-12-06T08:00:00Z'), eight, DAY)).toEqual(
      at('2026-12-07T08:00:00Z'),
    );
  });

  it('refuses an interval that is not a positive whole number', () => {
    expect(() => digestDue(new Date(), eight, 0)).toThrow(RangeError);
    expect(() => digestDue(new Date(), eight, 1.5)).toThrow(RangeError);
  });
});

describe('digestContents', () => {
  const cutoff = at('2026-12-06T08:00:00Z');
  const candidate = (
    notificationId: string,
    subject: string,
    position: number,
    created: string,
    due = created,
    attempts = due === created ? 0 : 1,
  ): DigestCandidate => ({
    notificationId,
    subject,
    position: BigInt(position),
    createdAt: at(created),
    dueAt: at(due),
    attempts,
  });

  it('holds what was created before the cut-off, in the order it was created', () => {
    const rows = [
      candidate('c', 'zone-b', 1, '2026-12-06T07:00:00Z'),
      candidate('a', 'zone-a', 1, '2026-12-06T05:00:00Z'),
      candidate('b', 'zone-a', 2, '2026-12-06T06:00:00Z'),
      candidate('late', 'zone-c', 1, '2026-12-06T08:00:00Z'),
    ];
    expect(digestContents(rows, cutoff).map((row) => row.notificationId)).toEqual(['a', 'b', 'c']);
  });

  it('leaves a failed delivery for the digest after its retry is due, and later ones about its subject behind it', () => {
    const rows = [
      candidate('failed', 'zone-a', 1, '2026-12-05T05:00:00Z', '2026-12-06T08:00:05Z'),
      candidate('after', 'zone-a', 2, '2026-12-06T06:00:00Z'),
      candidate('other', 'zone-b', 1, '2026-12-06T06:30:00Z'),
    ];
    expect(digestContents(rows, cutoff).map((row) => row.notificationId)).toEqual(['other']);
    const next = at('2026-12-07T08:00:00Z');
    expect(digestContents(rows, next).map((row) => row.notificationId)).toEqual([
      'failed',
      'after',
      'other',
    ]);
  });

  it('does not hold a first attempt back for the schedule’s first delay', () => {
    const rows = [candidate('new', 'zone-a', 1, '2026-12-06T07:59:59Z', '2026-12-06T08:00:04Z', 0)];
    expect(digestContents(rows, cutoff).map((row) => row.notificationId)).toEqual(['new']);
  });

  it('orders a subject by position even when created out of order', () => {
    const rows = [
      candidate('second', 'zone-a', 2, '2026-12-06T05:00:00Z'),
      candidate('first', 'zone-a', 1, '2026-12-06T05:00:00Z'),
    ];
    expect(digestContents(rows, cutoff).map((row) => row.notificationId)).toEqual([
      'first',
      'second',
    ]);
  });

  it('holds nothing when nothing was pending', () => {
    expect(digestContents([], cutoff)).toEqual([]);
  });
});
