import type { MethodologyFile } from './story-seed';
import { strengthFromRank, SYNTHETIC_SOURCE, syntheticValues } from './synthetic-values';

const methodology: MethodologyFile = {
  methodologyId: 'm',
  version: 1,
  dimensions: [
    {
      indicators: [
        { key: 'output', direction: 'DIRECTION_HIGHER_IS_BETTER', unit: 'bn' },
        { key: 'energy', direction: 'DIRECTION_LOWER_IS_BETTER', unit: 't' },
      ],
    },
  ],
};
const population = Array.from({ length: 20 }, (_, index) => ({ zoneId: `zone-${index}` }));

describe('synthetic indicator values', () => {
  it('are the same for the same seed, and labelled synthetic', () => {
    const once = syntheticValues(methodology, population, () => undefined, 7);
    expect(syntheticValues(methodology, population, () => undefined, 7)).toEqual(once);
    expect(once[0].values.map((value) => value.source)).toEqual([
      SYNTHETIC_SOURCE,
      SYNTHETIC_SOURCE,
    ]);
  });

  it('favour a strong zone in each indicator direction', () => {
    const strong = (zoneId: string) => (zoneId === 'zone-0' ? 1 : 0);
    const [best, ...rest] = syntheticValues(methodology, population, strong, 7);
    const value = (submission: typeof best, key: string) =>
      submission.values.find((entry) => entry.indicatorKey === key)?.value ?? NaN;
    for (const other of rest) {
      expect(value(best, 'output')).toBeGreaterThan(value(other, 'output'));
      expect(value(best, 'energy')).toBeLessThan(value(other, 'energy'));
    }
  });

  it('make the first published rank the strongest', () => {
    expect(strengthFromRank(1, 230)).toBeGreaterThan(strengthFromRank(29, 230));
  });
});
