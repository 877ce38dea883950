import { dueForLog, progressLine, startProgress } from './progress';

describe('the progress display', () => {
  it('says what a step does, how far it got and for how long', () => {
    expect(progressLine('Assessments', 'round 2023', 12_400)).toBe('Assessments: round 2023 (12s)');
    expect(progressLine('Policies', '', 900)).toBe('Policies (0s)');
  });

  it('repeats a line in a log only every interval', () => {
    expect(dueForLog(0, 4_999, 5_000)).toBe(false);
    expect(dueForLog(0, 5_000, 5_000)).toBe(true);
  });

  it('rewrites one line on a terminal and clears it at the end', () => {
    const written: string[] = [];
    const task = startProgress(
      { isTTY: true, write: (text) => written.push(text) },
      'Zones',
      undefined,
      () => 0,
    );
    task.update('importing');
    task.end();
    expect(written).toEqual(['\r\x1b[KZones: importing (0s)', '\r\x1b[K']);
  });

  it('writes nothing to a log before the first interval', () => {
    const written: string[] = [];
    const task = startProgress(
      { write: (text) => written.push(text) },
      'Zones',
      undefined,
      () => 0,
    );
    task.update('importing');
    task.end();
    expect(written).toEqual([]);
  });
});
