import {
  CreateEventStore1764400000000,
  PostgresEventStore,
  RowsAlongsideConflictError,
  type DomainEvent,
  type Queryable,
  type RowsAlongside,
} from '@zoneledger/event-store';
import { testIds } from '@zoneledger/testing';
import { Pool } from 'pg';
import type { CommandContext } from '../src/concurrency/command-context';
import {
  DeciderStreams,
  type StreamAppend,
  type StreamDecider,
} from '../src/event-sourcing/decider-streams';
import { IdempotencyKeyReusedError } from '../src/problems/request-errors';

// A register of ledgers on a real event store: opening one starts its stream, which decideNew
// appends without reading it first. Its answers must be the ones decide gives.

type Opened = DomainEvent<'LedgerOpened', { readonly name: string }>;
type Open = { readonly name: string };

class LedgerAlreadyOpenError extends Error {}
class LedgerNameMissingError extends Error {}
class LedgerNameTakenError extends Error {}

const ledgers: StreamDecider<Open, Opened, { opened?: string }> = {
  streamType: 'ledger',
  initialState: () => ({}),
  evolve: (_state, event) => ({ opened: event.data.name }),
  decide: ({ name }, state) => {
    if (name === '') throw new LedgerNameMissingError('a ledger needs a name');
    if (state.opened !== undefined) throw new LedgerAlreadyOpenError(`open as ${state.opened}`);
    return [{ type: 'LedgerOpened', data: { name } }];
  },
};

