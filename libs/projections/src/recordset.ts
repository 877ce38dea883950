import type { EntityManager } from 'typeorm';

// Statements that read or write many rows of a read model at once, for batch handlers: keys as a
// text array, rows as one JSON array turned into records by PostgreSQL (jsonb_to_recordset).

/**
 * The rows of `table` whose `key` column is one of `keys`, with `columns`, locked for update in
 * key order (so that two transactions locking some of the same rows wait instead of deadlocking).
 * Column names are the caller's own, never input.
 */
export function lockRowsByKey<Columns>(
  manager: EntityManager,
  table: string,
  key: string,
  columns: readonly string[],
  keys: readonly string[],
): Promise<Columns[]> {
  return manager.query(
    `select ${[key, ...columns].join(', ')} from ${table}
     where ${key} = any($1::text[]) order by ${key} for update`,
    [keys],
  );
}

/** A table's columns (those a statement writes) and their SQL types: `{ zone_id: 'text' }`. */
export type ColumnTypes = Readonly<Record<string, string>>;

/**
 * A row to write: an object whose properties are its columns' values, as JSON carries them
 * (strings for dates and times, arrays, objects for jsonb, null); properties with no column in
 * the statement are ignored.
 */
export type ColumnValues = object;

/**
 * Inserts `records` into `table`, replacing the rows of the same `key`, with one statement: the
 * records travel as one JSON array, typed by `columns` (each column's SQL type, the key's
 * included). Column names and types are the caller's own, never input.
 */
export async function upsertRecords(
  manager: EntityManager,
  table: string,
  key: string,
  columns: ColumnTypes,
  records: readonly ColumnValues[],
): Promise<void> {
  const replaced = Object.keys(columns).filter((name) => name !== key);
  await manager.query(
    `${insertFromRecordset(table, columns)}
     on conflict (${key}) do update set ${replaced.map((name) => `${name} = excluded.${name}`).join(', ')}`,
    [JSON.stringify(records)],
  );
}

/**
 * Inserts those of `records` whose rows `table` does not hold yet (by any unique key), with one
 * statement, as upsertRecords does; returns the `returning` columns of the rows it inserted.
 */
export function insertNewRecords<Returned = never>(
  manager: EntityManager,
  table: string,
  columns: ColumnTypes,
  records: readonly ColumnValues[],
  returning: readonly string[] = [],
): Promise<Returned[]> {
  return manager.query(
    `${insertFromRecordset(table, columns)} on conflict do nothing
     ${returning.length > 0 ? `returning ${returning.join(', ')}` : ''}`,
    [JSON.stringify(records)],
  );
}

function insertFromRecordset(table: string, columns: ColumnTypes): string {
  const names = Object.keys(columns);
  const typed = names.map((name) => `${name} ${columns[name]}`);
  return `insert into ${table} (${names.join(', ')})
     select ${names.join(', ')} from jsonb_to_recordset($1::jsonb) as added(${typed.join(', ')})`;
}
