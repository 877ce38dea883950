import { ProblemError } from '../problems/problem-error';

/** The service hosts no projection of that name. */
export class UnknownProjectionError extends ProblemError {
  readonly code = 'PROJECTIONS.UNKNOWN';
  readonly status = 404;

  constructor(
    readonly projection: string,
    readonly hosted: readonly string[],
  ) {
    super(`this service hosts no projection ${projection} (it hosts: ${hosted.join(', ')})`);
  }
}

/** A rebuild of the projection this replica started is still running. */
export class ProjectionRebuildRunningError extends ProblemError {
  readonly code = 'PROJECTIONS.REBUILD_RUNNING';
  readonly status = 409;

  constructor(readonly projection: string) {
    super(`projection ${projection} is being rebuilt already; follow its latest rebuild`);
  }
}

/** This replica started no rebuild of the projection (since it started). */
export class NoRebuildError extends ProblemError {
  readonly code = 'PROJECTIONS.NO_REBUILD';
  readonly status = 404;

  constructor(readonly projection: string) {
    super(`this replica started no rebuild of projection ${projection}`);
  }
}

/** The service is shutting down: it starts no new work. */
export class ServiceStoppingError extends ProblemError {
  readonly code = 'SERVICE.STOPPING';
  readonly status = 503;

  constructor() {
    super('the service is stopping; ask another replica');
  }
}
