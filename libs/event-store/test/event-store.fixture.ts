import { CreateEventStore1764400000000, PostgresEventStore } from '../src';
import { eventually, testIds } from '@zoneledger/testing';
import { Pool, type PoolClient } from 'pg';

/** One test's own schema with the event store migrated into it, and a store over it. */
export interface StoreFixture {
  readonly schema: string;
  readonly pool: Pool;
  readonly store: PostgresEventStore;
  /** A client with an open transaction, for appends whose commit the test controls. */
  begin(): Promise<PoolClient>;
  /** Commits or rolls back a transaction from begin() and gives its client back to the pool. */
  finish(client: PoolClient, outcome: 'commit' | 'rollback'): Promise<void>;
  close(): Promise<void>;
}

export async function openStore(label: string, poolSize = 10): Promise<StoreFixture> {
  const { schema } = testIds(label);
  // The pool's search_path is the schema, as a service's TypeORM pool has it: the migration
  // runs unqualified, as it does inside TypeORM; the store qualifies its SQL with the schema.
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: poolSize,
    options: `-c search_path=${schema}`,
  });
  await pool.query(`create schema "${schema}"`);
  await new CreateEventStore1764400000000().up(pool);
  const store = new PostgresEventStore(pool, { schema });
  const clients = new Set<PoolClient>();
  return {
    schema,
    pool,
    store,
    async begin() {
      const client = await pool.connect();
      clients.add(client);
      await client.query('begin');
      return client;
    },
    async finish(client, outcome) {
      await client.query(outcome);
      clients.delete(client);
      client.release();
    },
    async close() {
      for (const client of clients) {
        await client.query('rollback').catch(() => undefined);
        client.release();
      }
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.end();
    },
  };
}

/**
 * Resolves once `count` statements on this test's schema wait for a lock (a stream row or an
 * idempotency key held by an uncommitted transaction): how tests order commits without sleeping.
 */
export async function waitForBlockedStatements(
  pool: Pool,
  schema: string,
  count = 1,
): Promise<void> {
  await eventually(async () => {
    const { rows } = await pool.query(
      `select pid from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock' and position($1 in query) > 0`,
      [`"${schema}".`],
    );
    expect(rows).toHaveLength(count);
  });
}

/**
 * Why a promise rejects, with the handler attached at once: a write that is released by a
 * commit may fail before the test gets round to awaiting it, and must not count as unhandled.
 */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(
        `expected a rejection, but it resolved: ${JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`,
      );
    },
    (reason: unknown) => reason,
  );
}
