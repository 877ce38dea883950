import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreTables, type EventStoreTables } from './event-store.tables';

/**
 * The event store's tables. Unqualified names land in the connection's search_path (the
 * service's schema); give a schema to create them elsewhere.
 */
export function eventStoreDdl(schema?: string): string[] {
  const t: EventStoreTables = eventStoreTables(schema);
  return [
    // transaction_id with position is the gap-safe global order (see read-all.ts). Three
    // indexes, each one a reader needs: (stream_id, stream_version) for streams, event_id for
    // idempotent replays and deduplication, (transaction_id, position) for the global order.
    // Position itself needs none: the identity makes it unique and nothing looks one up alone.
    `create table ${t.events} (
      position bigint generated always as identity,
      transaction_id xid8 not null default pg_current_xact_id(),
      stream_id text not null,
      stream_type text not null,
      stream_version int not null,
      event_id uuid not null unique,
      event_type text not null,
      schema_version int not null default 1,
      data jsonb not null,
      metadata jsonb not null default '{}',
      recorded_at timestamptz not null default now(),
      primary key (stream_id, stream_version)
    )`,
    `create index events_transaction_position on ${t.events} (transaction_id, position)`,
    // One row per stream: the row lock serialises appends to a stream, its version is the check.
    `create table ${t.streams} (
      stream_id text primary key,
      stream_type text not null,
      version int not null,
      updated_at timestamptz not null default now()
    )`,
    `create table ${t.idempotencyKeys} (
      scope text not null,
      key text not null,
      result jsonb not null,
      created_at timestamptz not null default now(),
      primary key (scope, key)
    )`,
    `create table ${t.checkpoints} (
      name text primary key,
      transaction_id xid8 not null,
      position bigint not null,
      updated_at timestamptz not null default now()
    )`,
  ];
}

/** Add to a service's TypeORM migrations: creates the event store in the service's schema. */
export class CreateEventStore1764400000000 implements MigrationInterface {
  readonly name = 'CreateEventStore1764400000000';

  async up(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    for (const statement of eventStoreDdl()) await runner.query(statement);
  }

  async down(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query('drop table checkpoints, idempotency_keys, streams, events');
  }
}

/**
 * The channel on which a commit that appended events is announced (NOTIFY, delivered at commit
 * and only if the transaction commits); the payload is the events table's schema. The outbox
 * relay LISTENs on it to publish at once instead of at its next poll.
 */
export const EVENTS_APPENDED_CHANNEL = 'zoneledger_events_appended';

/**
 * A statement-level trigger on the events table: one NOTIFY per append statement, however many
 * events it inserts (Postgres also folds identical notifications of one transaction into one).
 */
export function eventsAppendedDdl(schema?: string): string[] {
  const t: EventStoreTables = eventStoreTables(schema);
  const fn = schema ? `${schema}.events_appended` : 'events_appended';
  return [
    `create function ${fn}() returns trigger language plpgsql as $$
     begin
       perform pg_notify('${EVENTS_APPENDED_CHANNEL}', tg_table_schema);
       return null;
     end $$`,
    `create trigger events_appended after insert on ${t.events}
       for each statement execute function ${fn}()`,
  ];
}

/** Add after CreateEventStore: announces appends to the relay (EVENTS_APPENDED_CHANNEL). */
export class AnnounceAppends1796400000000 implements MigrationInterface {
  readonly name = 'AnnounceAppends1796400000000';

  async up(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    for (const statement of eventsAppendedDdl()) await runner.query(statement);
  }

  async down(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query('drop trigger events_appended on events');
    await runner.query('drop function events_appended()');
  }
}