describe('DeciderStreams.decideNew on the event store', () => {
  const { schema } = testIds('decide_new');
  let pool: Pool;
  let store: PostgresEventStore;
  let streams: DeciderStreams<Open, Opened, { opened?: string }>;
  let statements: string[];

  const context = (more: Partial<CommandContext> = {}): CommandContext => ({
    actor: 'clerk',
    correlationId: 'correlation-1',
    ...more,
  });

  beforeAll(async () => {
    pool = new Pool({
      connectionString: process.env.DATABASE_URL,
      max: 4,
      options: `-c search_path=${schema}`,
    });
    await pool.query(`create schema "${schema}"`);
    await new CreateEventStore1764400000000().up(pool);
    // Every statement the store sends, to show which round trips a command takes.
    const counted = new Proxy(pool, {
      get(target, property, receiver) {
        if (property === 'query')
          return (text: string | { text: string }, ...rest: unknown[]) => {
            statements.push(typeof text === 'string' ? text : text.text);
            return (target.query as (...args: unknown[]) => unknown)(text, ...rest);
          };
        if (property === 'connect')
          return async () => {
            const client = await target.connect();
            const { query, release } = client;
            client.query = ((text: string | { text: string }, ...rest: unknown[]) => {
              statements.push(typeof text === 'string' ? text : text.text);
              return (query as (...args: unknown[]) => unknown).call(client, text, ...rest);
            }) as typeof client.query;
            // Counted while checked out here only: the pool's own queries reuse its clients.
            client.release = (...args) => {
              client.query = query;
              client.release = release;
              return release.apply(client, args);
            };
            return client;
          };
        return Reflect.get(target, property, receiver);
      },
    });
    store = new PostgresEventStore(counted, { schema });
    streams = new DeciderStreams(store, ledgers);
  });

  beforeEach(() => (statements = []));

  afterAll(async () => {
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  });

  it('starts a stream in one statement, without reading it', async () => {
    await expect(streams.decideNew('a', () => ({ name: 'Suzhou' }), context())).resolves.toEqual({
      version: 1,
      recorded: ['LedgerOpened'],
      replayed: false,
    });
    expect(statements).toHaveLength(1);
    expect((await streams.read('a')).state).toEqual({ opened: 'Suzhou' });
  });

  it('writes alongside in the append’s transaction with no check that it wrote nothing before', async () => {
    await pool.query('create table if not exists opened_names (name text primary key)');
    const withNames = new DeciderStreams(store, {
      ...ledgers,
      writesAlongside: (appends) => async (transaction) => {
        for (const { events } of appends)
          for (const event of events)
            await transaction.query('insert into opened_names values ($1)', [event.data.name]);
      },
    });
    await withNames.decideNew('g', () => ({ name: 'Kunshan' }), context());
    // begin, the append, the write alongside, commit.
    expect(statements).toHaveLength(4);
    expect(statements[0]).toBe('begin');
    expect(statements[3]).toBe('commit');
    const { rows } = await pool.query('select name from opened_names');
    expect(rows).toEqual([{ name: 'Kunshan' }]);
  });

  describe('with new rows alongside', () => {
    // A ledger's name is held in ledger_names: the append statement inserts it, and when it is
    // taken the writes alongside, in a transaction, refuse the name as the domain words it.
    type Appends = readonly StreamAppend<Opened, { opened?: string }>[];
    const names = (appends: Appends) =>
      appends.flatMap(({ id, events }) => events.map((event) => [event.data.name, id]));
    const rowsAlongside = (appends: Appends): RowsAlongside => ({
      table: 'ledger_names',
      columns: [
        { name: 'name', type: 'text' },
        { name: 'ledger_id', type: 'text' },
      ],
      rows: names(appends),
    });
    const withNames = (writes: boolean) =>
      new DeciderStreams(store, {
        ...ledgers,
        rowsAlongside,
        ...(writes
          ? {
              writesAlongside: (appends: Appends) => async (transaction: Queryable) => {
                for (const [name, id] of names(appends)) {
                  const { rows } = await transaction.query(
                    `insert into ledger_names values ($1, $2) on conflict (name)
                       do update set ledger_id = ledger_names.ledger_id returning ledger_id`,
                    [name, id],
                  );
                  if (rows[0].ledger_id !== id)
                    throw new LedgerNameTakenError(`${name} is ${rows[0].ledger_id}'s`);
                }
              },
            }
          : {}),
      });

    beforeAll(() =>
      pool.query('create table ledger_names (name text primary key, ledger_id text not null)'),
    );

    it('inserts them in the append’s one statement', async () => {
      await withNames(true).decideNew('n1', () => ({ name: 'Changshu' }), context());

      expect(statements).toHaveLength(1);
      const { rows } = await pool.query(`select * from ledger_names where ledger_id = 'n1'`);
      expect(rows).toEqual([{ name: 'Changshu', ledger_id: 'n1' }]);
    });

    it('makes the append again in a transaction when one clashes: the writes alongside refuse it', async () => {
      await withNames(true).decideNew('n2', () => ({ name: 'Taicang' }), context());
      statements = [];

      await expect(
        withNames(true).decideNew('n3', () => ({ name: 'Taicang' }), context()),
      ).rejects.toThrow(new LedgerNameTakenError("Taicang is n2's"));

      // The statement that clashed; then begin, the append, the write alongside, rollback.
      expect(statements).toHaveLength(5);
      expect(statements.slice(1, 2)).toEqual(['begin']);
      expect(statements[4]).toBe('rollback');
      expect((await streams.read('n3')).version).toBe(0);
    });

    it('gives the store’s refusal when there are no writes alongside to word it', async () => {
      await withNames(false).decideNew('n4', () => ({ name: 'Zhangjiagang' }), context());

      await expect(
        withNames(false).decideNew('n5', () => ({ name: 'Zhangjiagang' }), context()),
      ).rejects.toThrow(RowsAlongsideConflictError);
      expect((await streams.read('n5')).version).toBe(0);
    });
  });

  it('decides on the stream as decide does when it exists already', async () => {
    await streams.decideNew('b', () => ({ name: 'Wuxi' }), context());
    await expect(streams.decideNew('b', () => ({ name: 'Wuxi' }), context())).rejects.toThrow(
      LedgerAlreadyOpenError,
    );
    await expect(streams.decide('b', () => ({ name: 'Wuxi' }), context())).rejects.toThrow(
      LedgerAlreadyOpenError,
    );
    expect((await streams.read('b')).version).toBe(1);
  });

  it('answers a retry under the same Idempotency-Key with the first result', async () => {
    const keyed = context({ idempotencyKey: 'open-c', idempotencyFingerprint: 'f1' });
    const first = await streams.decideNew('c', () => ({ name: 'Changzhou' }), keyed);
    const again = await streams.decideNew('c', () => ({ name: 'Changzhou' }), keyed);
    expect(first).toEqual({ version: 1, recorded: ['LedgerOpened'], replayed: false });
    expect(again).toEqual({ version: 1, recorded: ['LedgerOpened'], replayed: true });
    expect((await streams.read('c')).version).toBe(1);
  });

  it('refuses the same Idempotency-Key for another request', async () => {
    await streams.decideNew(
      'd',
      () => ({ name: 'Nantong' }),
      context({ idempotencyKey: 'open-d', idempotencyFingerprint: 'f1' }),
    );
    await expect(
      streams.decideNew(
        'd',
        () => ({ name: 'Yangzhou' }),
        context({ idempotencyKey: 'open-d', idempotencyFingerprint: 'f2' }),
      ),
    ).rejects.toThrow(IdempotencyKeyReusedError);
    expect((await streams.read('d')).state).toEqual({ opened: 'Nantong' });
  });

  it('gives the refusal decide gives for a command refused on a new stream', async () => {
    await expect(streams.decideNew('e', () => ({ name: '' }), context())).rejects.toThrow(
      LedgerNameMissingError,
    );
    expect((await streams.read('e')).version).toBe(0);
  });

  it('lets one of two concurrent openings of a stream win; the other is decided on it', async () => {
    const outcomes = await Promise.allSettled(
      ['Xuzhou', 'Huai’an'].map((name) => streams.decideNew('f', () => ({ name }), context())),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(LedgerAlreadyOpenError);
    expect((await streams.read('f')).version).toBe(1);
  });
});
