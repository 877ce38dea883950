import {
  comparePositions,
  formatPosition,
  parsePosition,
  positionBefore,
  type FeedPosition,
} from './feed-position';

describe('feed positions', () => {
  it('reads what it writes', () => {
    const position = { tx: 9_223_372_036_854_775_807n, seq: 42n };
    expect(parsePosition(formatPosition(position))).toEqual(position);
    expect(parsePosition('0-0')).toEqual({ tx: 0n, seq: 0n });
  });

  it.each([
    '',
    '12',
    '12-',
    '-12',
    '12-3-4',
    '012-3',
    '12-03',
    '+1-2',
    '1.5-2',
    '1e3-2',
    ' 1-2',
    '1-2 ',
    '0x10-1',
    '9223372036854775808-1',
    '1-9223372036854775808',
    '99999999999999999999-1',
  ])('refuses %j', (text) => {
    expect(parsePosition(text)).toBeUndefined();
  });

  it('orders by transaction, then sequence', () => {
    const order = ['1-9', '2-1', '2-3', '10-2'].map((text) => parsePosition(text) as FeedPosition);
    for (let i = 1; i < order.length; i += 1) {
      expect(comparePositions(order[i - 1], order[i])).toBeLessThan(0);
      expect(comparePositions(order[i], order[i - 1])).toBeGreaterThan(0);
    }
    expect(comparePositions(order[2], { tx: 2n, seq: 3n })).toBe(0);
  });

  it('starts before every row of the oldest running transaction', () => {
    expect(comparePositions(positionBefore(7n), { tx: 7n, seq: 1n })).toBeLessThan(0);
    expect(comparePositions(positionBefore(7n), { tx: 6n, seq: 99n })).toBeGreaterThan(0);
  });
});
