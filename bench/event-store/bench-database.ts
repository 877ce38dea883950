import { Client } from 'pg';
import { loadAverage, machine } from '../bench-report';

/** The server the benchmarks use (trust auth on the project's machines). */
export const databaseUrl =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The same server's URL for another database. */
export function urlOf(database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh, empty database; returns its URL. */
export function createDatabase(name: string): Promise<string> {
  return onServer(async (client) => {
    await client.query(`create database "${name}"`);
    return urlOf(name);
  });
}

/** Drops a benchmark's database, closing what still holds it. */
export function dropDatabase(name: string): Promise<void> {
  return onServer(async (client) => {
    await client.query(`drop database if exists "${name}" with (force)`);
  });
}

/** The server's version and the settings that bear on write speed. */
export function serverSettings(): Promise<Record<string, string>> {
  return onServer(async (client) => {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings where name in
         ('server_version', 'synchronous_commit', 'fsync', 'shared_buffers', 'wal_level', 'max_wal_size')`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  });
}

/** A database's size on disk in bytes. */
export function databaseBytes(name: string): Promise<number> {
  return onServer(async (client) => {
    const { rows } = await client.query<{ bytes: string }>('select pg_database_size($1) as bytes', [
      name,
    ]);
    return Number(rows[0].bytes);
  });
}

/** What every event store result file starts with: when, how, on what, under what load. */
export async function runHeader(
  script: string,
  profile: string,
  started: { readonly at: number; readonly loadAverage: number[] },
) {
  return {
    date: new Date().toISOString(),
    command: `BENCH_PROFILE=${profile} npm run ${script}`,
    profile,
    machine: machine(),
    loadAverageBefore: started.loadAverage,
    loadAverageAtEnd: loadAverage(),
    wallSeconds: Math.round((Date.now() - started.at) / 1000),
    postgres: await serverSettings(),
  };
}
