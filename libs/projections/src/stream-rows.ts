import { eventContract } from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import type { Projection, ProjectionStatements } from './projection';
import {
  rowsByKeyStatement,
  textArray,
  upsertStatement,
  type ColumnTypes,
  type ColumnValues,
} from './recordset';
import { statementHandlers } from './statement-handlers';

/** A read model's row for one stream (a zone's): what its events made of it, up to a version. */
export interface StreamRow {
  readonly streamVersion: number;
}

/** How a read model of one row per stream folds events into its rows: pure, no I/O. */
export interface StreamRowFold<Row extends StreamRow> {
  /** The key of the row an event changes: its stream's (a zone's id, from the subject). */
  keyOf(event: ConsumedEvent): string;
  /**
   * The row after `event`, at `streamVersion`, from the row before it (undefined: none yet);
   * undefined when the event changes nothing, so that no row is written.
   */
  next(
    row: Row | undefined,
    event: ConsumedEvent,
    key: string,
    streamVersion: number,
  ): Row | undefined;
}

/**
 * A fold and the table it is kept in, one row per key: the statements that read and write the
 * rows are made from it.
 */
export interface StreamRowModel<Row extends StreamRow, Columns extends object>
  extends StreamRowFold<Row> {
  /** The read model's table, by the name queries use (`zone_view`). */
  readonly table: string;
  /** Its key column, holding what `keyOf` gives. */
  readonly key: string;
  /** The columns a row is written with, the key's included, and their SQL types. */
  readonly columns: ColumnTypes;
  /** The columns read back to make a row, besides the key. Default: every column written. */
  readonly readColumns?: readonly string[];
  /** A row from its columns as read (`readColumns` and the key). */
  rowOf(columns: Columns): Row;
  /** A row's columns to write (those of `columns`). */
  columnsOf(key: string, row: Row): ColumnValues;
}

/**
 * The id of the aggregate an event is about: the relay makes its subject the event's stream,
 * `<aggregate>-<id>`, the aggregate being its contract's (`zone-<zone id>`).
 */
export function aggregateIdOf(event: ConsumedEvent): string {
  const { aggregate } = eventContract(event.cloudEvent.type);
  return event.cloudEvent.subject.slice(aggregate.length + 1);
}

/** An event's version on its stream: the `streamversion` extension the relay sets. */
export function streamVersionOf(event: ConsumedEvent): number {
  return Number(event.cloudEvent.extensions?.streamversion ?? 0);
}

/** What a read model of one row per stream is made of: its fold, and its projection's handlers. */
export interface StreamRows<Row extends StreamRow> {
  /**
   * The rows `events` change, folded in order onto `rows` (their rows before them, absent for keys
   * that have none yet). An event at or below its row's stream version was applied before (a
   * redelivery, or the event store re-published) and changes nothing, nor does an event the fold
   * makes no row of; so folding a run of events at once has the same effect as folding them one
   * at a time. Pure.
   */
  fold(rows: ReadonlyMap<string, Row>, events: readonly ConsumedEvent[]): Map<string, Row>;
  /**
   * The projection's `statements`, and its `handle` and `handleBatch` made of them
   * (statementHandlers): the batch's rows read with one statement (unlocked, ADR 0021), folded,
   * the changed ones written with one more, however many events. One event is a batch of one.
   */
  readonly handlers: Required<Pick<Projection, 'handle' | 'handleBatch'>> & {
    readonly statements: Required<ProjectionStatements>;
  };
}

/** The fold and handlers of a read model of one row per stream. */
export function streamRows<Row extends StreamRow, Columns extends object>(
  model: StreamRowModel<Row, Columns>,
): StreamRows<Row> {
  const { table, key, columns } = model;
  const readColumns = model.readColumns ?? Object.keys(columns).filter((name) => name !== key);
  const fold = (rows: ReadonlyMap<string, Row>, events: readonly ConsumedEvent[]) =>
    foldStreamRows(model, rows, events);
  const keysOf = (events: readonly ConsumedEvent[]) => [...new Set(events.map(model.keyOf))];
  const rowsOf = (read: readonly object[]) =>
    new Map(
      read.map((columns) => [
        String((columns as Record<string, unknown>)[key]),
        model.rowOf(columns as Columns),
      ]),
    );
  const written = (rows: ReadonlyMap<string, Row>) =>
    [...rows].map(([rowKey, row]) => model.columnsOf(rowKey, row));
  const statements: Required<ProjectionStatements> = {
    read: (events, source, literal) =>
      rowsByKeyStatement(source(table), key, readColumns, textArray(keysOf(events), literal)),
    readNeeded: (events) => !startsEveryStream(events, model.keyOf),
    write(events, read, context, literal) {
      const changed = fold(rowsOf(read), events);
      if (changed.size === 0) return undefined;
      const records = literal(JSON.stringify(written(changed)));
      // A row is only ever replaced by a later version of it: written without its row read (a
      // stream's first event, readNeeded), a redelivered event leaves the row as it is.
      return upsertStatement(context.table(table), key, columns, records, STREAM_VERSION);
    },
  };
  return { fold, handlers: { ...statementHandlers(statements), statements } };
}

// The column a row's stream version is written to (`columnsOf` gives it).
const STREAM_VERSION = 'stream_version';

/**
 * Whether each stream's first event among `events` (`keyOf` naming its stream) is the stream's
 * first of all (version 1), so that folding them needs nothing read: every stream starts from
 * nothing (ProjectionStatements.readNeeded). For streamRows, a stream that has a row after all
 * (its events redelivered, or re-published by the event store) keeps it, being at least at the
 * version written (upsertStatement's `newerBy`).
 */
export function startsEveryStream(
  events: readonly ConsumedEvent[],
  keyOf: (event: ConsumedEvent) => string,
): boolean {
  const seen = new Set<string>();
  for (const event of events) {
    const key = keyOf(event);
    if (seen.has(key)) continue;
    if (streamVersionOf(event) !== 1) return false;
    seen.add(key);
  }
  return true;
}

function foldStreamRows<Row extends StreamRow>(
  fold: StreamRowFold<Row>,
  rows: ReadonlyMap<string, Row>,
  events: readonly ConsumedEvent[],
): Map<string, Row> {
  const current = new Map(rows);
  const changed = new Map<string, Row>();
  for (const event of events) {
    const key = fold.keyOf(event);
    const streamVersion = streamVersionOf(event);
    const row = current.get(key);
    if (row && row.streamVersion >= streamVersion) continue;
    const next = fold.next(row, event, key, streamVersion);
    if (!next) continue;
    current.set(key, next);
    changed.set(key, next);
  }
  return changed;
}
