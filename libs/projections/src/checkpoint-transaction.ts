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
}

/** What the work did: its result, and the offset to advance the checkpoint to (none: leave it). */
export interface CheckpointWork<T> {
  readonly result: T;
  readonly appliedUpTo?: string;
}

/** What a batch given as statements does: CheckpointWork, and the writes (values as literals). */
export interface StatementsWork<T> extends CheckpointWork<T> {
  /** Statements to run before the checkpoint advances, in its round trip. */
  readonly write?: string;
}

/** A statement (values as literals) sent with the round trip that reads the checkpoint. */
export interface CheckpointReads {
  readonly read?: string;
}

/**
 * Runs a projection's work through the manager on one partition, in a transaction that holds the
 * partition's checkpoint, with the bookkeeping folded into two round trips: one simple query
 * opens the transaction, takes the generation's share lock and locks the checkpoint row; another
 * advances the checkpoint and commits. Each round trip is a wait behind whatever else the
 * service's event loop is doing, and two socket writes: a projection that reads once and writes
 * once through the manager costs four (it was seven: `begin`, the generation, the checkpoint,
 * read, write, the checkpoint, `commit`). One given as statements costs two, with no transaction
 * held between them (atCheckpointInTwoRoundTrips). A simple query takes no parameters, so the
 * values go as literals quoted by the driver. An error rolls the transaction back; the
 * connection goes back to the pool.
 */
export async function inCheckpointTransaction<T>(
  dataSource: DataSource,
  target: CheckpointTarget,
  work: (held: HeldCheckpoint) => Promise<CheckpointWork<T>>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  const quote = (value: string | number) => client.escapeLiteral(String(value));
  try {
    const opened = await simpleQuery(client, openingStatements(quote, target));
    // As if TypeORM had begun it: a transaction the work asks for inside it is a savepoint.
    Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
    // `begin`, then the checkpoint's lock.
    const row = opened[1]?.rows[0] as { offset: string; generation: number } | undefined;
    if (!row) throw new ProjectionNotInstalledError(target.projection);
    const generation = target.generation ?? row.generation;
    const { result, appliedUpTo } = await work({
      manager: runner.manager,
      generation,
      applied: BigInt(row.offset),
    });
    const checkpoint = checkpointName(target.projection, generation);
    await simpleQuery(client, closingStatements(quote, checkpoint, target, appliedUpTo));
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
    await runner.release();
  }
}

/** What a batch given as statements saw, read in its first round trip, outside a transaction. */
export interface SeenCheckpoint {
  readonly generation: number;
  /** The offset applied last in that generation; NO_CHECKPOINT when none. */
  readonly applied: bigint;
  /** The rows the `read` statement returned; empty without one. */
  readonly read: readonly Record<string, unknown>[];
}

/** SQLSTATE serialization_failure: the batch was overtaken and is retried, never dead-lettered. */
export const OVERTAKEN_SQLSTATE = '40001';

/**
 * Runs a projection's batch given as statements (ADR 0021) in two round trips, with no
 * transaction open between them, so none holds back the horizon of the event store's readers.
 *
 * 1. One simple query, outside any transaction: the generation, the partition's checkpoint in it,
 *    and the projection's read (`reads.read`), which takes no lock.
 * 2. If the work answers an offset to advance to: one more, `begin`, a guard, the work's writes,
 *    `commit`. The guard holds the generation row's share lock (so no switch can commit until
 *    this does) and advances the checkpoint only from the offset seen in step 1; if a switch came
 *    first, or another writer of the partition (a rebalance, a rebuild handing over) advanced it,
 *    the guard fails with OVERTAKEN_SQLSTATE, nothing is written, and the batch is retried from
 *    step 1. Each row the statements write belongs to the partition (ProjectionStatements), so
 *    the checkpoint is the only thing two writers can race on.
 *
 * A transaction writing in step 1 (the checkpoint's lock, rows locked for update) would get a
 * transaction id there and keep it across the wait for step 2, behind the service's event loop;
 * the outbox relay publishes nothing younger than the oldest such id (readAll), so every
 * batch in flight made every relay in the cluster wait (ADR 0021). Without fresh events, step 2
 * is not sent.
 */
export async function atCheckpointInTwoRoundTrips<T>(
  dataSource: DataSource,
  target: CheckpointTarget,
  work: (seen: SeenCheckpoint) => StatementsWork<T> | Promise<StatementsWork<T>>,
  reads: CheckpointReads = {},
): Promise<T> {
  return onConnection(dataSource, async (client) => {
    const quote = (value: string | number) => client.escapeLiteral(String(value));
    const seeing = seenStatement(quote, target);
    const seen = await simpleQuery(client, reads.read ? `${seeing};\n${reads.read}` : seeing);
    const row = seen[0]?.rows[0] as { offset: string | null; generation: number } | undefined;
    if (!row) throw new ProjectionNotInstalledError(target.projection);
    const applied = row.offset === null ? NO_CHECKPOINT : BigInt(row.offset);
    const generation = target.generation ?? row.generation;
    const { result, appliedUpTo, write } = await work({
      generation,
      applied,
      read: reads.read ? (seen[1]?.rows ?? []) : [],
    });
    if (appliedUpTo !== undefined)
      await advance(client, target, { generation, applied }, appliedUpTo, write);
    return result;
  });
}

