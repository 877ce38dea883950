import type { DomainEvent, EventMetadata, RecordedEvent } from './types';

/** The columns every read selects, in the shape `toRecordedEvent` maps. */
export const RECORDED_EVENT_COLUMNS = `position, transaction_id, event_id, stream_id, stream_type,
  stream_version, event_type, schema_version, data, metadata, recorded_at`;

export interface RecordedEventRow {
  position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_type: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

/** One events row as the event it records (bigint and xid8 arrive as strings from pg). */
export function toRecordedEvent<Event extends DomainEvent>(
  row: RecordedEventRow,
): RecordedEvent<Event> {
  return {
    type: row.event_type,
    data: row.data,
    eventId: row.event_id,
    schemaVersion: row.schema_version,
    metadata: row.metadata,
    streamId: row.stream_id,
    streamType: row.stream_type,
    streamVersion: row.stream_version,
    position: BigInt(row.position),
    transactionId: BigInt(row.transaction_id),
    recordedAt: row.recorded_at,
  } as RecordedEvent<Event>;
}
