import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Idempotency-Keys each caller has used, with the fingerprint of the request that first used
 * each: a key stays bound to its request even when that request recorded nothing (it changed
 * nothing, or was refused), so another request under it is refused.
 */
export class CreateIdempotencyRequests1796100000000 implements MigrationInterface {
  readonly name = 'CreateIdempotencyRequests1796100000000';

  async up(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query(`create table idempotency_requests (
      actor text not null,
      key text not null,
      fingerprint text not null,
      first_used_at timestamptz not null default now(),
      primary key (actor, key)
    )`);
    await runner.query(
      'create index idempotency_requests_first_used on idempotency_requests (first_used_at)',
    );
  }

  async down(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query('drop table idempotency_requests');
  }
}
