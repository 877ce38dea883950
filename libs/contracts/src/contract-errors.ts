/** A failure of the event contracts, with a stable code for logs, dead letters and problem+json. */
export abstract class ContractError extends Error {
  abstract readonly code: string;
}

/** No contract is registered for this CloudEvents type (or domain event type). */
export class UnknownEventTypeError extends ContractError {
  readonly code = 'CONTRACTS.UNKNOWN_EVENT_TYPE';

  constructor(readonly eventType: string) {
    super(`no event contract is registered for ${eventType}`);
    this.name = 'UnknownEventTypeError';
  }
}

/** Event data does not fit its contract: JSON that is not the message's proto JSON, or bytes that are not its binary. */
export class MalformedEventDataError extends ContractError {
  readonly code = 'CONTRACTS.MALFORMED_EVENT_DATA';

  constructor(
    readonly ceType: string,
    readonly form: 'json' | 'binary',
    cause: unknown,
  ) {
    super(`${ceType}: event data is not valid ${form} for the contract: ${messageOf(cause)}`, {
      cause,
    });
    this.name = 'MalformedEventDataError';
  }
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
