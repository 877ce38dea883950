import type { AppendPlan } from './append.plan';
import { InvalidAppendError } from './errors';
import { quoteIdentifier, type EventStoreTables } from './event-store.tables';
import { expectedVersionParameter } from './expected-version';
import type { RowsAlongside } from './types';

/** The parameters the statement takes before the columns of rows alongside, if any. */
const APPEND_PARAMETERS = 15;

export interface IdempotencyClaim {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint?: string;
}

/** What the idempotency key keeps: enough to give the first append's result back. */
export interface StoredAppendResult {
  readonly eventIds: string[];
  /** The fingerprint of the request that first used the key, when it gave one. */
  readonly fingerprint?: string;
}

/**
 * The statement's parameters, in the order `appendStatement` numbers them. Stream locks are
 * taken in `lockNamespace` (the schema; by default the connection's current schema).
 */
export function appendParameters(
  plan: AppendPlan,
  claim: IdempotencyClaim | null,
  lockNamespace?: string,
  alongside?: RowsAlongside,
): unknown[] {
  const stored: StoredAppendResult = {
    eventIds: plan.events.map((event) => event.eventId),
    ...(claim?.fingerprint === undefined ? {} : { fingerprint: claim.fingerprint }),
  };
  return [
    plan.streams.map((stream) => stream.streamId),
    plan.streams.map((stream) => stream.streamType),
    plan.streams.map((stream) => stream.eventCount),
    plan.streams.map((stream) => expectedVersionParameter(stream.expectedVersion)),
    claim?.scope ?? null,
    claim?.key ?? null,
    claim ? JSON.stringify(stored) : null,
    plan.events.map((event) => event.eventId),
    plan.events.map((event) => event.streamId),
    plan.events.map((event) => event.ordinal),
    plan.events.map((event) => event.type),
    plan.events.map((event) => event.schemaVersion),
    // One JSON array each rather than a text[] of JSON: no array-literal escaping on either side.
    JSON.stringify(plan.events.map((event) => event.data)),
    JSON.stringify(plan.events.map((event) => event.metadata)),
    lockNamespace ?? null,
    // One array per column of the rows alongside.
    ...(alongside ? columnsOf(alongside) : []),
  ];
}

function columnsOf({ columns, rows }: RowsAlongside): unknown[][] {
  return columns.map((_, column) => rows.map((row) => row[column]));
}

/**
 * The whole append in one statement, so an append without an idempotency key is a single round
 * trip. Steps, each gated on the one before:
 *  1. lock every stream (transaction-level advisory locks, in stream id order) before anything
 *     is written. Writing is what gives a transaction its id, and readAll orders by that id:
 *     taking the id only once the streams are held means that of two appends to a stream, the
 *     later one always has the higher id, so each stream's events stay in version order in
 *     the global order. (A row lock would not do: locking a row already assigns the id.)
 *  2. claim the idempotency key (if any); a concurrent holder of the key makes this wait for
 *     its commit, then nothing else happens;
 *  3. check and bump each stream's version, by expectation: NO_STREAM inserts, ANY upserts, a
 *     version updates only where the row is still at that version;
 *  4. insert the events only if every stream was bumped, numbering each stream's events from
 *     its new version and stamping them with the time the streams were held (so a stream's
 *     recorded_at never goes backwards, and "as of" reads see a prefix of it).
 *  5. insert the rows alongside (`alongside`, if given) only if the events were inserted: in the
 *     same statement, so a unique violation among them undoes the whole append.
 * It always returns at least one row: `claimed`, plus the appended events' columns (null when
 * nothing was appended: a lost claim or a version conflict, which the caller tells apart).
 */
