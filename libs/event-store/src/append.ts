import { createHash } from 'node:crypto';
import {
  DatabaseError,
  type Pool,
  type PoolClient,
  type QueryConfig,
  type QueryResult,
  type QueryResultRow,
} from 'pg';
import type { AppendPlan, PreparedEvent } from './append.plan';
import { appendParameters, appendStatement, type IdempotencyClaim } from './append.statement';
import {
  InvalidAppendError,
  RowsAlongsideConflictError,
  WrongExpectedVersionError,
} from './errors';
import type { EventStoreTables } from './event-store.tables';
import { firstVersionConflict } from './expected-version';
import { replayAppend } from './idempotency';
import type { Queryable, RecordedEvent, RowsAlongside } from './types';

/** What an append (or its idempotent replay) produced, for every stream it touched. */
export interface AppendOutcome {
  readonly streams: { streamId: string; nextExpectedVersion: number }[];
  readonly events: RecordedEvent[];
  readonly replayed: boolean;
}

interface AppendRow {
  claimed: boolean;
  position: string | null;
  transaction_id: string;
  event_id: string;
  stream_type: string;
  stream_version: number;
  recorded_at: Date;
}

/** How an append is bracketed: its own transaction, a savepoint in the caller's, or nothing. */
interface Boundary {
  readonly begin?: string;
  readonly commit?: string;
  readonly undo?: string;
}

const OWN_TRANSACTION: Boundary = { begin: 'begin', commit: 'commit', undo: 'rollback' };
const SAVEPOINT: Boundary = {
  begin: 'savepoint event_store_append',
  commit: 'release savepoint event_store_append',
  undo: 'rollback to savepoint event_store_append',
};
const STATEMENT_ONLY: Boundary = {};

/** A prepared statement: its text, and the name under which each connection plans it once. */
interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/**
 * A statement named after a digest of its text (which holds the schema): one name per text, and
 * short, since PostgreSQL cuts names at 63 bytes and two names cut alike collide on a connection.
 */
function named(text: string): NamedStatement {
  return {
    name: `event-store.append.${createHash('sha256').update(text).digest('hex').slice(0, 24)}`,
    text,
  };
}

/**
 * Runs the prepared append statements of one schema, named so each connection plans them once:
 * the plain append, and one per shape of rows alongside (table and columns).
 */
export class Appender {
  private readonly plain: NamedStatement;
  private readonly withRows = new Map<string, NamedStatement>();

  constructor(
    private readonly pool: Pool,
    private readonly tables: EventStoreTables,
    private readonly schema: string | undefined,
  ) {
    this.plain = named(appendStatement(tables, schema));
  }

  /**
   * Appends all of the plan or nothing, and the rows alongside with it; throws
   * WrongExpectedVersionError on a conflict, RowsAlongsideConflictError when a row clashes.
   */
  async append(
    plan: AppendPlan,
    claim: IdempotencyClaim | null,
    transaction?: Queryable,
    alongside?: RowsAlongside,
  ): Promise<AppendOutcome> {
    // Without a key and with one stream, a conflict writes nothing: the statement is enough, and
    // it is one, rows alongside and all. Otherwise a claimed key or a bumped stream may need
    // undoing when another stream conflicts; in a caller's transaction so may a clashing row.
    const undoable = claim !== null || plan.streams.length > 1;
    if (transaction) {
      if (!opensUnused(transaction)) await expectNoWritesYet(transaction);
      const boundary = undoable || alongside ? SAVEPOINT : STATEMENT_ONLY;
      return this.attempt(transaction, plan, claim, boundary, alongside);
    }
    if (!undoable) return this.attempt(this.pool, plan, claim, STATEMENT_ONLY, alongside);
    const client = await this.pool.connect();
    let reusable = true;
    try {
      return await this.attempt(client, plan, claim, OWN_TRANSACTION, alongside);
    } catch (error) {
      if (
        !(error instanceof WrongExpectedVersionError || error instanceof RowsAlongsideConflictError)
      )
        reusable = await rolledBack(client);
      throw error;
    } finally {
      client.release(!reusable);
    }
  }

  private async attempt(
    db: Queryable,
    plan: AppendPlan,
    claim: IdempotencyClaim | null,
    boundary: Boundary,
    alongside?: RowsAlongside,
  ): Promise<AppendOutcome> {
    if (boundary.begin) await db.query(boundary.begin);
    const { rows } = await this.run(db, plan, claim, boundary, alongside);
    if (rows[0].position !== null) {
      if (boundary.commit) await db.query(boundary.commit);
      return appended(plan, rows);
    }
    // Nothing appended. A key held by an earlier append: give its result back. Otherwise a
    // stream's version did not match (our own claim, if any, is undone with the rest).
    if (claim && !rows[0].claimed) {
      if (boundary.undo) await db.query(boundary.undo);
      return replayAppend(db, this.tables, claim);
    }
    // Undo first: inside the transaction the streams bumped before the conflict look moved on.
    if (boundary.undo) await db.query(boundary.undo);
    throw await this.conflict(db, plan);
  }

