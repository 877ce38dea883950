import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SUBSCRIPTIONS } from '../application/subscription-streams';
import { DELIVERIES, DELIVERY_ATTEMPTS, NOTIFIABLE_EVENTS } from '../delivery/delivery-tables';

type Runner = Pick<QueryRunner, 'query'>;

/**
 * The tables of notifications and their delivery (delivery-tables.ts), and the transaction id of
 * each subscription row's last change, by which every instance's matching index picks up the
 * changes made since it last looked (gap-safe: read from the oldest transaction then running).
 */
export class CreateDeliveries1796300000000 implements MigrationInterface {
  readonly name = 'CreateDeliveries1796300000000';

  async up(runner: Runner): Promise<void> {
    await runner.query(`create table ${NOTIFIABLE_EVENTS} (
      seq bigserial not null,
      tx xid8 not null default pg_current_xact_id(),
      event_id text not null,
      event_type text not null,
      subject text not null,
      stream_version bigint not null,
      event_time timestamptz not null,
      facts jsonb not null,
      cloud_event jsonb not null,
      recorded_at timestamptz not null default now(),
      primary key (seq),
      unique (event_id)
    )`);
    await runner.query(`create index ${NOTIFIABLE_EVENTS}_order on ${NOTIFIABLE_EVENTS} (tx, seq)`);
    await runner.query(
      `create index ${NOTIFIABLE_EVENTS}_recorded on ${NOTIFIABLE_EVENTS} (recorded_at)`,
    );

    await runner.query(`create table ${DELIVERIES} (
      notification_id text primary key,
      subscription_id text not null,
      channel_kind text not null,
      source_event_id text not null,
      subject text not null,
      position bigint not null,
      status text not null,
      attempts integer not null default 0,
      due_at timestamptz not null,
      lease_until timestamptz,
      first_failure_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    // What a worker claims: pending rows by due time (partial: delivered rows drop out of it).
    await runner.query(
      `create index ${DELIVERIES}_due on ${DELIVERIES} (channel_kind, due_at) where status = 'pending'`,
    );
    // The order check: an earlier pending delivery about the same subject to the same subscription.
    await runner.query(
      `create index ${DELIVERIES}_subject_order on ${DELIVERIES} (subscription_id, subject, position, notification_id) where status = 'pending'`,
    );
    await runner.query(
      `create index ${DELIVERIES}_subscription on ${DELIVERIES} (subscription_id, created_at, notification_id)`,
    );

    await runner.query(`create table ${DELIVERY_ATTEMPTS} (
      notification_id text not null,
      attempt integer not null,
      subscription_id text not null,
      outcome text not null,
      status_code integer,
      latency_ms integer not null,
      error text,
      response_excerpt text,
      next_step text,
      retry_at timestamptz,
      attempted_at timestamptz not null,
      primary key (notification_id, attempt)
    )`);
    await runner.query(
      `create index ${DELIVERY_ATTEMPTS}_subscription on ${DELIVERY_ATTEMPTS} (subscription_id, attempted_at desc, notification_id, attempt)`,
    );

    await runner.query(
      `alter table ${SUBSCRIPTIONS} add column tx xid8 not null default pg_current_xact_id()`,
    );
    await runner.query(`create index ${SUBSCRIPTIONS}_tx on ${SUBSCRIPTIONS} (tx)`);
  }

  async down(runner: Runner): Promise<void> {
    await runner.query(`drop index ${SUBSCRIPTIONS}_tx`);
    await runner.query(`alter table ${SUBSCRIPTIONS} drop column tx`);
    await runner.query(`drop table ${DELIVERY_ATTEMPTS}`);
    await runner.query(`drop table ${DELIVERIES}`);
    await runner.query(`drop table ${NOTIFIABLE_EVENTS}`);
  }
}