export function appendStatement(
  t: EventStoreTables,
  schema?: string,
  alongside?: Pick<RowsAlongside, 'table' | 'columns'>,
): string {
  return `
with input as (
  select * from unnest($1::text[], $2::text[], $3::int[], $4::int[])
    as i(stream_id, stream_type, event_count, expected)
),
locked as (
  select count(*) as streams from (
    select pg_advisory_xact_lock(hashtext(coalesce($15::text, current_schema())), hashtext(stream_id))
    from input
  ) l
),
claim as (
  insert into ${t.idempotencyKeys} (scope, key, result)
  select $5::text, $6::text, $7::jsonb where (select streams from locked) > 0 and $6::text is not null
  on conflict do nothing
  returning 1
),
admitted as (
  select * from input
  where (select streams from locked) > 0 and ($6::text is null or exists (select 1 from claim))
),
created as (
  insert into ${t.streams} as s (stream_id, stream_type, version, updated_at)
  select stream_id, stream_type, event_count, clock_timestamp() from admitted
  where expected = 0 order by stream_id
  on conflict (stream_id) do nothing
  returning s.stream_id, s.stream_type, s.version, s.updated_at
),
upserted as (
  insert into ${t.streams} as s (stream_id, stream_type, version, updated_at)
  select stream_id, stream_type, event_count, clock_timestamp() from admitted
  where expected is null order by stream_id
  on conflict (stream_id) do update
    set version = s.version + excluded.version, updated_at = clock_timestamp()
  returning s.stream_id, s.stream_type, s.version, s.updated_at
),
advanced as (
  update ${t.streams} as s
  set version = s.version + a.event_count, updated_at = clock_timestamp()
  from admitted a
  where a.expected > 0 and s.stream_id = a.stream_id and s.version = a.expected
  returning s.stream_id, s.stream_type, s.version, s.updated_at
),
bumped as (
  select b.stream_id, b.stream_type, b.version, b.updated_at, i.event_count
  from (select * from created union all select * from upserted union all select * from advanced) b
  join input i on i.stream_id = b.stream_id
),
inserted as (
  insert into ${t.events}
    (event_id, stream_id, stream_type, stream_version, event_type, schema_version, data, metadata, recorded_at)
  select e.event_id, e.stream_id, b.stream_type, b.version - b.event_count + e.ordinal,
         e.event_type, e.schema_version, e.data, e.metadata, b.updated_at
  from rows from (
    unnest($8::uuid[], $9::text[], $10::int[], $11::text[], $12::int[]),
    jsonb_array_elements($13::jsonb),
    jsonb_array_elements($14::jsonb)
  ) with ordinality as e(event_id, stream_id, ordinal, event_type, schema_version, data, metadata, n)
  join bumped b on b.stream_id = e.stream_id
  where (select count(*) from bumped) = cardinality($1::text[])
  order by e.n
  returning position, transaction_id, event_id, stream_type, stream_version, recorded_at
)${alongside ? rowsAlongsideStep(alongside, schema) : ''}
select exists (select 1 from claim) as claimed, inserted.*
from (values (1)) as anchor left join inserted on true
order by inserted.position`;
}

// Data-modifying steps of a WITH always run to completion, read or not: this one is gated on the
// events' insert by reading it.
function rowsAlongsideStep(
  { table, columns }: Pick<RowsAlongside, 'table' | 'columns'>,
  schema?: string,
): string {
  if (columns.length === 0)
    throw new InvalidAppendError(`rows alongside in ${table} name no column`);
  for (const { type } of columns)
    if (!/^[a-z][a-z0-9_ ]*$/i.test(type))
      throw new InvalidAppendError(`rows alongside in ${table}: not a column type: ${type}`);
  const target = schema
    ? `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`
    : quoteIdentifier(table);
  const names = columns.map(({ name }) => quoteIdentifier(name)).join(', ');
  const arrays = columns
    .map(({ type }, index) => `$${APPEND_PARAMETERS + 1 + index}::${type}[]`)
    .join(', ');
  return `,
alongside as (
  insert into ${target} (${names})
  select * from unnest(${arrays})
  where exists (select 1 from inserted)
)`;
}
