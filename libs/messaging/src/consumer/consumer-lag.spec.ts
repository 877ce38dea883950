import { lagOf, partitionPosition } from './consumer-lag';

describe('consumer lag', () => {
  const bounds = { low: '5', high: '40' };

  it('counts from the furthest of the committed and the handled offset', () => {
    expect(partitionPosition('30', '33', bounds, true)).toBe(33n);
    expect(partitionPosition('30', undefined, bounds, true)).toBe(30n);
    expect(lagOf('40', 33n)).toBe(7);
  });

  it('counts a group without commits from where it will start', () => {
    expect(partitionPosition('-1', undefined, bounds, true)).toBe(5n);
    expect(partitionPosition(undefined, undefined, bounds, false)).toBe(40n);
  });

  it('is never negative', () => {
    expect(lagOf('40', 41n)).toBe(0);
  });
});
