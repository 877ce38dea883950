import { Client } from 'pg';
import { stopKafka } from '../infrastructure';

/** Drops this run's database and stops the broker if this run started it. */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.ZL_TEST_ADMIN_DATABASE_URL;
  const run = process.env.ZL_TEST_RUN;
  if (adminUrl && run && !process.env.ZL_KEEP_TEST_DATABASE) {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists "zl_test_${run}" with (force)`);
    await client.end();
  }
  if (process.env.ZL_TEST_KAFKA_STARTED && !process.env.ZL_KEEP_KAFKA) stopKafka();
}
