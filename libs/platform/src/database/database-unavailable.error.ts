import { ProblemError } from '../problems/problem-error';

/**
 * The database connection a request used was lost (a failover, a restart) or none could be had.
 * Nothing half-done remains: the request's transaction rolled back, or committed whole if the
 * commit reached the server before the connection went. A retry with the same Idempotency-Key
 * records the command once and answers its first result either way.
 */
export class DatabaseUnavailableError extends ProblemError {
  readonly code = 'DATABASE.UNAVAILABLE';
  readonly status = 503;
  override readonly title = 'Database unavailable';

  constructor() {
    super(
      'The database connection was lost while handling the request; retry it (with the same Idempotency-Key for a command)',
    );
  }
}
