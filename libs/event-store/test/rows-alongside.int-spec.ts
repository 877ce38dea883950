import {
  NO_STREAM,
  RowsAlongsideConflictError,
  WrongExpectedVersionError,
  type RowsAlongside,
} from '../src';
import { openStore, rejectionOf, type StoreFixture } from './event-store.fixture';

// A register whose zones hold their names: the claims are rows the append statement inserts with
// the events, so a registration is one statement and a taken name fails it whole.

const registered = (name: string) => ({ type: 'ZoneRegistered', data: { name } });

const claims = (...rows: [name: string, zone: string][]): RowsAlongside => ({
  table: 'name_claims',
  columns: [
    { name: 'name', type: 'text' },
    { name: 'zone_id', type: 'text' },
  ],
  rows,
});

describe('rows inserted alongside an append', () => {
  let fixture: StoreFixture;
  beforeEach(async () => {
    fixture = await openStore('es_rows_alongside');
    await fixture.pool.query(
      'create table name_claims (name text primary key, zone_id text not null)',
    );
  });
  afterEach(() => fixture.close());

  const claimed = async () =>
    (await fixture.pool.query('select name, zone_id from name_claims order by name')).rows;

  it('inserts them with the events, in the one statement', async () => {
    const { store, pool } = fixture;
    const sent: string[] = [];
    const query = pool.query.bind(pool);
    const spy = jest.spyOn(pool, 'query').mockImplementation(((
      config: unknown,
      values: unknown,
    ) => {
      sent.push(typeof config === 'string' ? config : (config as { text: string }).text);
      return query(config as string, values as unknown[]);
    }) as typeof pool.query);

    const result = await store.append('zone-sip', NO_STREAM, [registered('SIP')], {
      rowsAlongside: claims(['sip', 'sip'], ['suzhou industrial park', 'sip']),
    });
    spy.mockRestore();

    expect(result.nextExpectedVersion).toBe(1);
    // One statement on the pool: no transaction of its own, no second round trip.
    expect(sent).toHaveLength(1);
    expect(await claimed()).toEqual([
      { name: 'sip', zone_id: 'sip' },
      { name: 'suzhou industrial park', zone_id: 'sip' },
    ]);
  });

  it('inserts none when the stream is not at the expected version', async () => {
    const { store } = fixture;
    await store.append('zone-a', NO_STREAM, [registered('A')]);

    const refusal = await rejectionOf(
      store.append('zone-a', NO_STREAM, [registered('A again')], {
        rowsAlongside: claims(['a again', 'a']),
      }),
    );

    expect(refusal).toBeInstanceOf(WrongExpectedVersionError);
    expect(await claimed()).toEqual([]);
  });

  it('inserts none when the idempotency key answers with the first append', async () => {
    const { store } = fixture;
    const options = { idempotencyKey: 'register-b', rowsAlongside: claims(['b', 'b']) };
    const first = await store.append('zone-b', NO_STREAM, [registered('B')], options);

    // The same rows again would clash; the retry inserts nothing, so it does not.
    const retry = await store.append('zone-b', NO_STREAM, [registered('B')], options);

    expect(retry.replayed).toBe(true);
    expect(retry.events.map((event) => event.eventId)).toEqual(
      first.events.map((event) => event.eventId),
    );
    expect(await claimed()).toEqual([{ name: 'b', zone_id: 'b' }]);
  });

  it('appends nothing when a row clashes, and says which table and key', async () => {
    const { store } = fixture;
    await store.append('zone-c', NO_STREAM, [registered('C')], {
      rowsAlongside: claims(['c', 'c']),
    });

    for (const idempotencyKey of [undefined, 'register-d']) {
      const refusal = await rejectionOf(
        store.append('zone-d', NO_STREAM, [registered('C')], {
          idempotencyKey,
          rowsAlongside: claims(['d', 'd'], ['c', 'd']),
        }),
      );
      expect(refusal).toBeInstanceOf(RowsAlongsideConflictError);
      expect(refusal).toMatchObject({
        table: 'name_claims',
        constraint: 'name_claims_pkey',
        detail: 'Key (name)=(c) already exists.',
      });
    }

    expect(await store.readStream('zone-d')).toEqual({ version: 0, events: [] });
    expect(await claimed()).toEqual([{ name: 'c', zone_id: 'c' }]);
    // Neither the key nor the stream was kept: the same key appends once the rows are free.
    const later = await store.append('zone-d', NO_STREAM, [registered('D')], {
      idempotencyKey: 'register-d',
      rowsAlongside: claims(['d', 'd']),
    });
    expect(later.replayed).toBe(false);
  });

  it('leaves a caller’s transaction usable after a clash', async () => {
    const { store } = fixture;
    await store.append('zone-e', NO_STREAM, [registered('E')], {
      rowsAlongside: claims(['e', 'e']),
    });
    const transaction = await fixture.begin();

    const refusal = await rejectionOf(
      store.append('zone-f', NO_STREAM, [registered('E')], {
        transaction,
        rowsAlongside: claims(['e', 'f']),
      }),
    );
    expect(refusal).toBeInstanceOf(RowsAlongsideConflictError);
    // Undone to where it began: the caller's transaction goes on and commits its own writes.
    await transaction.query(`insert into name_claims values ('f', 'f')`);
    await fixture.finish(transaction, 'commit');

    expect(await store.readStream('zone-f')).toEqual({ version: 0, events: [] });
    expect(await claimed()).toEqual([
      { name: 'e', zone_id: 'e' },
      { name: 'f', zone_id: 'f' },
    ]);
  });

  it('inserts them with an append to several streams, or not at all', async () => {
    const { store } = fixture;
    const streams = [
      { streamId: 'zone-g', expectedVersion: NO_STREAM, events: [registered('G')] },
      { streamId: 'zone-h', expectedVersion: NO_STREAM, events: [registered('H')] },
    ];
    await store.appendToStreams(streams, { rowsAlongside: claims(['g', 'g'], ['h', 'h']) });

    const again = [
      { streamId: 'zone-i', expectedVersion: NO_STREAM, events: [registered('I')] },
      { streamId: 'zone-h', expectedVersion: NO_STREAM, events: [registered('H')] },
    ];
    const refusal = await rejectionOf(
      store.appendToStreams(again, { rowsAlongside: claims(['i', 'i']) }),
    );

    expect(refusal).toBeInstanceOf(WrongExpectedVersionError);
    expect(await claimed()).toEqual([
      { name: 'g', zone_id: 'g' },
      { name: 'h', zone_id: 'h' },
    ]);
    expect((await store.readStream('zone-i')).version).toBe(0);
  });

  it('keeps its statements apart on one connection, however long the schema’s name', async () => {
    // Names cut at PostgreSQL's 63 bytes used to make the plain append's statement and this
    // one's the same name on a connection ("prepared statement already exists").
    const long = await openStore('es_rows_alongside_with_a_schema_name_near_the_limit', 1);
    try {
      expect(long.schema.length).toBeGreaterThan(55);
      await long.pool.query(
        'create table name_claims (name text primary key, zone_id text not null)',
      );
      await long.store.append('zone-j', NO_STREAM, [registered('J')]);
      await long.store.append('zone-k', NO_STREAM, [registered('K')], {
        rowsAlongside: claims(['k', 'k']),
      });
      await long.store.append('zone-l', NO_STREAM, [registered('L')]);
      expect((await long.pool.query('select name from name_claims')).rows).toEqual([{ name: 'k' }]);
    } finally {
      await long.close();
    }
  });
});