  // A row alongside that clashes fails the statement: undone (when there is a transaction to
  // undo it in), it is the caller's to tell what clashed.
  private async run(
    db: Queryable,
    plan: AppendPlan,
    claim: IdempotencyClaim | null,
    boundary: Boundary,
    alongside?: RowsAlongside,
  ): Promise<QueryResult<AppendRow>> {
    const statement = alongside ? this.statementWith(alongside) : this.plain;
    try {
      return await db.query<AppendRow>({
        ...statement,
        values: appendParameters(plan, claim, this.schema, alongside),
      });
    } catch (error) {
      if (!alongside || !clashedIn(error, alongside.table)) throw error;
      if (boundary.undo) await db.query(boundary.undo);
      throw new RowsAlongsideConflictError(alongside.table, error.constraint, error.detail);
    }
  }

  private statementWith(alongside: RowsAlongside): NamedStatement {
    const shape = JSON.stringify([alongside.table, alongside.columns]);
    let statement = this.withRows.get(shape);
    if (!statement) {
      statement = named(appendStatement(this.tables, this.schema, alongside));
      this.withRows.set(shape, statement);
    }
    return statement;
  }

  private async conflict(db: Queryable, plan: AppendPlan): Promise<WrongExpectedVersionError> {
    const { rows } = await db.query<{ stream_id: string; version: number }>(
      `select stream_id, version from ${this.tables.streams} where stream_id = any($1::text[])`,
      [plan.streams.map((stream) => stream.streamId)],
    );
    const versions = new Map(rows.map((row) => [row.stream_id, row.version]));
    const { streamId, expected, actual } = firstVersionConflict(plan.streams, versions);
    return new WrongExpectedVersionError(streamId, expected, actual);
  }
}

/** Rows come back in position order, which is the plan's event order (the insert is ordered). */
function appended(plan: AppendPlan, rows: AppendRow[]): AppendOutcome {
  const events = rows.map((row, index) => recordedEvent(plan.events[index], row));
  const versions = new Map<string, number>();
  for (const event of events) versions.set(event.streamId, event.streamVersion);
  const order = [...new Set(plan.events.map((event) => event.streamId))];
  return {
    streams: order.map((streamId) => ({
      streamId,
      nextExpectedVersion: versions.get(streamId) ?? 0,
    })),
    events,
    replayed: false,
  };
}

/** The appended event: `data` is the caller's object itself, not a copy through JSON. */
function recordedEvent(event: PreparedEvent, row: AppendRow): RecordedEvent {
  return {
    type: event.type,
    data: event.data,
    eventId: row.event_id,
    schemaVersion: event.schemaVersion,
    metadata: event.metadata,
    streamId: event.streamId,
    streamType: row.stream_type,
    streamVersion: row.stream_version,
    position: BigInt(row.position as string),
    transactionId: BigInt(row.transaction_id),
    recordedAt: row.recorded_at,
  };
}

/**
 * A transaction the store opened for its caller (PostgresEventStore.transaction), which tells
 * whether anything has been sent in it since its `begin`: an append that comes first needs no
 * round trip to learn that the transaction has written nothing yet.
 */
export class StoreTransaction implements Queryable {
  private used = false;
  /** Set by the store when an append in it recorded events: announced once it commits. */
  appended = false;

  constructor(private readonly client: Queryable) {}

  /** True until the first statement is sent in it. */
  get unused(): boolean {
    return !this.used;
  }

  query<Row extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<Row>>;
  query<Row extends QueryResultRow = QueryResultRow>(
    config: QueryConfig,
  ): Promise<QueryResult<Row>>;
  query<Row extends QueryResultRow = QueryResultRow>(
    textOrConfig: string | QueryConfig,
    values?: unknown[],
  ): Promise<QueryResult<Row>> {
    this.used = true;
    return typeof textOrConfig === 'string'
      ? this.client.query<Row>(textOrConfig, values)
      : this.client.query<Row>(textOrConfig);
  }
}

function clashedIn(error: unknown, table: string): error is DatabaseError {
  return error instanceof DatabaseError && error.code === '23505' && error.table === table;
}

function opensUnused(transaction: Queryable): boolean {
  return transaction instanceof StoreTransaction && transaction.unused;
}

/**
 * A caller's transaction must append before it writes anything else: a transaction gets its id
 * at its first write, and an id taken before the streams are locked could sort this append
 * before an earlier one to the same stream (see appendStatement). Several streams: use one
 * appendToStreams.
 */
async function expectNoWritesYet(transaction: Queryable): Promise<void> {
  const { rows } = await transaction.query<{ written: boolean }>(
    'select pg_current_xact_id_if_assigned() is not null as written',
  );
  if (rows[0].written) {
    throw new InvalidAppendError(
      'append in a caller’s transaction before any other write in it, and only once (use appendToStreams for several streams)',
    );
  }
}

/** Ends a failed transaction; false when the connection itself is gone and must be discarded. */
/** Rolls back the client's transaction; false when it could not (the connection is unusable). */
export async function rolledBack(client: PoolClient): Promise<boolean> {
  try {
    await client.query('rollback');
    return true;
  } catch {
    return false;
  }
}
