import type { ConsumedEvent } from '@zoneledger/messaging';
import type { EntityManager } from 'typeorm';
import { UnknownProjectionTableError } from './projection-errors';

/** Where a projection writes while it handles an event: its generation's tables. */
export interface ProjectionContext {
  readonly projection: string;
  readonly generation: number;
  /** The physical table of a read model in this generation: table('zone_view') -> 'zone_view_g2'. */
  table(name: string): string;
}

/**
 * A read model built from events. Queries read each table by its stable name (a view of the
 * current generation); the projection writes only through `context.table(name)`, so a rebuild
 * can fill the next generation while the current one keeps serving.
 */
export interface Projection {
  /** Stable name, e.g. `zone-view`; keys its checkpoints and generations. */
  readonly name: string;
  /** Physical topic names it consumes. */
  readonly topics: readonly string[];
  /** The tables it owns, by the names queries use (`zone_view`). */
  readonly tables: readonly string[];
  /** Creates this projection's tables (and their indexes) for one generation. */
  createTables(manager: EntityManager, context: ProjectionContext): Promise<void>;
  /** Applies one event, in the transaction that also records the checkpoint. */
  handle(event: ConsumedEvent, manager: EntityManager, context: ProjectionContext): Promise<void>;
  /**
   * Optional, for speed: applies consecutive events of one partition (offset order) at once, e.g.
   * with one multi-row statement, in the transaction that also records the checkpoint. It must
   * have the same effect as `handle` on each in turn (several events may touch the same row):
   * when it throws, the runner rolls back and applies the events one by one with `handle`.
   */
  handleBatch?(
    events: readonly ConsumedEvent[],
    manager: EntityManager,
    context: ProjectionContext,
  ): Promise<void>;
  /**
   * Optional, for speed: a batch as SQL text, which the runner sends with its checkpoint's own
   * statements, so that a batch costs two round trips and holds no transaction between them (see
   * atCheckpointInTwoRoundTrips). Used, when present, for every batch and single event; it must
   * have the same effect as `handle`.
   */
  readonly statements?: ProjectionStatements;
}

/** A value as an SQL literal (a simple query takes no parameters): pg's `escapeLiteral`. */
export type Literal = (value: string) => string;

/**
 * A projection's batch as one read and one write, both SQL text with values as literals. The read
 * goes in the round trip that reads the checkpoint; the write in the one that advances it and
 * commits.
 */
export interface ProjectionStatements {
  /**
   * One statement that reads what the events need, without locks: it runs outside a
   * transaction, before the generation is known, so `source(name)` names the table to read, the
   * stable view of the current generation or a rebuild's own table. Every row the statements
   * write must belong to the events' partition (a row per stream: a stream's events share a
   * partition), so that only another writer of the partition could change it meanwhile, and the
   * checkpoint's guard turns that writer away (atCheckpointInTwoRoundTrips). Absent when the
   * writes need nothing read (`write` is then given no rows).
   */
  read?(
    events: readonly ConsumedEvent[],
    source: (table: string) => string,
    literal: Literal,
  ): string;
  /**
   * Whether `write` needs the rows `read` gives for `events` (those past the checkpoint, in
   * order); absent: always, when there is a `read`. A batch that needs none, on a partition whose
   * checkpoint the runner advanced last, is written in one round trip (atKnownCheckpoint), given
   * no rows: `write` must then have the effect it has with the rows read, whatever the table
   * holds (a redelivery, an event re-published).
   */
  readNeeded?(events: readonly ConsumedEvent[]): boolean;
  /**
   * The statements that write the effect of `events` (those past the checkpoint, a subset of
   * those read for) given the rows the read returned, as the driver parsed them; undefined when
   * nothing changes.
   */
  write(
    events: readonly ConsumedEvent[],
    rows: readonly object[],
    context: ProjectionContext,
    literal: Literal,
  ): string | undefined;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;
// Postgres truncates identifiers at 63 bytes; leave room for a `_g<generation>` suffix.
const MAX_TABLE_NAME_LENGTH = 52;

/** A read model's table in one generation. */
export function generationTable(table: string, generation: number): string {
  return `${table}_g${generation}`;
}

/** The context of a projection's generation; asking for a table it does not declare is an error. */
export function projectionContext(projection: Projection, generation: number): ProjectionContext {
  return {
    projection: projection.name,
    generation,
    table(name) {
      if (!projection.tables.includes(name))
        throw new UnknownProjectionTableError(projection.name, name);
      return generationTable(name, generation);
    },
  };
}

/** Between a projection's name and its generation in a checkpoint key. */
export const CHECKPOINT_GENERATION_SEPARATOR = '/g';

/** The checkpoint key of a projection's generation: each generation keeps its own offsets. */
export function checkpointName(projection: string, generation: number): string {
  return `${projection}${CHECKPOINT_GENERATION_SEPARATOR}${generation}`;
}

/** Refuses table names that could not be used unquoted in SQL, before any of them is created. */
export function assertProjectionTables(projection: Projection): void {
  if (projection.tables.length === 0)
    throw new RangeError(`projection ${projection.name} declares no tables`);
  for (const table of projection.tables) {
    if (!TABLE_NAME.test(table) || table.length > MAX_TABLE_NAME_LENGTH) {
      throw new RangeError(
        `projection ${projection.name}: table name "${table}" must be lower-case letters, digits and _ (at most ${MAX_TABLE_NAME_LENGTH})`,
      );
    }
  }
}
