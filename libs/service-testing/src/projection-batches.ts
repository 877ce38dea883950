import { decodeConsumedEvent, type ConsumedEvent } from '@zoneledger/messaging';
import { CreateTrigramExtension1795965893848 } from '@zoneledger/platform';
import {
  projectionContext,
  statementHandlers,
  type Projection,
  type ProjectionContext,
} from '@zoneledger/projections';
import { dropTestSchema, testIds } from '@zoneledger/testing';
import type { Message } from 'kafkajs';
import { escapeLiteral } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { zoneRegistered } from './zone-events';

/** Published messages as a consumer of one partition decodes them, at offsets from `firstOffset`. */
export function consumedEvents(
  messages: readonly Message[],
  topic = 'zoneledger.zones.v1',
  firstOffset = 0,
): ConsumedEvent[] {
  return messages.map((message, at) =>
    decodeConsumedEvent(topic, 0, {
      key: message.key === undefined || message.key === null ? null : Buffer.from(message.key),
      value: message.value === null ? null : Buffer.from(message.value),
      headers: message.headers ?? {},
      offset: String(firstOffset + at),
      timestamp: '0',
      attributes: 0,
    }),
  );
}

/** A projection's tables (by the names queries use), each table's rows as JSON, in a set order. */
export type ProjectedTables = Record<string, unknown[]>;

/**
 * What a projection's tables hold after `messages` (consecutive messages of one partition, as the
 * consumer decodes them), applied the ways the runner applies them: one at a time with `handle`,
 * each in a transaction of its own (as without a batch handler, or when a batch fails), and with
 * `handleBatch` in runs of each of `batchSizes`, a transaction each run, and, for a projection
 * that has them, with its `statements` in the same runs (`statements`; empty without them). For
 * statements that say when a run needs nothing read (`readNeeded`), `unread` applies the same
 * runs with no read where it says so, as the runner does at a checkpoint it knows, then all of
 * them once more, as the event store re-publishes a history, checking after each run that the
 * tables did not change (empty without `readNeeded`). Each
 * way fills a generation of its own, in a PostgreSQL schema (DATABASE_URL) made for the call and
 * dropped after it.
 */
export async function projectOneByOneAndBatched(
  projection: Projection,
  messages: readonly Message[],
  batchSizes: readonly number[],
): Promise<{
  oneByOne: ProjectedTables;
  batched: ProjectedTables[];
  statements: ProjectedTables[];
  unread: ProjectedTables[];
}> {
  const { handleBatch } = projection;
  if (!handleBatch) throw new TypeError(`projection ${projection.name} has no handleBatch`);
  const events = consumedEvents(messages);
  return inProjectionSchema(projection, 'batches', async ({ dataSource, create }) => {
    const read = async (context: ProjectionContext): Promise<ProjectedTables> => {
      const tables: ProjectedTables = {};
      for (const table of projection.tables) {
        const rows: { row: unknown }[] = await dataSource.query(
          `select to_jsonb(t) as row from ${context.table(table)} t order by t`,
        );
        tables[table] = rows.map(({ row }) => row);
      }
      return tables;
    };
    const oneByOne = await create(1);
    for (const event of events)
      await dataSource.transaction((manager) => projection.handle(event, manager, oneByOne));
    const inRuns = async (
      generation: number,
      batchSize: number,
      apply: (
        run: ConsumedEvent[],
        manager: EntityManager,
        context: ProjectionContext,
      ) => Promise<void>,
      republished = false,
    ): Promise<ProjectedTables> => {
      const context = await create(generation);
      const runs = async (afterEach?: () => Promise<void>) => {
        for (let from = 0; from < events.length; from += batchSize) {
          const run = events.slice(from, from + batchSize);
          await dataSource.transaction((manager) => apply(run, manager, context));
          await afterEach?.();
        }
      };
      await runs();
      const tables = await read(context);
      // The same history again, as the event store re-publishes it: it changes nothing, at any
      // point (a read model never goes back to an older version of a row, even for a while).
      if (republished) await runs(async () => expect(await read(context)).toEqual(tables));
      return tables;
    };
    let generation = 2;
    const batched: ProjectedTables[] = [];
    for (const batchSize of batchSizes)
      batched.push(await inRuns(generation++, batchSize, handleBatch));
    const statements: ProjectedTables[] = [];
    const unread: ProjectedTables[] = [];
    if (projection.statements) {
      const viaStatements = statementHandlers(projection.statements).handleBatch;
      for (const batchSize of batchSizes)
        statements.push(await inRuns(generation++, batchSize, viaStatements));
      const { readNeeded, write } = projection.statements;
      if (readNeeded) {
        const readingIfNeeded = async (
          run: ConsumedEvent[],
          manager: EntityManager,
          context: ProjectionContext,
        ) => {
          if (readNeeded(run)) return viaStatements(run, manager, context);
          const statement = write(run, [], context, escapeLiteral);
          if (statement) await manager.query(statement);
        };
        for (const batchSize of batchSizes)
          unread.push(await inRuns(generation++, batchSize, readingIfNeeded, true));
      }
    }
    return { oneByOne: await read(oneByOne), batched, statements, unread };
  });
}

