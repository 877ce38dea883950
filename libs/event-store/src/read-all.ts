import type { EventStoreTables } from './event-store.tables';
import {
  RECORDED_EVENT_COLUMNS,
  toRecordedEvent,
  type RecordedEventRow,
} from './recorded-event.row';
import type { DomainEvent, GlobalCheckpoint, Queryable, ReadAllResult } from './types';

/**
 * Events in global order after a checkpoint, never skipping one that commits late.
 *
 * Positions come from a sequence, so they are handed out in insert order but become visible in
 * commit order: a reader trusting `position > last` would pass over a slow transaction's events
 * for good. Instead each event carries its transaction's id, and a reader only takes events of
 * transactions older than the oldest one still running (pg_snapshot_xmin): those have all
 * committed or rolled back, and no later transaction can get an id below that horizon. Ordered
 * by (transaction_id, position), that prefix only ever grows at its end.
 */
export async function readAll<Event extends DomainEvent>(
  db: Queryable,
  tables: EventStoreTables,
  after: GlobalCheckpoint | null,
  limit: number,
): Promise<ReadAllResult<Event>> {
  const { rows } = await db.query<RecordedEventRow>(
    `select ${RECORDED_EVENT_COLUMNS} from ${tables.events}
     where transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       and (transaction_id, position) > ($1::xid8, $2::bigint)
     order by transaction_id, position
     limit $3`,
    [String(after?.transactionId ?? 0n), String(after?.position ?? 0n), limit],
  );
  const events = rows.map((row) => toRecordedEvent<Event>(row));
  const last = events[events.length - 1];
  return {
    events,
    checkpoint: last ? { transactionId: last.transactionId, position: last.position } : after,
  };
}

/** How many committed events lie after the checkpoint in the global order: a reader's lag. */
export async function countAfter(
  db: Queryable,
  tables: EventStoreTables,
  after: GlobalCheckpoint | null,
): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `select count(*) from ${tables.events} where (transaction_id, position) > ($1::xid8, $2::bigint)`,
    [String(after?.transactionId ?? 0n), String(after?.position ?? 0n)],
  );
  return Number(rows[0].count);
}
