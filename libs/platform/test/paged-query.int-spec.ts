import { testIds } from '@zoneledger/testing';
import { Pool } from 'pg';
import { readPage, type PagedSelect } from '../src/database/paged-query';

// Pages of a real table: the rows in order, and a total that agrees with them even while rows
// are committed between one read and the next.

describe('readPage on PostgreSQL', () => {
  const { schema } = testIds('paged_query');
  let pool: Pool;
  const db = {
    query: async (sql: string, parameters?: unknown[]) => (await pool.query(sql, parameters)).rows,
  };

  // Zones in the order of their names; the rank breaks no tie, it is only another column.
  const zones = ['安庆', '北京', '长春', '大连', '鄂州'];
  const byName: PagedSelect = {
    select: 'name, rank',
    from: 'zones',
    where: [],
    values: [],
    orderBy: 'name collate "C"',
  };

  beforeAll(async () => {
    pool = new Pool({
      connectionString: process.env.DATABASE_URL,
      max: 2,
      options: `-c search_path=${schema}`,
    });
    await pool.query(`create schema "${schema}"`);
    await pool.query('create table zones (name text primary key, rank int not null)');
    await pool.query(
      `insert into zones select name, ordinality from unnest($1::text[]) with ordinality name`,
      [zones],
    );
  });

  afterAll(async () => {
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  });

  const namesIn = (rows: { name: string }[]) => rows.map((row) => row.name);

  it('reads each page in order, with the total of every matching row', async () => {
    const sorted = [...zones].sort();
    const pages = [];
    for (let offset = 0; offset < zones.length; offset += 2)
      pages.push(await readPage<{ name: string }>(db, byName, { limit: 2, offset }));

    expect(pages.map((page) => page.total)).toEqual([5, 5, 5]);
    expect(pages.map((page) => namesIn(page.rows))).toEqual([
      sorted.slice(0, 2),
      sorted.slice(2, 4),
      sorted.slice(4),
    ]);
  });

  it('returns the selected columns only, typed as PostgreSQL gives them', async () => {
    const { rows } = await readPage(db, byName, { limit: 1, offset: 0 });
    expect(rows).toEqual([{ name: [...zones].sort()[0], rank: expect.any(Number) }]);
  });

  it('keeps a descending order and binds the conditions for the count and the rows alike', async () => {
    const { rows, total } = await readPage<{ name: string; rank: number }>(
      db,
      { ...byName, where: ['rank >= $1'], values: [2], orderBy: 'rank desc' },
      { limit: 3, offset: 0 },
    );
    expect(total).toBe(4);
    expect(rows.map((row) => row.rank)).toEqual([5, 4, 3]);
  });

  it('counts the matches past the last page, and none when nothing matches', async () => {
    await expect(readPage(db, byName, { limit: 10, offset: 50 })).resolves.toEqual({
      rows: [],
      total: 5,
    });
    const none = { ...byName, where: ['name = $1'], values: ['不存在'] };
    await expect(readPage(db, none, { limit: 10, offset: 0 })).resolves.toEqual({
      rows: [],
      total: 0,
    });
  });

  it('counts the rows it lists when a row is committed during the read', async () => {
    // A matching row commits after every statement the read sends; a count and a listing read
    // in two statements would disagree by one.
    const table = 'arrivals';
    await pool.query(`create table ${table} (name text primary key)`);
    await pool.query(`insert into ${table} values ('first')`);
    let arrivals = 0;
    const busy = {
      query: async (sql: string, parameters?: unknown[]) => {
        const rows = await db.query(sql, parameters);
        await pool.query(`insert into ${table} values ($1)`, [`arrival ${++arrivals}`]);
        return rows;
      },
    };

    const { rows, total } = await readPage<{ name: string }>(
      busy,
      { select: 'name', from: table, where: [], values: [], orderBy: 'name' },
      { limit: 100, offset: 0 },
    );

    expect(arrivals).toBeGreaterThan(0);
    expect(total).toBe(rows.length);
  });
});
