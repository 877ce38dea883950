import { InvalidAppendError } from './errors';
import {
  expectedVersionParameter,
  firstVersionConflict,
  satisfiesExpectedVersion,
} from './expected-version';
import { ANY, NO_STREAM } from './types';

describe('expected versions', () => {
  it('passes ANY as null, NO_STREAM as 0 and a version as itself', () => {
    expect(expectedVersionParameter(ANY)).toBeNull();
    expect(expectedVersionParameter(NO_STREAM)).toBe(0);
    expect(expectedVersionParameter(7)).toBe(7);
  });

  it('rejects versions that no stream can have', () => {
    expect(() => expectedVersionParameter(-1)).toThrow(InvalidAppendError);
    expect(() => expectedVersionParameter(1.5)).toThrow(InvalidAppendError);
  });

  it('lets ANY match every stream, NO_STREAM and 0 only a stream without events', () => {
    expect(satisfiesExpectedVersion(ANY, 0)).toBe(true);
    expect(satisfiesExpectedVersion(ANY, 12)).toBe(true);
    expect(satisfiesExpectedVersion(NO_STREAM, 0)).toBe(true);
    expect(satisfiesExpectedVersion(0, 0)).toBe(true);
    expect(satisfiesExpectedVersion(NO_STREAM, 1)).toBe(false);
    expect(satisfiesExpectedVersion(3, 3)).toBe(true);
    expect(satisfiesExpectedVersion(3, 4)).toBe(false);
  });

  it('names the first stream whose expectation the current versions break', () => {
    const conflict = firstVersionConflict(
      [
        { streamId: 'zone-a', expectedVersion: 2 },
        { streamId: 'zone-b', expectedVersion: NO_STREAM },
        { streamId: 'zone-c', expectedVersion: 5 },
      ],
      new Map([
        ['zone-a', 2],
        ['zone-b', 1],
        ['zone-c', 6],
      ]),
    );
    expect(conflict).toEqual({ streamId: 'zone-b', expected: NO_STREAM, actual: 1 });
  });

  it('reports a missing stream as version 0, and a lost race on the first checked stream', () => {
    expect(firstVersionConflict([{ streamId: 'zone-a', expectedVersion: 3 }], new Map())).toEqual({
      streamId: 'zone-a',
      expected: 3,
      actual: 0,
    });
    const streams = [
      { streamId: 'zone-a', expectedVersion: ANY },
      { streamId: 'zone-b', expectedVersion: 1 },
    ];
    expect(firstVersionConflict(streams, new Map([['zone-b', 1]]))).toEqual({
      streamId: 'zone-b',
      expected: 1,
      actual: 1,
    });
  });
});
