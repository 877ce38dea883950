// Creates a database unless it exists, then prints its URL. Usage: database.mjs ADMIN_URL NAME
import pg from 'pg';

const [adminUrl, name] = process.argv.slice(2);
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name ?? '')) {
  process.stderr.write(`database name must be a lower-case SQL identifier, got "${name}"\n`);
  process.exit(2);
}
const client = new pg.Client({ connectionString: adminUrl });
await client.connect();
try {
  const found = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (found.rowCount === 0) {
    // 42P04: another process created it in between; that is what we wanted.
    await client.query(`create database "${name}"`).catch((error) => {
      if (error.code !== '42P04') throw error;
    });
  }
} finally {
  await client.end();
}
const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.stdout.write(`${url}\n`);
