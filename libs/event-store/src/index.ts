export { PostgresEventStore, type EventStoreOptions } from './event-store';
export { AppendAnnouncements, EVENTS_APPENDED_CHANNEL } from './append-announcements';
export {
  AnnounceAppends1796400000000,
  CreateEventStore1764400000000,
  eventStoreDdl,
  StopAnnouncingAppendsByTrigger1796600000000,
} from './event-store.migration';
export {
  IdempotencyKeyReusedError,
  InvalidAppendError,
  RowsAlongsideConflictError,
  WrongExpectedVersionError,
} from './errors';
export { defaultStreamType } from './append.plan';
export {
  ANY,
  NO_STREAM,
  type AppendOptions,
  type AppendResult,
  type DomainEvent,
  type EventMetadata,
  type ExpectedVersion,
  type GlobalCheckpoint,
  type MultiStreamAppendResult,
  type NewEvent,
  type Queryable,
  type ReadAllResult,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
  type RowsAlongside,
  type SingleStreamAppendOptions,
  type StreamAppend,
} from './types';
