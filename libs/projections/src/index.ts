export { isTransientDatabaseError } from './transient-database-error';
export {
  generationTable,
  projectionContext,
  type Literal,
  type Projection,
  type ProjectionContext,
  type ProjectionStatements,
} from './projection';
export {
  CreateProjectionCheckpoints1764500000000,
  projectionCheckpointsDdl,
} from './projection-checkpoints.migration';
export {
  ProjectionNotInstalledError,
  ProjectionRebuildConflictError,
  UnknownProjectionTableError,
} from './projection-errors';
export { installProjection } from './projection-generations';
export {
  rebuildGroup,
  rebuildProjection,
  type RebuildProjectionOptions,
  type RebuildReport,
} from './projection-rebuild';
export {
  DEFAULT_MAX_BATCH_SIZE,
  ProjectionRunner,
  type ProjectionCounters,
  type ProjectionLag,
  type ProjectionRunnerOptions,
} from './projection-runner';
export type { PartitionMark } from './rebuild-progress';
export {
  insertNewRecordsStatement,
  recordset,
  rowsByKeyStatement,
  textArray,
  type ColumnTypes,
  type ColumnValues,
} from './recordset';
export { statementHandlers } from './statement-handlers';
export {
  aggregateIdOf,
  startsEveryStream,
  streamRows,
  streamVersionOf,
  type StreamRow,
  type StreamRowFold,
  type StreamRowModel,
  type StreamRows,
} from './stream-rows';
