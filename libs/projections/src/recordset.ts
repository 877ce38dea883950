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
  return manager.query(lockRowsStatement(table, key, columns, '$1::text[]'), [keys]);
}

/** lockRowsByKey's statement, the keys given as an SQL expression of type text[]. */
export function lockRowsStatement(
  table: string,
  key: string,
  columns: readonly string[],
  keys: string,
): string {
  return `${rowsByKeyStatement(table, key, columns, keys)} for update`;
}

/** The rows of `table` whose `key` is one of `keys` (an SQL text[] expression), unlocked. */
export function rowsByKeyStatement(
  table: string,
  key: string,
  columns: readonly string[],
  keys: string,
): string {
  return `select ${[key, ...columns].join(', ')} from ${table}
     where ${key} = any(${keys}) order by ${key}`;
}

/** Keys as an SQL expression of type text[], each quoted by `literal`. */
export function textArray(keys: readonly string[], literal: (value: string) => string): string {
  return `array[${keys.map(literal).join(', ')}]::text[]`;
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
 * Inserts records into `table`, replacing the rows of the same `key`, with one statement: the
 * records given as an SQL expression of their JSON array, typed by `columns` (each column's SQL
 * type, the key's included). Column names and types are the caller's own, never input.
 */
export function upsertStatement(
  table: string,
  key: string,
  columns: ColumnTypes,
  records: string,
): string {
  const replaced = Object.keys(columns).filter((name) => name !== key);
  return `${insertFromRecordset(table, columns, records)}
     on conflict (${key}) do update set ${replaced.map((name) => `${name} = excluded.${name}`).join(', ')}`;
}

/**
 * Inserts those of `records` whose rows `table` does not hold yet (by any unique key), with one
 * statement, as upsertStatement does; returns the `returning` columns of the rows it inserted.
 */
export function insertNewRecords<Returned = never>(
  manager: EntityManager,
  table: string,
  columns: ColumnTypes,
  records: readonly ColumnValues[],
  returning: readonly string[] = [],
): Promise<Returned[]> {
  return manager.query(
    `${insertFromRecordset(table, columns, '$1')} on conflict do nothing
     ${returning.length > 0 ? `returning ${returning.join(', ')}` : ''}`,
    [JSON.stringify(records)],
  );
}

function insertFromRecordset(table: string, columns: ColumnTypes, records: string): string {
  const names = Object.keys(columns);
  const typed = names.map((name) => `${name} ${columns[name]}`);
  return `insert into ${table} (${names.join(', ')})
     select ${names.join(', ')} from jsonb_to_recordset(${records}::jsonb) as added(${typed.join(', ')})`;
}
