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
 * Add after CreateEventStore: a statement-level trigger on the events table that NOTIFYs the relay
 * at every appending commit. Superseded by StopAnnouncingAppendsByTrigger (ADR 0018), which
 * drops it; kept as it ran, so that databases migrate through the same steps.
 */
export class AnnounceAppends1796400000000 implements MigrationInterface {
  readonly name = 'AnnounceAppends1796400000000';

  async up(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query(`create function events_appended() returns trigger language plpgsql as $$
     begin
       perform pg_notify('zoneledger_events_appended', tg_table_schema);
       return null;
     end $$`);
    await runner.query(`create trigger events_appended after insert on events
       for each statement execute function events_appended()`);
  }

  async down(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query('drop trigger events_appended on events');
    await runner.query('drop function events_appended()');
  }
}

/**
 * Add after AnnounceAppends: drops its trigger. The store announces its committed appends itself
 * (AppendAnnouncements): a NOTIFY in the appending transaction held PostgreSQL's notification
 * lock through the commit's WAL flush, so appends committed one at a time (ADR 0018).
 */
export class StopAnnouncingAppendsByTrigger1796600000000 implements MigrationInterface {
  readonly name = 'StopAnnouncingAppendsByTrigger1796600000000';

  async up(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query('drop trigger if exists events_appended on events');
    await runner.query('drop function if exists events_appended()');
  }

  async down(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await new AnnounceAppends1796400000000().up(runner);
  }
}
