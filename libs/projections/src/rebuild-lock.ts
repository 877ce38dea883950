import type { DataSource } from 'typeorm';
import { ProjectionRebuildConflictError } from './projection-errors';

/** A held rebuild lock. */
export interface RebuildLock {
  /** Throws PROJECTIONS.REBUILD_CONFLICT once the lock's session was lost: another may rebuild. */
  assertHeld(): void;
  /** Releases the lock; nothing to do when its session is already gone (and the lock with it). */
  release(): Promise<void>;
}

/**
 * One rebuild of a projection at a time, across instances: a session advisory lock on a
 * connection held for the rebuild's duration. A crashed rebuild's connection dies with it, and
 * so does its lock; the next rebuild starts over (its generation's leftovers are dropped). A
 * rebuild whose lock session is lost (a failover) must not switch generations: another rebuild
 * may have taken the lock meanwhile.
 */
export async function acquireRebuildLock(
  dataSource: DataSource,
  projection: string,
): Promise<RebuildLock> {
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
  // TypeORM releases a runner whose connection failed (its own error listener): the lock is gone.
  const lost = () => runner.isReleased;
  return {
    assertHeld() {
      if (lost())
        throw new ProjectionRebuildConflictError(
          projection,
          'its lock’s database session was lost',
        );
    },
    async release() {
      if (lost()) return;
      try {
        await runner.query(`select pg_advisory_unlock(hashtext($1))`, [key]);
      } catch {
        // The session went while unlocking: the lock went with it.
      } finally {
        await runner.release();
      }
    },
  };
}
