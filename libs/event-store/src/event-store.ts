import type { Pool } from 'pg';
import { AppendAnnouncements } from './append-announcements';
import { Appender, rolledBack, StoreTransaction, type AppendOutcome } from './append';
import { planAppend } from './append.plan';
import { readCheckpoint, storeCheckpoint } from './checkpoints';
import { WrongExpectedVersionError } from './errors';
import { eventStoreTables, type EventStoreTables } from './event-store.tables';
import { satisfiesExpectedVersion } from './expected-version';
import { MULTI_STREAM_SCOPE } from './idempotency';
import { countAfter, readAll } from './read-all';
import { readStream } from './read-stream';
import type {
  AppendOptions,
  AppendResult,
  DomainEvent,
  ExpectedVersion,
  GlobalCheckpoint,
  MultiStreamAppendResult,
  NewEvent,
  Queryable,
  ReadAllResult,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  SingleStreamAppendOptions,
  StreamAppend,
} from './types';

export interface EventStoreOptions {
  /** The service's schema; when absent, tables are found on the pool's search_path. */
  readonly schema?: string;
  /**
   * Whether committed appends are announced to other processes with a NOTIFY when no outbox
   * relay leads in this one (AppendAnnouncements). A service's store does; default false.
   */
  readonly announceAcrossProcesses?: boolean;
}

/** A service's event store: its events table is also its outbox. */
export class PostgresEventStore {
  /** The schema holding the store's tables; undefined: the pool's search_path decides. */
  readonly schema: string | undefined;
  /** Tells the outbox relay of every append this store commits (see AppendAnnouncements). */
  readonly announcements: AppendAnnouncements;
  private readonly tables: EventStoreTables;
  private readonly appender: Appender;

  /** `pool`: with TypeORM, `(dataSource.driver as PostgresDriver).master`. */
  constructor(
    private readonly pool: Pool,
    options: EventStoreOptions = {},
  ) {
    this.schema = options.schema;
    this.tables = eventStoreTables(options.schema);
    this.appender = new Appender(pool, this.tables, options.schema);
    this.announcements = new AppendAnnouncements(
      pool,
      options.schema,
      options.announceAcrossProcesses ?? false,
    );
  }

  /** Appends events to one stream if it is at the expected version; else WrongExpectedVersionError. */
  async append<Event extends DomainEvent>(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent<Event>[],
    options: SingleStreamAppendOptions = {},
  ): Promise<AppendResult<Event>> {
    if (events.length === 0)
      return this.expectVersion(streamId, expectedVersion, options.transaction);
    const streams = [{ streamId, streamType: options.streamType, expectedVersion, events }];
    const plan = planAppend(streams, options);
    const claim = options.idempotencyKey
      ? {
          scope: streamId,
          key: options.idempotencyKey,
          fingerprint: options.idempotencyFingerprint,
        }
      : null;
    const outcome = await this.appender.append(
      plan,
      claim,
      options.transaction,
      options.rowsAlongside,
    );
    this.appended(outcome, options.transaction);
    return {
      nextExpectedVersion:
        outcome.streams.find((s) => s.streamId === streamId)?.nextExpectedVersion ?? 0,
      ...eventsOf<Event>(outcome),
    };
  }

  /** Appends to several streams in one transaction, each at its expected version: all or nothing. */
  async appendToStreams<Event extends DomainEvent>(
    streams: readonly StreamAppend<Event>[],
    options: AppendOptions = {},
  ): Promise<MultiStreamAppendResult<Event>> {
    const plan = planAppend(streams, options);
    const claim = options.idempotencyKey
      ? {
          scope: MULTI_STREAM_SCOPE,
          key: options.idempotencyKey,
          fingerprint: options.idempotencyFingerprint,
        }
      : null;
    const outcome = await this.appender.append(
      plan,
      claim,
      options.transaction,
      options.rowsAlongside,
    );
    this.appended(outcome, options.transaction);
    return { streams: outcome.streams, ...eventsOf<Event>(outcome) };
  }

  /**
   * Runs `work` in a transaction on a connection of the store's pool and commits it: for an
   * append (the transaction's first write: pass it as the append's `transaction`) followed by
   * writes that must commit or roll back with the events. A connection whose rollback failed is
   * discarded, not handed back to the pool. Its appends are announced once it commits.
   */
  async transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let reusable = true;
    try {
      await client.query('begin');
      const transaction = new StoreTransaction(client);
      const result = await work(transaction);
      await client.query('commit');
      if (transaction.appended) this.announcements.committed();
      return result;
    } catch (error) {
      reusable = await rolledBack(client);
      throw error;
    } finally {
      client.release(!reusable);
    }
  }

  /** A stream's events in version order; `untilTime` reads it as of that moment. */
  readStream<Event extends DomainEvent = DomainEvent>(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<ReadStreamResult<Event>> {
    return readStream<Event>(this.pool, this.tables, streamId, options);
  }

  /**
   * Up to `limit` events after the checkpoint in gap-safe global order (see read-all.ts); pass a
   * client to read through a session the caller holds.
   */
  readAll<Event extends DomainEvent = DomainEvent>(
    after: GlobalCheckpoint | null,
    limit: number,
    client: Queryable = this.pool,
  ): Promise<ReadAllResult<Event>> {
    return readAll<Event>(client, this.tables, after, limit);
  }

  /** How many committed events lie after the checkpoint (a reader's lag; 0 when caught up). */
  countAfter(after: GlobalCheckpoint | null): Promise<number> {
    return countAfter(this.pool, this.tables, after);
  }

  /** The named reader's stored checkpoint, or null before its first store. */
  readCheckpoint(name: string, client: Queryable = this.pool): Promise<GlobalCheckpoint | null> {
    return readCheckpoint(client, this.tables, name);
  }

  /** Stores the named reader's checkpoint; pass a client to store it inside its transaction. */
  storeCheckpoint(
    name: string,
    checkpoint: GlobalCheckpoint,
    client: Queryable = this.pool,
  ): Promise<void> {
    return storeCheckpoint(client, this.tables, name, checkpoint);
  }

  /**
   * Announces an append that committed: one in its own statement or transaction at once, one in
   * the store's transaction when that commits (a caller's own transaction: the relay's poll).
   */
  private appended(outcome: AppendOutcome, transaction: Queryable | undefined): void {
    if (outcome.replayed || outcome.events.length === 0) return;
    if (!transaction) this.announcements.committed();
    else if (transaction instanceof StoreTransaction) transaction.appended = true;
  }

  /** An append of nothing only checks the expectation; it writes nothing and takes no key. */
  private async expectVersion<Event extends DomainEvent>(
    streamId: string,
    expected: ExpectedVersion,
    db: Queryable = this.pool,
  ): Promise<AppendResult<Event>> {
    const { rows } = await db.query<{ version: number }>(
      `select version from ${this.tables.streams} where stream_id = $1`,
      [streamId],
    );
    const actual = rows[0]?.version ?? 0;
    if (!satisfiesExpectedVersion(expected, actual))
      throw new WrongExpectedVersionError(streamId, expected, actual);
    return { nextExpectedVersion: actual, events: [], replayed: false };
  }
}

function eventsOf<Event extends DomainEvent>(outcome: AppendOutcome) {
  const events = outcome.events as RecordedEvent<Event>[];
  const last = events[events.length - 1];
  return { events, replayed: outcome.replayed, ...(last ? { lastPosition: last.position } : {}) };
}
