import type { DataSource } from 'typeorm';
import { ProjectionRebuildConflictError } from './projection-errors';

/** Releases a rebuild lock. */
export type ReleaseRebuildLock = () => Promise<void>;

/**
 * One rebuild of a projection at a time, across instances: a session advisory lock on a
 * connection held for the rebuild's duration. A crashed rebuild's connection dies with it, and
 * so does its lock; the next rebuild starts over (its generation's leftovers are dropped).
 */
export async function acquireRebuildLock(
  dataSource: DataSource,
  projection: string,
): Promise<ReleaseRebuildLock> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const key = `projection-rebuild:${projection}`;
  try {
    const [{ locked }]: { locked: boolean }[] = await runner.query(
      `select pg_try_advisory_lock(hashtext($1)) as locked`,
      [key],
    );
    if (!locked) throw new ProjectionRebuildConflictError(projection, 'another rebuild is running');
  } catch (error) {
    await runner.release();
    throw error;
  }
  return async () => {
    try {
      await runner.query(`select pg_advisory_unlock(hashtext($1))`, [key]);
    } finally {
      await runner.release();
    }
  };
}
