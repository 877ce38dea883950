/** The store's tables, schema-qualified when a schema is given, else found on the search_path. */
export interface EventStoreTables {
  readonly events: string;
  readonly streams: string;
  readonly idempotencyKeys: string;
  readonly checkpoints: string;
}

/** Quotes a Postgres identifier, so any schema name is safe to splice into SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Table names for one service's schema. */
export function eventStoreTables(schema?: string): EventStoreTables {
  const qualify = (table: string) => (schema ? `${quoteIdentifier(schema)}.${table}` : table);
  return {
    events: qualify('events'),
    streams: qualify('streams'),
    idempotencyKeys: qualify('idempotency_keys'),
    checkpoints: qualify('checkpoints'),
  };
}
