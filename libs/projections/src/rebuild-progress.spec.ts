import { partitionsBehind } from './rebuild-progress';

const marks = [
  { topic: 'zones', partition: 0, highWatermark: '10' },
  { topic: 'zones', partition: 1, highWatermark: '0' },
];

describe('rebuild progress', () => {
  it('is behind until the new generation reached the ends noted at the start', () => {
    const progress = {
      marks,
      rebuilt: new Map([['zones:0', 8n]]),
      live: new Map(),
      committed: new Map(),
    };
    expect(partitionsBehind(progress)).toEqual(['zones:0']);
    expect(partitionsBehind({ ...progress, rebuilt: new Map([['zones:0', 9n]]) })).toEqual([]);
  });

  it('counts a partition whose last record is a transaction marker as reached once its group committed past it', () => {
    const progress = {
      marks,
      rebuilt: new Map([['zones:0', 8n]]),
      live: new Map(),
      committed: new Map([['zones:0', 10n]]),
    };
    expect(partitionsBehind(progress)).toEqual([]);
  });

  it('is behind while the current generation has applied more than the new one', () => {
    const rebuilt = new Map([
      ['zones:0', 9n],
      ['zones:1', 2n],
    ]);
    const live = new Map([
      ['zones:0', 14n],
      ['zones:1', 2n],
      ['zones:2', -1n],
    ]);
    expect(partitionsBehind({ marks, rebuilt, live, committed: new Map() })).toEqual(['zones:0']);
  });
});
