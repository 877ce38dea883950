import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SUBSCRIPTIONS } from '../application/subscription-streams';
import { WEBHOOK_SECRETS } from '../application/webhook-secrets';

type Runner = Pick<QueryRunner, 'query'>;

/**
 * The notifier's write-side tables, written in the transactions that append subscription events
 * (SubscriptionStreams): the webhook signing secrets, encrypted with AES-256-GCM under
 * NOTIFIER_SECRET_KEY (WebhookSecrets; the events hold only `secret_ref`), and the subscriptions
 * as the list reads them.
 */
export class CreateSubscriptions1796200000000 implements MigrationInterface {
  readonly name = 'CreateSubscriptions1796200000000';

  async up(runner: Runner): Promise<void> {
    await runner.query(`create table ${WEBHOOK_SECRETS} (
      secret_ref text primary key,
      subscription_id text not null,
      iv bytea not null,
      ciphertext bytea not null,
      auth_tag bytea not null,
      created_at timestamptz not null default now()
    )`);
    await runner.query(
      `create index ${WEBHOOK_SECRETS}_subscription on ${WEBHOOK_SECRETS} (subscription_id)`,
    );
    await runner.query(`create table ${SUBSCRIPTIONS} (
      subscription_id text primary key,
      owner text not null,
      status text not null,
      view jsonb not null,
      version integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    await runner.query(
      `create index ${SUBSCRIPTIONS}_owner on ${SUBSCRIPTIONS} (owner, created_at, subscription_id)`,
    );
    await runner.query(
      `create index ${SUBSCRIPTIONS}_created on ${SUBSCRIPTIONS} (created_at, subscription_id)`,
    );
  }

  async down(runner: Runner): Promise<void> {
    await runner.query(`drop table ${SUBSCRIPTIONS}`);
    await runner.query(`drop table ${WEBHOOK_SECRETS}`);
  }
}