/**
 * Checks that PostgreSQL plans a zone projection's read (`statements.read`) of `messages` as
 * probes of the primary key, not a scan of the whole table nor a bitmap scan, over 5,000 zones
 * registered and never analysed: as on a server without autovacuum, where nothing ever gathers
 * statistics (plannedReadScans).
 */
export async function expectReadProbesPrimaryKey(
  projection: Projection,
  messages: readonly Message[],
): Promise<void> {
  const zones = Array.from({ length: 5000 }, (_, n) => zoneRegistered({ zoneId: `z-${n}` }));
  const scans = await plannedReadScans(projection, zones, messages);
  expect(scans).toContain('Index Scan');
  expect(scans).not.toContain('Seq Scan');
  expect(scans).not.toContain('Bitmap Heap Scan');
}

/**
 * The scans PostgreSQL plans for a projection's read (`statements.read`) of `messages`, e.g.
 * `['Index Scan']`, over its tables holding what `filling` leaves (applied in runs of 1,000),
 * never analysed. In a PostgreSQL schema made for the call and dropped after it.
 */
async function plannedReadScans(
  projection: Projection,
  filling: readonly Message[],
  messages: readonly Message[],
): Promise<string[]> {
  const { statements } = projection;
  if (!statements?.read) throw new TypeError(`projection ${projection.name} gives no read`);
  const { read } = statements;
  const { handleBatch } = statementHandlers(statements);
  return inProjectionSchema(projection, 'plan', async ({ dataSource, create }) => {
    const context = await create(1);
    const events = consumedEvents(filling);
    for (let from = 0; from < events.length; from += 1000) {
      const run = events.slice(from, from + 1000);
      await dataSource.transaction((manager) => handleBatch(run, manager, context));
    }
    const statement = read(
      consumedEvents(messages),
      (table) => context.table(table),
      escapeLiteral,
    );
    const [{ 'QUERY PLAN': plan }] = (await dataSource.query(
      `explain (format json) ${statement}`,
    )) as { 'QUERY PLAN': unknown }[];
    return [...JSON.stringify(plan).matchAll(/"Node Type":"([^"]*Scan)"/g)].map(([, type]) => type);
  });
}

/**
 * Runs `work` on a PostgreSQL schema (DATABASE_URL) made for it, holding the trigram extension
 * the services' migrations install, where `create(generation)` creates the projection's tables
 * in a generation; drops the schema after.
 */
async function inProjectionSchema<T>(
  projection: Projection,
  label: string,
  work: (schema: {
    dataSource: DataSource;
    create: (generation: number) => Promise<ProjectionContext>;
  }) => Promise<T>,
): Promise<T> {
  const { schema } = testIds(`${label}_${projection.name}`);
  const dataSource = new DataSource({
    type: 'postgres',
    url: process.env.DATABASE_URL,
    extra: { max: 2, options: `-c search_path=${schema}` },
  });
  await dataSource.initialize();
  const create = async (generation: number): Promise<ProjectionContext> => {
    const context = projectionContext(projection, generation);
    await dataSource.transaction((manager) => projection.createTables(manager, context));
    return context;
  };
  try {
    // As the services' migrations do: read models index text searches with trigrams.
    const trigrams = new CreateTrigramExtension1795965893848();
    await dataSource.transaction((manager) => trigrams.up(manager));
    await dataSource.query(`create schema "${schema}"`);
    return await work({ dataSource, create });
  } finally {
    await dataSource.destroy();
    await dropTestSchema(schema);
  }
}

/**
 * What a projection's tables hold after `messages` applied one at a time, having checked that
 * `handleBatch`, and `statements` when the projection has them, leave the same in runs of each of
 * `batchSizes`, and so do the statements with no read where `readNeeded` says none is needed,
 * the history applied twice (projectOneByOneAndBatched).
 */
export async function projectedAlikeInBatches(
  projection: Projection,
  messages: readonly Message[],
  batchSizes: readonly number[],
): Promise<ProjectedTables> {
  const { oneByOne, batched, statements, unread } = await projectOneByOneAndBatched(
    projection,
    messages,
    batchSizes,
  );
  const expected = batchSizes.map(() => oneByOne);
  expect(batched).toEqual(expected);
  if (projection.statements) expect(statements).toEqual(expected);
  else expect(statements).toEqual([]);
  if (projection.statements?.readNeeded) expect(unread).toEqual(expected);
  else expect(unread).toEqual([]);
  return oneByOne;
}
