import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DELIVERIES } from '../delivery/delivery-tables';

type Runner = Pick<QueryRunner, 'query'>;

/**
 * The zones a notification follows (its NotificationCreated's `followed`) kept on its delivery
 * row, so that a worker sending it needs the claim only, not a read of the notification's stream.
 * Rows from before it are filled from their events.
 */
export class AddDeliveryFollowed1796500000000 implements MigrationInterface {
  readonly name = 'AddDeliveryFollowed1796500000000';

  async up(runner: Runner): Promise<void> {
    await runner.query(
      `alter table ${DELIVERIES} add column followed jsonb not null default '[]'::jsonb`,
    );
    await runner.query(
      `update ${DELIVERIES} d set followed = e.data->'followed'
       from events e
       where e.stream_id = 'notification-' || d.notification_id
         and e.event_type = 'NotificationCreated' and jsonb_typeof(e.data->'followed') = 'array'`,
    );
  }

  async down(runner: Runner): Promise<void> {
    await runner.query(`alter table ${DELIVERIES} drop column followed`);
  }
}
