/**
 * An error that knows how it is shown over HTTP: the problem filter renders it as
 * application/problem+json with its stable `code`, its `status` and its message as `detail`.
 */
export abstract class ProblemError extends Error {
  /** Stable, dotted, upper-case identifier of this kind of problem, e.g. `ZONE.ALREADY_MERGED`. */
  abstract readonly code: string;
  abstract readonly status: number;
  /** Short summary, the same for every occurrence; derived from `code` when not given. */
  readonly title?: string;

  constructor(detail: string) {
    super(detail);
    this.name = new.target.name;
  }

  /** Extra members of the problem document (RFC 9457 extensions), e.g. the current version. */
  extensions(): Readonly<Record<string, unknown>> {
    return {};
  }
}

/** The statuses a domain rule can answer with: not found, conflict, or a broken business rule. */
export type DomainErrorStatus = 404 | 409 | 422;

/**
 * Base of services' typed domain errors. A rule violation is 422 unless the subclass says 404
 * (the zone, policy or round does not exist) or 409 (the state changed under the caller).
 */
export abstract class DomainError extends ProblemError {
  readonly status: DomainErrorStatus = 422;
}

/** The version the caller expected is not the current one (If-Match or an append's expected version). */
export class ConcurrencyConflictError extends DomainError {
  readonly code = 'CONCURRENCY.CONFLICT';
  override readonly status = 409;

  constructor(
    detail: string,
    readonly currentVersion?: number,
  ) {
    super(detail);
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return this.currentVersion === undefined ? {} : { currentVersion: this.currentVersion };
  }
}
