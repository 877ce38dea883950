import type { AppendOutcome } from './append';
import { IdempotencyKeyReusedError } from './errors';
import type { IdempotencyClaim, StoredAppendResult } from './append.statement';
import type { EventStoreTables } from './event-store.tables';
import {
  RECORDED_EVENT_COLUMNS,
  toRecordedEvent,
  type RecordedEventRow,
} from './recorded-event.row';
import type { Queryable } from './types';

/** Idempotency scope of a multi-stream append: the key alone identifies it. */
export const MULTI_STREAM_SCOPE = '$multi-stream';

/**
 * The result of the append that first used this key, rebuilt from its events (recorded events
 * never change, so this is exactly what that append returned). A key first used for another
 * request (another fingerprint) is refused instead.
 */
export async function replayAppend(
  db: Queryable,
  tables: EventStoreTables,
  claim: IdempotencyClaim,
): Promise<AppendOutcome> {
  const { rows: keys } = await db.query<{ result: StoredAppendResult }>(
    `select result from ${tables.idempotencyKeys} where scope = $1 and key = $2`,
    [claim.scope, claim.key],
  );
  if (keys.length === 0)
    throw new Error(`idempotency key ${claim.key} vanished while it was replayed`);
  const first = keys[0].result.fingerprint;
  if (first !== undefined && claim.fingerprint !== undefined && first !== claim.fingerprint) {
    throw new IdempotencyKeyReusedError(claim.key);
  }
  const { rows } = await db.query<RecordedEventRow>(
    `select ${RECORDED_EVENT_COLUMNS} from ${tables.events}
     where event_id = any($1::uuid[]) order by position`,
    [keys[0].result.eventIds],
  );
  const events = rows.map((row) => toRecordedEvent(row));
  const versions = new Map<string, number>();
  for (const event of events) versions.set(event.streamId, event.streamVersion);
  return {
    streams: [...versions].map(([streamId, nextExpectedVersion]) => ({
      streamId,
      nextExpectedVersion,
    })),
    events,
    replayed: true,
  };
}
