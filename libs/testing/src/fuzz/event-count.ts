import { Pool } from 'pg';

/** Counts the events of a service's schema over a connection of its own. */
export interface EventCounter {
  count(): Promise<number>;
  close(): Promise<void>;
}

/** An EventCounter for `<schema>.events`, the table every ZoneLedger event store appends to. */
export function eventCounter(databaseUrl: string, schema: string): EventCounter {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  const table = `"${schema.replace(/"/g, '""')}".events`;
  return {
    // Every committed row, not the gap-safe view readers take: a refused request adds none at all.
    count: async () => {
      const { rows } = await pool.query<{ count: number }>(
        `select count(*)::int as count from ${table}`,
      );
      return rows[0].count;
    },
    close: () => pool.end(),
  };
}
