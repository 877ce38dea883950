import type { QueryConfig, QueryResult, QueryResultRow } from 'pg';

/** The stream must not exist yet (it has no events). */
export const NO_STREAM = 'no_stream' as const;
/** No concurrency check: append after whatever the stream holds. */
export const ANY = 'any' as const;

/**
 * What the writer believes the stream's version is: a version number (the version of its last
 * event; 0 means no events, like NO_STREAM), NO_STREAM, or ANY.
 */
export type ExpectedVersion = number | typeof NO_STREAM | typeof ANY;

/** A domain event as deciders produce it: a discriminated union member. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Who and what caused an event; free fields are kept as given. */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor?: string;
  readonly [field: string]: unknown;
}

/** An event to append; the store fills in what is missing. */
export type NewEvent<Event extends DomainEvent = DomainEvent> = Event & {
  /** UUID; a new time-ordered v7 one when absent. */
  readonly eventId?: string;
  /** Version of the event's data shape; 1 when absent. */
  readonly schemaVersion?: number;
  /** Merged over the append's metadata. */
  readonly metadata?: EventMetadata;
};

/** An event as the store holds it. */
export type RecordedEvent<Event extends DomainEvent = DomainEvent> = Event & {
  readonly eventId: string;
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
  readonly streamId: string;
  readonly streamType: string;
  /** 1 for the stream's first event. */
  readonly streamVersion: number;
  /** Global position: unique and increasing in insert order, but committed out of order. */
  readonly position: bigint;
  /** The appending transaction's id (xid8): with position, the gap-safe global order. */
  readonly transactionId: bigint;
  readonly recordedAt: Date;
};

/** A place in the global order: the last event a reader has handled. */
export interface GlobalCheckpoint {
  readonly transactionId: bigint;
  readonly position: bigint;
}

export interface AppendOptions {
  /** Same key, same scope (the stream, or the whole multi-stream append): first result, no append. */
  readonly idempotencyKey?: string;
  /**
   * What the request behind the key was (e.g. a digest of its method, path and body): a later
   * append with the same key and another fingerprint is refused (IdempotencyKeyReusedError).
   */
  readonly idempotencyFingerprint?: string;
  /** Applied to every event (correlation id, causation id, actor, free fields). */
  readonly metadata?: EventMetadata;
  /**
   * A client in the caller's open transaction: the events commit (or roll back) with the
   * caller's other writes. A conflict still leaves that transaction usable.
   */
  readonly transaction?: Queryable;
  /**
   * Rows the append statement inserts itself, only when it appends the events: a write that must
   * commit with them (a claim on a unique name) at no round trip of its own. A row that violates
   * a unique constraint fails the whole append, nothing written (RowsAlongsideConflictError).
   */
  readonly rowsAlongside?: RowsAlongside;
}

/** New rows for one table of the store's schema, inserted by an append with its events. */
export interface RowsAlongside {
  /** The table's name (unqualified: the store's schema, or the pool's search_path). */
  readonly table: string;
  /** Its columns with their PostgreSQL types, in the order of each row's values. */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** The rows, each one value per column. */
  readonly rows: readonly (readonly unknown[])[];
}

export interface SingleStreamAppendOptions extends AppendOptions {
  /** The aggregate kind; defaults to the stream id's prefix before the first '-'. */
  readonly streamType?: string;
}

export interface AppendResult<Event extends DomainEvent = DomainEvent> {
  /** The stream's version after the append: the expected version of the next one. */
  readonly nextExpectedVersion: number;
  /** Global position of the last appended event; absent when nothing was appended. */
  readonly lastPosition?: bigint;
  /** The appended events (their `data` is the object passed in; a replay reads them back). */
  readonly events: RecordedEvent<Event>[];
  /** True when an earlier append with the same idempotency key answered. */
  readonly replayed: boolean;
}

/** One stream's part of an atomic multi-stream append. */
export interface StreamAppend<Event extends DomainEvent = DomainEvent> {
  readonly streamId: string;
  readonly streamType?: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly NewEvent<Event>[];
}

export interface MultiStreamAppendResult<Event extends DomainEvent = DomainEvent> {
  /** Each stream's version after the append, in the order given. */
  readonly streams: { readonly streamId: string; readonly nextExpectedVersion: number }[];
  readonly lastPosition?: bigint;
  /** All appended events in global order. */
  readonly events: RecordedEvent<Event>[];
  readonly replayed: boolean;
}

export interface ReadStreamOptions {
  readonly fromVersion?: number;
  readonly toVersion?: number;
  /** "As of": only events recorded at or before this moment. */
  readonly untilTime?: Date;
}

export interface ReadStreamResult<Event extends DomainEvent = DomainEvent> {
  /** The stream's version at the read's upper bound (0: no events): expect it when appending. */
  readonly version: number;
  readonly events: RecordedEvent<Event>[];
}

export interface ReadAllResult<Event extends DomainEvent = DomainEvent> {
  readonly events: RecordedEvent<Event>[];
  /** The last event read, or the checkpoint given when nothing new was committed. */
  readonly checkpoint: GlobalCheckpoint | null;
}

/** A pg Pool, or a client (possibly inside a caller's transaction). */
export interface Queryable {
  query<Row extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<Row>>;
  query<Row extends QueryResultRow = QueryResultRow>(
    config: QueryConfig,
  ): Promise<QueryResult<Row>>;
}
