import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projections' bookkeeping, in the service's schema:
 * - projection_checkpoints: the last offset applied per (projection generation, topic,
 *   partition), written in the same transaction as the read model: the truth about what a read
 *   model contains (Kafka's committed offsets are only where to start fetching).
 * - projection_generations: which generation of a projection's tables its views show.
 */
export function projectionCheckpointsDdl(): string[] {
  return [
    `create table projection_checkpoints (
      projection text not null,
      topic text not null,
      "partition" int not null,
      "offset" bigint not null,
      updated_at timestamptz not null default now(),
      primary key (projection, topic, "partition")
    )`,
    `create table projection_generations (
      projection text primary key,
      generation int not null,
      switched_at timestamptz not null default now()
    )`,
  ];
}

/** Add to a service's TypeORM migrations (after its own first one) when it runs projections. */
export class CreateProjectionCheckpoints1764500000000 implements MigrationInterface {
  readonly name = 'CreateProjectionCheckpoints1764500000000';

  async up(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    for (const statement of projectionCheckpointsDdl()) await runner.query(statement);
  }

  async down(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query('drop table projection_generations, projection_checkpoints');
  }
}
