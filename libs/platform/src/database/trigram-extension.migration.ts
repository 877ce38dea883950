import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * pg_trgm, whose trigram indexes serve text searches in read models (zone names, policy titles and measures).
 * An extension belongs to the database, not to a schema's owner: it goes to `public`, where every
 * service's schema can use it and dropping one service's schema leaves it alone (unless it is
 * installed already, wherever that is). pg_trgm is a trusted extension: the service's user needs
 * only CREATE on the database, no superuser. The lock keeps services migrating at the same time
 * from installing it twice (`if not exists` alone does not).
 */
export class CreateTrigramExtension1795965893848 implements MigrationInterface {
  readonly name = 'CreateTrigramExtension1795965893848';

  async up(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query(`select pg_advisory_xact_lock(hashtext('create extension pg_trgm'))`);
    await runner.query('create extension if not exists pg_trgm with schema public');
  }

  // Other schemas of the database may index with it: the extension stays.
  down(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * pg_trgm's trigram operator class, qualified by the schema holding the extension, for a read
 * model's `using gin (column <class>)` indexes of text searches ('%…%', which a btree cannot serve).
 */
export async function trigramOperatorClass(manager: Pick<QueryRunner, 'query'>): Promise<string> {
  const [{ schema }]: { schema: string }[] = await manager.query(
    `select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`,
  );
  return `${schema}.gin_trgm_ops`;
}
