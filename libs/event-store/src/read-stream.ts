import type { EventStoreTables } from './event-store.tables';
import {
  RECORDED_EVENT_COLUMNS,
  toRecordedEvent,
  type RecordedEventRow,
} from './recorded-event.row';
import type { DomainEvent, Queryable, ReadStreamOptions, ReadStreamResult } from './types';

/** A stream's events in version order, optionally a version range or "as of" a moment. */
export async function readStream<Event extends DomainEvent>(
  db: Queryable,
  tables: EventStoreTables,
  streamId: string,
  { fromVersion, toVersion, untilTime }: ReadStreamOptions = {},
): Promise<ReadStreamResult<Event>> {
  // Postgres records microseconds, JavaScript dates hold milliseconds: "as of" the recordedAt a
  // reader was shown must include that event, so compare at the precision callers can express.
  const upperBound = `($2::int is null or stream_version <= $2) and ($3::timestamptz is null or date_trunc('milliseconds', recorded_at) <= $3)`;
  const { rows } = await db.query<RecordedEventRow>(
    `select ${RECORDED_EVENT_COLUMNS} from ${tables.events}
     where stream_id = $1 and ${upperBound} and stream_version >= $4
     order by stream_version`,
    [streamId, toVersion ?? null, untilTime ?? null, fromVersion ?? 1],
  );
  const events = rows.map((row) => toRecordedEvent<Event>(row));
  if (events.length > 0) return { version: events[events.length - 1].streamVersion, events };
  if ((fromVersion ?? 1) <= 1) return { version: 0, events };
  // Nothing at or after fromVersion: the version is still that of the last event within bounds.
  const { rows: last } = await db.query<{ version: number }>(
    `select coalesce(max(stream_version), 0) as version from ${tables.events}
     where stream_id = $1 and ${upperBound}`,
    [streamId, toVersion ?? null, untilTime ?? null],
  );
  return { version: last[0].version, events };
}
