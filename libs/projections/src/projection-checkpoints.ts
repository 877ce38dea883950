import { partitionKey } from '@zoneledger/messaging';
import type { EntityManager } from 'typeorm';

/** No checkpoint yet: the partition has nothing applied. */
export const NO_CHECKPOINT = -1n;

/**
 * Locks a partition's checkpoint row (creating it empty) and returns its offset. The row lock
 * serialises every writer of the partition in this generation: two runners (a rebalance, a
 * rebuild handing over) can never apply the same offset twice.
 */
export async function lockCheckpoint(
  manager: EntityManager,
  checkpoint: string,
  topic: string,
  partition: number,
): Promise<bigint> {
  const rows: { offset: string }[] = await manager.query(
    `insert into projection_checkpoints (projection, topic, "partition", "offset")
     values ($1, $2, $3, $4)
     on conflict (projection, topic, "partition") do update set "offset" = projection_checkpoints."offset"
     returning "offset"`,
    [checkpoint, topic, partition, String(NO_CHECKPOINT)],
  );
  return BigInt(rows[0].offset);
}

/** Records the offset applied last; call in the transaction that applied it. */
export async function saveCheckpoint(
  manager: EntityManager,
  checkpoint: string,
  topic: string,
  partition: number,
  offset: string,
): Promise<void> {
  await manager.query(
    `update projection_checkpoints set "offset" = $4, updated_at = now()
     where projection = $1 and topic = $2 and "partition" = $3`,
    [checkpoint, topic, partition, offset],
  );
}

/** Every partition's checkpoint of a projection generation, by partitionKey. */
export async function readCheckpoints(
  manager: EntityManager,
  checkpoint: string,
): Promise<Map<string, bigint>> {
  const rows: { topic: string; partition: number; offset: string }[] = await manager.query(
    `select topic, "partition", "offset" from projection_checkpoints where projection = $1`,
    [checkpoint],
  );
  return new Map(rows.map((row) => [partitionKey(row.topic, row.partition), BigInt(row.offset)]));
}

/** Forgets a generation's checkpoints (it is being dropped or rebuilt from scratch). */
export async function deleteCheckpoints(manager: EntityManager, checkpoint: string): Promise<void> {
  await manager.query(`delete from projection_checkpoints where projection = $1`, [checkpoint]);
}
