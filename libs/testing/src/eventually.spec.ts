import { eventually } from './eventually';

describe('eventually', () => {
  it('returns the first passing result', async () => {
    let calls = 0;
    const result = await eventually(
      () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return calls;
      },
      { intervalMs: 1 },
    );
    expect(result).toBe(3);
  });

  it('rethrows the last failure once the deadline passes', async () => {
    await expect(
      eventually(
        () => {
          throw new Error('never ready');
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(/still failing after \d+ ms: never ready/);
  });
});
