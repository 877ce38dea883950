// Exits 0 when a PostgreSQL server answers a query at the given URL within two seconds.
import pg from 'pg';

const client = new pg.Client({ connectionString: process.argv[2], connectionTimeoutMillis: 2000 });
try {
  await client.connect();
  await client.query('select 1');
  await client.end();
} catch (error) {
  if (process.env.PROBE_VERBOSE) process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
