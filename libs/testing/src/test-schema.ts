import { Client } from 'pg';

/**
 * Drops a test's schema over a connection of its own, once the app under test has closed its
 * connections (they would otherwise hold locks on the schema's tables).
 */
export async function dropTestSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema.replace(/"/g, '""')}" cascade`);
  } finally {
    await client.end();
  }
}
