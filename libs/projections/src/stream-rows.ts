import { eventContract } from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import type { EntityManager } from 'typeorm';
import type { Projection, ProjectionContext } from './projection';

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

/** A fold and the table it is kept in. */
export interface StreamRowModel<Row extends StreamRow> extends StreamRowFold<Row> {
  /** The rows held for `keys` (at most one each), locked until the transaction ends. */
  lockRows(
    manager: EntityManager,
    context: ProjectionContext,
    keys: readonly string[],
  ): Promise<ReadonlyMap<string, Row>>;
  /** Inserts or replaces the rows, by key, with one statement however many. */
  saveRows(
    manager: EntityManager,
    context: ProjectionContext,
    rows: ReadonlyMap<string, Row>,
  ): Promise<void>;
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
   * The projection's `handle` and `handleBatch`: the batch's rows locked and read with one
   * statement, folded in memory, the changed ones written with one more, however many events.
   * One event is a batch of one.
   */
  readonly handlers: Required<Pick<Projection, 'handle' | 'handleBatch'>>;
}

/** The fold and handlers of a read model of one row per stream. */
export function streamRows<Row extends StreamRow>(model: StreamRowModel<Row>): StreamRows<Row> {
  const fold = (rows: ReadonlyMap<string, Row>, events: readonly ConsumedEvent[]) =>
    foldStreamRows(model, rows, events);
  const apply = async (
    events: readonly ConsumedEvent[],
    manager: EntityManager,
    context: ProjectionContext,
  ): Promise<void> => {
    const rows = await model.lockRows(manager, context, [...new Set(events.map(model.keyOf))]);
    const changed = fold(rows, events);
    if (changed.size > 0) await model.saveRows(manager, context, changed);
  };
  return {
    fold,
    handlers: {
      handle: (event, manager, context) => apply([event], manager, context),
      handleBatch: apply,
    },
  };
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
