import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A row the size of an event, for writing into a table with no keys, indexes or checks. */
export interface PlainRow {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

const COLUMNS =
  'stream_id, stream_type, stream_version, event_id, event_type, schema_version, data, metadata';

/** The ceiling's table: the events table's columns, nothing that costs on insert. */
export function plainTableDdl(schema: string): string {
  return `create table "${schema}".plain_events (
    stream_id text, stream_type text, stream_version int, event_id uuid, event_type text,
    schema_version int, data jsonb, metadata jsonb, recorded_at timestamptz default now()
  )`;
}

/** One INSERT … VALUES statement with a row per event. */
export async function insertRows(
  pool: Pool,
  schema: string,
  rows: readonly PlainRow[],
): Promise<void> {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const base =
      values.push(row.streamId, row.streamVersion, row.eventId, row.type, row.data, row.metadata) -
      6;
    return `($${base + 1}, 'zone', $${base + 2}, $${base + 3}, $${base + 4}, 1, $${base + 5}, $${base + 6})`;
  });
  await pool.query(
    `insert into "${schema}".plain_events (${COLUMNS}) values ${tuples.join(', ')}`,
    values,
  );
}

/** One COPY … FROM STDIN (text format) of all rows. */
export async function copyRows(
  pool: Pool,
  schema: string,
  rows: readonly PlainRow[],
): Promise<void> {
  const text = rows
    .map((row) =>
      [row.streamId, 'zone', row.streamVersion, row.eventId, row.type, 1, row.data, row.metadata]
        .map((field) => copyText(String(field)))
        .join('\t'),
    )
    .join('\n');
  const client = await pool.connect();
  try {
    const sink = client.query(copyFrom(`copy "${schema}".plain_events (${COLUMNS}) from stdin`));
    await pipeline(Readable.from([`${text}\n`]), sink);
  } finally {
    client.release();
  }
}

function copyText(field: string): string {
  return field
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}
