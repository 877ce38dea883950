/** Which part of a list to read: `limit` items after the first `offset`. */
export interface Page {
  readonly limit: number;
  readonly offset: number;
}

/** One page of a list, with how many items match in all. */
export interface PageOf<Item> extends Page {
  readonly items: Item[];
  readonly total: number;
}

/** What a paged read selects: columns and order of the rows of `from` that pass `where`. */
export interface PagedSelect {
  readonly select: string;
  /** A table, a view or a parenthesised subquery with its alias. */
  readonly from: string;
  /**
   * Where to count instead, when `from` costs more per row than the count needs (e.g. it derives
   * a column the conditions do not use): the same rows under the same conditions, cheaper.
   */
  readonly countFrom?: string;
  /** Conditions, all of which must hold; `$n` placeholders bind to `values`. */
  readonly where: readonly string[];
  readonly values: readonly unknown[];
  /** A total order (ending on a unique column), so pages neither repeat nor skip rows. */
  readonly orderBy: string;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Reads the page's rows and the count of every matching row, the same conditions for both, in one
 * statement: one snapshot, so a row committed meanwhile is either counted and listed or neither
 * (two statements could count it and then not list it, answering a total of 2 over no items).
 */
export async function readPage<Row>(
  db: Queryable,
  { select, from, countFrom = from, where, values, orderBy }: PagedSelect,
  page: Page,
): Promise<{ rows: Row[]; total: number }> {
  const conditions = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const limit = `$${values.length + 1}`;
  const offset = `$${values.length + 2}`;
  // The count is the one outer row and the page joins it on true, which only a nested loop can
  // do: the page's rows come out in the page's order. A page past the end leaves one row with
  // the count and no page_row.
  const rows = (await db.query(
    `select counted.page_total, page.*
     from (select count(*)::int as page_total from ${countFrom} ${conditions}) counted
     left join (select true as page_row, ${select} from ${from} ${conditions}
                order by ${orderBy} limit ${limit} offset ${offset}) page on true`,
    [...values, page.limit, page.offset],
  )) as (Row & { page_total: number; page_row: true | null })[];
  return {
    rows: rows.filter((row) => row.page_row !== null).map(withoutPageColumns),
    total: rows[0].page_total,
  };
}

function withoutPageColumns<Row>({
  page_total: _total,
  page_row: _row,
  ...row
}: Row & { page_total: number; page_row: true | null }): Row {
  return row as Row;
}

/** A LIKE pattern matching `text` anywhere, its own %, _ and \ taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (wildcard) => `\\${wildcard}`)}%`;
}
