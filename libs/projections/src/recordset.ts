// Statements that read or write many rows of a read model at once, for a projection's statements
// (ProjectionStatements): keys as a text array, rows as one JSON array turned into records by
// PostgreSQL (jsonb_to_recordset), each given as an SQL expression with its values as literals.

/**
 * The row of `table` for each of `keys` (an SQL text[] expression) that has one, unlocked, in no
 * set order: `key` being the table's primary key, or, given `newestBy`, its first column, the row
 * with the greatest `newestBy` (the key's latest). `columns` are select-list items of the table's
 * (`to_char(valid_from, 'YYYY-MM-DD') as valid_from` will do), the caller's own, never input.
 * One probe of the key's index a key, written so that no plan but that one is cheaper whatever
 * the table's statistics: a server without autovacuum never has any, and `key = any(keys)` was
 * then a bitmap scan, or on a small table a scan of the whole of it; with `distinct on` for the
 * latest, a scan of the whole table at any size seen (1.7 ms a batch at 15,000 zones).
 */
export function rowsByKeyStatement(
  table: string,
  key: string,
  columns: readonly string[],
  keys: string,
  newestBy?: string,
): string {
  // Unqualified names inside the lateral subquery are the table's: its scope is searched first.
  return `select found.* from unnest(${keys}) as wanted(${key})
     cross join lateral (select ${[key, ...columns].join(', ')} from ${table} t
       where t.${key} = wanted.${key}${newestBy ? ` order by t.${newestBy} desc` : ''}
       limit 1) found`;
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
 * type, the key's included). Column names and types are the caller's own, never input. Given
 * `newerBy`, a row is replaced only by a record with a greater value in that column.
 */
export function upsertStatement(
  table: string,
  key: string,
  columns: ColumnTypes,
  records: string,
  newerBy?: string,
): string {
  const replaced = Object.keys(columns).filter((name) => name !== key);
  const newer = newerBy ? `\n     where ${table}.${newerBy} < excluded.${newerBy}` : '';
  return `${insertFromRecordset(table, columns, records)}
     on conflict (${key}) do update set ${replaced.map((name) => `${name} = excluded.${name}`).join(', ')}${newer}`;
}

/**
 * Inserts those of `records` (an SQL expression of their JSON array, as upsertStatement takes
 * them) whose rows `table` does not hold yet, by any unique key, leaving the rows it holds as
 * they are.
 */
export function insertNewRecordsStatement(
  table: string,
  columns: ColumnTypes,
  records: string,
): string {
  return `${insertFromRecordset(table, columns, records)} on conflict do nothing`;
}

function insertFromRecordset(table: string, columns: ColumnTypes, records: string): string {
  const names = Object.keys(columns);
  return `insert into ${table} (${names.join(', ')})
     select ${names.join(', ')} from ${recordset(records, columns, 'added')}`;
}

/**
 * Records given as an SQL expression of their JSON array, as a set of rows named `alias` with
 * `columns` of their types, for a statement's `from`: each JSON property becomes its column's
 * value (arrays, objects for jsonb, null), and properties with no column are ignored.
 */
export function recordset(records: string, columns: ColumnTypes, alias: string): string {
  const typed = Object.keys(columns).map((name) => `${name} ${columns[name]}`);
  return `jsonb_to_recordset(${records}::jsonb) as ${alias}(${typed.join(', ')})`;
}
