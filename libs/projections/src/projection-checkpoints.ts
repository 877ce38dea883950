import { partitionKey } from '@zoneledger/messaging';
import type { EntityManager } from 'typeorm';

/** No checkpoint yet: the partition has nothing applied. */
export const NO_CHECKPOINT = -1n;

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
