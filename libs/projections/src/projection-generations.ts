import type { DataSource, EntityManager } from 'typeorm';
import { generationTable, projectionContext, type Projection } from './projection';
import { ProjectionNotInstalledError } from './projection-errors';

/**
 * The generation a projection's views show. `share` is what every live event transaction takes:
 * a switch (`update`) then waits for the transactions in flight and is seen by all that follow,
 * so no event is written to a generation after it was switched away from.
 */
export async function currentGeneration(
  manager: EntityManager,
  projection: string,
  lock: 'share' | 'update' | 'none' = 'none',
): Promise<number> {
  const suffix = lock === 'none' ? '' : ` for ${lock}`;
  const rows: { generation: number }[] = await manager.query(
    `select generation from projection_generations where projection = $1${suffix}`,
    [projection],
  );
  if (rows.length === 0) throw new ProjectionNotInstalledError(projection);
  return rows[0].generation;
}

/**
 * Gives a new projection its first generation: tables, views over them, the generations row.
 * Idempotent; an advisory lock keeps instances that start together from racing.
 */
export async function installProjection(
  dataSource: DataSource,
  projection: Projection,
): Promise<number> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`select pg_advisory_xact_lock(hashtext($1))`, [
      `projection:${projection.name}`,
    ]);
    const rows: { generation: number }[] = await manager.query(
      `select generation from projection_generations where projection = $1`,
      [projection.name],
    );
    if (rows.length > 0) return rows[0].generation;
    await createGenerationTables(manager, projection, 1);
    await pointViewsAt(manager, projection, 1);
    await manager.query(
      `insert into projection_generations (projection, generation) values ($1, 1)`,
      [projection.name],
    );
    return 1;
  });
}

/** Creates a generation's tables, after dropping leftovers of an abandoned attempt at it. */
export async function createGenerationTables(
  manager: EntityManager,
  projection: Projection,
  generation: number,
): Promise<void> {
  await dropGenerationTables(manager, projection, generation);
  await projection.createTables(manager, projectionContext(projection, generation));
}

export async function dropGenerationTables(
  manager: EntityManager,
  projection: Projection,
  generation: number,
): Promise<void> {
  for (const table of projection.tables)
    await manager.query(`drop table if exists ${generationTable(table, generation)} cascade`);
}

/**
 * Points every stable name at a generation. Dropping and recreating the view (rather than
 * `create or replace`) lets a generation change its columns; a query waiting on the view's lock
 * looks the name up again once the switch commits, so it reads the new generation, never an error.
 */
export async function pointViewsAt(
  manager: EntityManager,
  projection: Projection,
  generation: number,
): Promise<void> {
  for (const table of projection.tables) {
    await manager.query(`drop view if exists ${table}`);
    await manager.query(
      `create view ${table} as select * from ${generationTable(table, generation)}`,
    );
  }
}

/** Records the switch; the caller holds the row `for update` and has pointed the views. */
export async function recordGeneration(
  manager: EntityManager,
  projection: string,
  generation: number,
): Promise<void> {
  await manager.query(
    `update projection_generations set generation = $2, switched_at = now() where projection = $1`,
    [projection, generation],
  );
}
