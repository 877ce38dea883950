import {
  CreateEventStore1764400000000,
  PostgresEventStore,
  type DomainEvent,
} from '@zoneledger/event-store';
import { testIds } from '@zoneledger/testing';
import { Pool } from 'pg';
import type { CommandContext } from '../src/concurrency/command-context';
import { DeciderStreams, type StreamDecider } from '../src/event-sourcing/decider-streams';
import { IdempotencyKeyReusedError } from '../src/problems/request-errors';

// A register of ledgers on a real event store: opening one starts its stream, which decideNew
// appends without reading it first. Its answers must be the ones decide gives.

type Opened = DomainEvent<'LedgerOpened', { readonly name: string }>;
type Open = { readonly name: string };

class LedgerAlreadyOpenError extends Error {}
class LedgerNameMissingError extends Error {}

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
            const query = client.query.bind(client);
            client.query = ((text: string | { text: string }, ...rest: unknown[]) => {
              statements.push(typeof text === 'string' ? text : text.text);
              return (query as (...args: unknown[]) => unknown)(text, ...rest);
            }) as typeof client.query;
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
