import { InvalidAppendError } from './errors';
import { ANY, NO_STREAM, type ExpectedVersion } from './types';

/**
 * The expected version as the append statement takes it: null for ANY, 0 for a stream that
 * must not exist yet, otherwise the version the stream must be at.
 */
export function expectedVersionParameter(expected: ExpectedVersion): number | null {
  if (expected === ANY) return null;
  if (expected === NO_STREAM) return 0;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new InvalidAppendError(
      `expected version must be a version >= 0, NO_STREAM or ANY, not ${expected}`,
    );
  }
  return expected;
}

/** Whether a stream at `actual` (0: no events) satisfies the writer's expectation. */
export function satisfiesExpectedVersion(expected: ExpectedVersion, actual: number): boolean {
  const parameter = expectedVersionParameter(expected);
  return parameter === null || parameter === actual;
}

export interface ExpectedStreamVersion {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
}

/**
 * The first stream whose expectation the current versions break. When a racing writer has
 * already moved every stream back into line, the first checked stream is named: the append
 * still lost its race.
 */
export function firstVersionConflict(
  streams: readonly ExpectedStreamVersion[],
  currentVersions: ReadonlyMap<string, number>,
): { streamId: string; expected: ExpectedVersion; actual: number } {
  const actualOf = (streamId: string) => currentVersions.get(streamId) ?? 0;
  const conflict =
    streams.find(
      (stream) => !satisfiesExpectedVersion(stream.expectedVersion, actualOf(stream.streamId)),
    ) ??
    streams.find((stream) => stream.expectedVersion !== ANY) ??
    streams[0];
  return {
    streamId: conflict.streamId,
    expected: conflict.expectedVersion,
    actual: actualOf(conflict.streamId),
  };
}
