import type { PoolClient, QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { CHECKPOINT_GENERATION_SEPARATOR, checkpointName } from './projection';
import { NO_CHECKPOINT } from './projection-checkpoints';
import { ProjectionNotInstalledError } from './projection-errors';

/** The partition whose checkpoint a transaction holds, in a projection's generation. */
export interface CheckpointTarget {
  readonly projection: string;
  /** A fixed generation (a rebuild's); undefined: the current one, under its share lock. */
  readonly generation?: number;
  readonly topic: string;
  readonly partition: number;
}

/** What the transaction holds once open. */
export interface HeldCheckpoint {
  /** The projection's statements go through it, in the transaction. */
  readonly manager: EntityManager;
  readonly generation: number;
  /** The offset applied last in that generation; NO_CHECKPOINT when none. */
  readonly applied: bigint;
  /** The rows the `read` statement returned, read after the locks were taken; empty without one. */
  readonly read: readonly Record<string, unknown>[];
}

/** What the work did: its result, and the offset to advance the checkpoint to (none: leave it). */
export interface CheckpointWork<T> {
  readonly result: T;
  readonly appliedUpTo?: string;
  /** Statements (values as literals) to run before the checkpoint advances, in its round trip. */
  readonly write?: string;
}

/** Statements (values as literals) sent with the transaction's opening, after its locks. */
export interface CheckpointReads {
  readonly read?: string;
}

/**
 * Runs a projection's work on one partition in a transaction that holds the partition's
 * checkpoint, with the bookkeeping folded into two round trips: one simple query opens the
 * transaction, takes the generation's share lock and locks the checkpoint row; another advances
 * the checkpoint and commits. Each round trip is a wait behind whatever else the service's event
 * loop is doing, and two socket writes. A projection that reads once and writes once through the
 * manager costs four (it was seven: `begin`, the generation, the checkpoint, read, write, the
 * checkpoint, `commit`); one whose read rides with the opening (`reads.read`) and whose write
 * rides with the closing (`write`) costs two. A simple query takes no parameters, so the values
 * go as literals quoted by the driver. An error rolls the transaction back; the connection goes
 * back to the pool.
 */
export async function inCheckpointTransaction<T>(
  dataSource: DataSource,
  target: CheckpointTarget,
  work: (held: HeldCheckpoint) => Promise<CheckpointWork<T>>,
  reads: CheckpointReads = {},
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  const quote = (value: string | number) => client.escapeLiteral(String(value));
  try {
    const opening = openingStatements(quote, target);
    const opened = await simpleQuery(client, reads.read ? `${opening};\n${reads.read}` : opening);
    // As if TypeORM had begun it: a transaction the work asks for inside it is a savepoint.
    Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
    // `begin`, the checkpoint's lock, and the read if any.
    const row = opened[1]?.rows[0] as { offset: string; generation: number } | undefined;
    if (!row) throw new ProjectionNotInstalledError(target.projection);
    const generation = target.generation ?? row.generation;
    const { result, appliedUpTo, write } = await work({
      manager: runner.manager,
      generation,
      applied: BigInt(row.offset),
      read: reads.read ? (opened[2]?.rows ?? []) : [],
    });
    const checkpoint = checkpointName(target.projection, generation);
    const closing = closingStatements(quote, checkpoint, target, appliedUpTo);
    await simpleQuery(client, write ? `${write};\n${closing}` : closing);
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
    await runner.release();
  }
}

type Quote = (value: string | number) => string;

/**
 * `begin`, then the checkpoint row's lock (created empty when missing), which serialises every
 * writer of the partition in the generation: two runners (a rebalance, a rebuild handing over)
 * never apply the same offset twice. Following the current generation, the same statement first
 * takes the generation row's share lock (see currentGeneration): a switch waits for this
 * transaction, and this one for a switch in progress, then sees the new generation.
 */
function openingStatements(quote: Quote, target: CheckpointTarget): string {
  const { projection, generation, topic, partition } = target;
  if (!Number.isSafeInteger(partition)) throw new RangeError(`not a partition: ${partition}`);
  const lock = (key: string) => `
    insert into projection_checkpoints (projection, topic, "partition", "offset")
    ${key}
    on conflict (projection, topic, "partition") do update set "offset" = projection_checkpoints."offset"
    returning "offset"`;
  const values = (name: string) => `${name}, ${quote(topic)}, ${partition}, ${NO_CHECKPOINT}`;
  if (generation !== undefined)
    return `begin; ${lock(`values (${values(quote(checkpointName(projection, generation)))})`)}`;
  return `begin;
    with current_generation as (
      select generation from projection_generations where projection = ${quote(projection)} for share
    )
    ${lock(`select ${values(`${quote(projection)} || ${quote(CHECKPOINT_GENERATION_SEPARATOR)} || generation`)} from current_generation`)},
      (select generation from current_generation) as generation`;
}

/** The checkpoint advanced to the offset applied last, if any, and `commit`. */
function closingStatements(
  quote: Quote,
  checkpoint: string,
  { topic, partition }: CheckpointTarget,
  appliedUpTo: string | undefined,
): string {
  if (appliedUpTo === undefined) return 'commit';
  if (!/^\d+$/.test(appliedUpTo)) throw new RangeError(`not an offset: ${appliedUpTo}`);
  return `update projection_checkpoints set "offset" = ${appliedUpTo}, updated_at = now()
    where projection = ${quote(checkpoint)} and topic = ${quote(topic)} and "partition" = ${partition};
    commit`;
}

// A simple query of several statements answers with one result each.
async function simpleQuery(client: PoolClient, text: string): Promise<QueryResult[]> {
  const results = (await client.query(text)) as QueryResult | QueryResult[];
  return Array.isArray(results) ? results : [results];
}
