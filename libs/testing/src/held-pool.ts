import type { Pool, PoolClient } from 'pg';

/**
 * Takes every connection `pool` can give now (its free slots and its idle connections), as
 * others' work would under load; the ones already checked out stay where they are.
 */
export async function holdEveryConnection(pool: Pool): Promise<{ release(): void }> {
  const obtainable = pool.options.max - pool.totalCount + pool.idleCount;
  const held: PoolClient[] = await Promise.all(
    Array.from({ length: obtainable }, () => pool.connect()),
  );
  return {
    release: () => {
      for (const client of held) client.release();
    },
  };
}
