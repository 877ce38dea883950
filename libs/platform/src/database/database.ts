import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { LostConnectionLoggingClient } from './lost-connection-client';

export interface ServiceDatabaseOptions {
  readonly url: string;
  readonly schema: string;
  /** TypeORM migration classes, in order; the service's schema is built only through them. */
  readonly migrations: MixedList<Function | string>;
  readonly entities: MixedList<Function | string | EntitySchema>;
}

/** TypeORM options for a service that owns one Postgres schema (never synchronize). */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // search_path makes raw SQL in migrations and queries land in the service's own schema.
    extra: {
      max: 10,
      application_name: options.schema,
      options: `-c search_path=${options.schema}`,
      // pg-pool builds its connections from this class: none is ever without an error listener.
      Client: LostConnectionLoggingClient,
    },
  };
}

/**
 * Creates the service's schema if needed, then runs its pending migrations under an advisory
 * lock, so several instances of a service starting together migrate once.
 */
export async function migrateServiceSchema(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(`select pg_advisory_lock(hashtext($1))`, [`migrations:${schema}`]);
    try {
      await runner.query(`create schema if not exists "${schema}"`);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query(`select pg_advisory_unlock(hashtext($1))`, [`migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}

/** Opens a service's data source and brings its schema up to date. */
export async function openServiceDatabase(options: ServiceDatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource(serviceDataSourceOptions(options));
  await dataSource.initialize();
  await migrateServiceSchema(dataSource, options.schema);
  return dataSource;
}

/**
 * A data source on the database, schema and entities of `shared` with a pool of its own, of at
 * most `maxConnections`, that never migrates (`shared` does). For background work whose round
 * trips must not wait for a connection behind HTTP commands; its sessions are named
 * `<schema>:<purpose>` in pg_stat_activity.
 */
export function separatePool(
  shared: DataSource,
  purpose: string,
  maxConnections: number,
): DataSource {
  const options = shared.options as PostgresConnectionOptions;
  const extra = options.extra as { application_name?: string } | undefined;
  return new DataSource({
    ...options,
    migrations: [],
    migrationsRun: false,
    extra: {
      ...extra,
      max: maxConnections,
      application_name: `${extra?.application_name ?? options.schema}:${purpose}`,
    },
  });
}