/** Where a runner left a partition's checkpoint when it last advanced it. */
export interface KnownCheckpoint {
  readonly generation: number;
  /** The offset applied last in that generation; NO_CHECKPOINT when none. */
  readonly applied: bigint;
}

/**
 * Step 2 of atCheckpointInTwoRoundTrips alone, for a batch whose writes need nothing read, on a
 * partition whose checkpoint the runner knows (it advanced it last): one round trip, `begin`,
 * the guard, the writes, `commit`. The guard checks what step 1 would have read: if the
 * generation is no longer `known.generation` or the checkpoint no longer at `known.applied`
 * (a rebalance, a switch, a dead letter passed over elsewhere), it fails with OVERTAKEN_SQLSTATE
 * and nothing is written; the caller then forgets what it knew and takes both round trips.
 */
export async function atKnownCheckpoint<T>(
  dataSource: DataSource,
  target: CheckpointTarget,
  known: KnownCheckpoint,
  work: (seen: SeenCheckpoint) => StatementsWork<T> | Promise<StatementsWork<T>>,
): Promise<T> {
  // Nothing to read first: a connection is taken only for the round trip that writes.
  const { result, appliedUpTo, write } = await work({ ...known, read: [] });
  if (appliedUpTo !== undefined)
    await onConnection(dataSource, (client) => advance(client, target, known, appliedUpTo, write));
  return result;
}

// A connection of the pool for `use`'s round trips, given back afterwards.
async function onConnection<T>(
  dataSource: DataSource,
  use: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    return await use(client);
  } finally {
    await runner.release();
  }
}

// Step 2: `begin`, the guard, the writes, `commit`, in one simple query.
async function advance(
  client: PoolClient,
  target: CheckpointTarget,
  { generation, applied }: KnownCheckpoint,
  appliedUpTo: string,
  write: string | undefined,
): Promise<void> {
  const quote = (value: string | number) => client.escapeLiteral(String(value));
  const guard = guardedAdvance(quote, target, generation, applied, appliedUpTo);
  // A failed step 2 leaves its transaction aborted; step 1 opens none to roll back.
  await simpleQuery(client, `begin;\n${guard};\n${write ? `${write};\n` : ''}commit`).catch(
    async (error: unknown) => {
      await client.query('rollback').catch(() => undefined);
      throw error;
    },
  );
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

/** The generation (the fixed one, or the current one) and the partition's checkpoint in it. */
function seenStatement(quote: Quote, target: CheckpointTarget): string {
  const { projection, generation, topic, partition } = target;
  if (!Number.isSafeInteger(partition)) throw new RangeError(`not a partition: ${partition}`);
  const offset = (name: string) => `(select "offset" from projection_checkpoints
      where projection = ${name} and topic = ${quote(topic)} and "partition" = ${partition}) as "offset"`;
  if (generation !== undefined)
    return `select ${offset(quote(checkpointName(projection, generation)))}`;
  return `select generation,
      ${offset(`${quote(projection)} || ${quote(CHECKPOINT_GENERATION_SEPARATOR)} || generation`)}
    from projection_generations where projection = ${quote(projection)}`;
}

/**
 * Takes the generation row's share lock (a fixed generation, a rebuild's, has none to hold) and
 * advances the checkpoint from `applied` to `appliedUpTo`; raises OVERTAKEN_SQLSTATE if the
 * generation is no longer current or the checkpoint is no longer at `applied`.
 */
function guardedAdvance(
  quote: Quote,
  target: CheckpointTarget,
  generation: number,
  applied: bigint,
  appliedUpTo: string,
): string {
  const { projection, topic, partition } = target;
  if (!/^\d+$/.test(appliedUpTo)) throw new RangeError(`not an offset: ${appliedUpTo}`);
  if (!Number.isSafeInteger(generation)) throw new RangeError(`not a generation: ${generation}`);
  const checkpoint = quote(checkpointName(projection, generation));
  const overtaken = (what: string) =>
    `raise exception using errcode = ${quote(OVERTAKEN_SQLSTATE)}, message = ${quote(
      `projection ${projection}, ${topic}/${partition}: ${what}`,
    )}`;
  const current =
    target.generation !== undefined
      ? ''
      : `perform 1 from projection_generations
      where projection = ${quote(projection)} and generation = ${generation} for share;
    if not found then ${overtaken(`generation ${generation} is no longer the current one`)}; end if;`;
  const body = `begin
    ${current}
    insert into projection_checkpoints (projection, topic, "partition", "offset")
      values (${checkpoint}, ${quote(topic)}, ${partition}, ${appliedUpTo})
      on conflict (projection, topic, "partition") do update
        set "offset" = excluded."offset", updated_at = now()
        where projection_checkpoints."offset" = ${applied};
    if not found then ${overtaken(`the checkpoint moved on from ${applied}`)}; end if;
  end`;
  if (body.includes('$advance$')) throw new RangeError('a name closes the guard’s quoting');
  return `do $advance$ ${body} $advance$`;
}
