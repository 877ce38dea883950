import type { EventStoreTables } from './event-store.tables';
import type { GlobalCheckpoint, Queryable } from './types';

/** Where the named reader (a relay, a projection) left off in the global order. */
export async function readCheckpoint(
  db: Queryable,
  tables: EventStoreTables,
  name: string,
): Promise<GlobalCheckpoint | null> {
  const { rows } = await db.query<{ transaction_id: string; position: string }>(
    `select transaction_id, position from ${tables.checkpoints} where name = $1`,
    [name],
  );
  return rows[0]
    ? { transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].position) }
    : null;
}

/** Records the named reader's checkpoint; pass the reader's client to keep it in its transaction. */
export async function storeCheckpoint(
  db: Queryable,
  tables: EventStoreTables,
  name: string,
  checkpoint: GlobalCheckpoint,
): Promise<void> {
  await db.query(
    `insert into ${tables.checkpoints} (name, transaction_id, position, updated_at)
     values ($1, $2::xid8, $3::bigint, now())
     on conflict (name) do update
       set transaction_id = excluded.transaction_id, position = excluded.position, updated_at = now()`,
    [name, String(checkpoint.transactionId), String(checkpoint.position)],
  );
}
