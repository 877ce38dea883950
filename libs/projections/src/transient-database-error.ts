// SQLSTATEs that say nothing about the event: the connection, the server's state, or a
// concurrent transaction. Retrying later succeeds.
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '57']; // connection, resources, operator intervention
const TRANSIENT_SQLSTATES = ['40001', '40P01', '55P03']; // serialization, deadlock, lock not available
const TRANSIENT_SOCKET_ERRORS = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
];
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (is )?closed/i,
  // node-postgres, on a query sent to a client whose connection was already lost
  /not queryable/i,
];
// TypeORM releases a query runner whose connection was lost; its next query then fails so.
const TRANSIENT_ERROR_NAMES = ['QueryRunnerAlreadyReleasedError'];

/**
 * A database failure that will pass (an outage, a deadlock): a projection waits it out instead
 * of dead-lettering every event that arrives meanwhile. TypeORM copies the driver's code onto
 * its QueryFailedError, so both are recognised.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TRANSIENT_SQLSTATES.includes(code) || TRANSIENT_SOCKET_ERRORS.includes(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2)))
      return true;
  }
  if (TRANSIENT_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  if (TRANSIENT_ERROR_NAMES.includes(error.name)) return true;
  return (
    error.cause !== undefined && error.cause !== error && isTransientDatabaseError(error.cause)
  );
}
