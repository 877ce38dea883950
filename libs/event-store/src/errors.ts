import type { ExpectedVersion } from './types';

/** The stream moved on since the writer read it: reload, decide again, or report a conflict. */
export class WrongExpectedVersionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_VERSION';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's version when the conflict was seen (0: the stream has no events). */
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, but it is at ${actual}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** The append itself is malformed (a programming error, not a conflict). */
export class InvalidAppendError extends Error {
  readonly code = 'EVENT_STORE.INVALID_APPEND';

  constructor(detail: string) {
    super(detail);
    this.name = 'InvalidAppendError';
  }
}

/**
 * The idempotency key was first used for a different request (its fingerprint differs): the
 * second request is neither appended nor answered with the first one's result.
 */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'EVENT_STORE.IDEMPOTENCY_KEY_REUSED';

  constructor(readonly key: string) {
    super(`idempotency key ${key} was used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/**
 * A row the append was to insert alongside its events (AppendOptions.rowsAlongside) clashed with
 * one already there on a unique constraint: nothing was appended.
 */
export class RowsAlongsideConflictError extends Error {
  readonly code = 'EVENT_STORE.ROWS_ALONGSIDE_CONFLICT';

  constructor(
    readonly table: string,
    /** The constraint violated, and PostgreSQL's detail naming the clashing key. */
    readonly constraint: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(
      `a row alongside the append clashed in ${table}: ${detail ?? constraint ?? 'unique violation'}`,
    );
    this.name = 'RowsAlongsideConflictError';
  }
}
