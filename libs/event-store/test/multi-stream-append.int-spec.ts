import { ANY, InvalidAppendError, NO_STREAM, WrongExpectedVersionError } from '../src';
import {
  openStore,
  rejectionOf,
  waitForBlockedStatements,
  type StoreFixture,
} from './event-store.fixture';

type ZoneEvent =
  | { type: 'ZoneRegistered'; data: { name: string } }
  | { type: 'ZoneMergedInto'; data: { target: string } }
  | { type: 'ZonesAbsorbed'; data: { sources: string[] } };

const registered = (name: string): ZoneEvent => ({ type: 'ZoneRegistered', data: { name } });
const mergedInto = (target: string): ZoneEvent => ({ type: 'ZoneMergedInto', data: { target } });
const absorbed = (sources: string[]): ZoneEvent => ({ type: 'ZonesAbsorbed', data: { sources } });

describe('appending to several streams at once (a zone merger)', () => {
  let fixture: StoreFixture;
  beforeEach(async () => (fixture = await openStore('es_multi')));
  afterEach(() => fixture.close());

  it('appends to every stream, each at its expected version, in one transaction', async () => {
    const { store } = fixture;
    await store.append('zone-wuxi', NO_STREAM, [registered('Wuxi New District')]);
    await store.append('zone-xishan', NO_STREAM, [registered('Xishan'), registered('Xishan EDZ')]);

    const result = await store.appendToStreams(
      [
        { streamId: 'zone-wuxi', expectedVersion: 1, events: [mergedInto('zone-wuxi-hi-tech')] },
        { streamId: 'zone-xishan', expectedVersion: 2, events: [mergedInto('zone-wuxi-hi-tech')] },
        {
          streamId: 'zone-wuxi-hi-tech',
          expectedVersion: NO_STREAM,
          events: [registered('Wuxi Hi-Tech'), absorbed(['zone-wuxi', 'zone-xishan'])],
        },
      ],
      { metadata: { correlationId: 'merger-1', actor: 'state-council' } },
    );

    expect(result.streams).toEqual([
      { streamId: 'zone-wuxi', nextExpectedVersion: 2 },
      { streamId: 'zone-xishan', nextExpectedVersion: 3 },
      { streamId: 'zone-wuxi-hi-tech', nextExpectedVersion: 2 },
    ]);
    expect(result.events.map((e) => [e.streamId, e.streamVersion])).toEqual([
      ['zone-wuxi', 2],
      ['zone-xishan', 3],
      ['zone-wuxi-hi-tech', 1],
      ['zone-wuxi-hi-tech', 2],
    ]);
    expect(new Set(result.events.map((e) => e.transactionId)).size).toBe(1);
    expect(result.lastPosition).toBe(result.events[3].position);
    expect(result.events.every((e) => e.metadata.correlationId === 'merger-1')).toBe(true);
    expect((await store.readStream('zone-wuxi-hi-tech')).events).toEqual(result.events.slice(2));
  });

  it('appends nothing anywhere when one stream’s expected version is wrong', async () => {
    const { store, pool, schema } = fixture;
    await store.append('zone-a', NO_STREAM, [registered('A')]);
    await store.append('zone-c', NO_STREAM, [registered('C'), registered('C2')]);

    const merger = store.appendToStreams([
      { streamId: 'zone-a', expectedVersion: 1, events: [mergedInto('zone-b')] },
      { streamId: 'zone-b', expectedVersion: NO_STREAM, events: [absorbed(['zone-a', 'zone-c'])] },
      { streamId: 'zone-c', expectedVersion: 1, events: [mergedInto('zone-b')] },
      { streamId: 'zone-d', expectedVersion: ANY, events: [mergedInto('zone-b')] },
    ]);
    await expect(merger).rejects.toThrow(WrongExpectedVersionError);
    await expect(merger).rejects.toMatchObject({ streamId: 'zone-c', expected: 1, actual: 2 });

    expect((await store.readStream('zone-a')).version).toBe(1);
    expect(await store.readStream('zone-b')).toEqual({ version: 0, events: [] });
    expect((await store.readStream('zone-c')).version).toBe(2);
    expect(await store.readStream('zone-d')).toEqual({ version: 0, events: [] });
    const { rows } = await pool.query(
      `select stream_id from "${schema}".streams order by stream_id`,
    );
    expect(rows.map((r) => r.stream_id)).toEqual(['zone-a', 'zone-c']);
  });

  it('loses to a concurrent writer of one of its streams as a whole', async () => {
    const { store, pool, schema } = fixture;
    await store.append('zone-a', NO_STREAM, [registered('A')]);
    await store.append('zone-b', NO_STREAM, [registered('B')]);

    const upgrade = await fixture.begin();
    await store.append('zone-b', 1, [registered('B upgraded')], { transaction: upgrade });
    const merger = rejectionOf(
      store.appendToStreams([
        { streamId: 'zone-a', expectedVersion: 1, events: [mergedInto('zone-b')] },
        { streamId: 'zone-b', expectedVersion: 1, events: [absorbed(['zone-a'])] },
      ]),
    );
    await waitForBlockedStatements(pool, schema);
    await upgrade.query('commit');

    expect(await merger).toMatchObject({ streamId: 'zone-b', expected: 1, actual: 2 });
    expect((await store.readStream('zone-a')).version).toBe(1);
  });

  it('leaves the caller’s transaction usable after a conflict inside it', async () => {
    const { store } = fixture;
    await store.append('zone-a', NO_STREAM, [registered('A')]);

    const transaction = await fixture.begin();
    await expect(
      store.appendToStreams(
        [
          { streamId: 'zone-new', expectedVersion: NO_STREAM, events: [registered('new')] },
          { streamId: 'zone-a', expectedVersion: 5, events: [mergedInto('zone-new')] },
        ],
        { transaction },
      ),
    ).rejects.toThrow(WrongExpectedVersionError);
    await store.storeCheckpoint('merger-saga', { transactionId: 1n, position: 1n }, transaction);
    await transaction.query('commit');

    expect(await store.readStream('zone-new')).toEqual({ version: 0, events: [] });
    expect(await store.readCheckpoint('merger-saga')).toEqual({ transactionId: 1n, position: 1n });
  });

  it('appends in a caller’s transaction only before its other writes', async () => {
    const { store } = fixture;
    const transaction = await fixture.begin();
    await store.storeCheckpoint('saga', { transactionId: 1n, position: 1n }, transaction);
    const late = store.append('zone-late', NO_STREAM, [registered('late')], { transaction });
    await expect(late).rejects.toThrow(InvalidAppendError);
    await expect(late).rejects.toMatchObject({ code: 'EVENT_STORE.INVALID_APPEND' });
  });
});
