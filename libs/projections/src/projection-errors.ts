/** A projection wrote to a table it does not declare: a rebuild would not switch it. */
export class UnknownProjectionTableError extends Error {
  readonly code = 'PROJECTIONS.UNKNOWN_TABLE';

  constructor(
    readonly projection: string,
    readonly table: string,
  ) {
    super(`projection ${projection} does not declare table ${table}`);
    this.name = 'UnknownProjectionTableError';
  }
}

/** The projection has no generation yet: its runner was never started (nothing to follow or rebuild). */
export class ProjectionNotInstalledError extends Error {
  readonly code = 'PROJECTIONS.NOT_INSTALLED';

  constructor(readonly projection: string) {
    super(`projection ${projection} has no generation; start its runner (or install it) first`);
    this.name = 'ProjectionNotInstalledError';
  }
}

/** Another rebuild of the projection holds the lock, or switched the generation under this one. */
export class ProjectionRebuildConflictError extends Error {
  readonly code = 'PROJECTIONS.REBUILD_CONFLICT';

  constructor(
    readonly projection: string,
    detail: string,
  ) {
    super(`rebuild of projection ${projection}: ${detail}`);
    this.name = 'ProjectionRebuildConflictError';
  }
}
