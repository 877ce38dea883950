import { ANY, NO_STREAM, WrongExpectedVersionError } from '../src';
import { openStore, waitForBlockedStatements, type StoreFixture } from './event-store.fixture';

const upgraded = (level: string) => ({ type: 'ZoneUpgraded', data: { level } });

describe('idempotent appends', () => {
  let fixture: StoreFixture;
  beforeEach(async () => (fixture = await openStore('es_idempotency')));
  afterEach(() => fixture.close());

  it('gives a retry the first result and appends nothing', async () => {
    const { store } = fixture;
    const options = { idempotencyKey: 'cmd-41', metadata: { actor: 'bureau@zhejiang' } };
    const first = await store.append(
      'zone-nb',
      NO_STREAM,
      [upgraded('provincial'), upgraded('national')],
      options,
    );
    const retry = await store.append(
      'zone-nb',
      NO_STREAM,
      [upgraded('provincial'), upgraded('national')],
      options,
    );

    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ ...first, replayed: true });
    expect((await store.readStream('zone-nb')).events).toEqual(first.events);
  });

  it('keys per stream for single appends, and per key for multi-stream appends', async () => {
    const { store } = fixture;
    await store.append('zone-a', NO_STREAM, [upgraded('a')], { idempotencyKey: 'same' });
    const other = await store.append('zone-b', NO_STREAM, [upgraded('b')], {
      idempotencyKey: 'same',
    });
    expect(other.replayed).toBe(false);

    const streams = [
      { streamId: 'zone-a', expectedVersion: 1, events: [upgraded('merged')] },
      { streamId: 'zone-b', expectedVersion: 1, events: [upgraded('merged')] },
    ];
    const merger = await store.appendToStreams(streams, { idempotencyKey: 'merger-9' });
    const retry = await store.appendToStreams(streams, { idempotencyKey: 'merger-9' });
    expect(retry).toEqual({ ...merger, replayed: true });
    expect((await store.readStream('zone-a')).version).toBe(2);
    expect((await store.readStream('zone-b')).version).toBe(2);
  });

  it('does not spend the key on an append that conflicted', async () => {
    const { store } = fixture;
    await store.append('zone-c', NO_STREAM, [upgraded('first')]);
    await expect(
      store.append('zone-c', 7, [upgraded('x')], { idempotencyKey: 'cmd-1' }),
    ).rejects.toThrow(WrongExpectedVersionError);
    const retried = await store.append('zone-c', 1, [upgraded('x')], { idempotencyKey: 'cmd-1' });
    expect(retried).toMatchObject({ replayed: false, nextExpectedVersion: 2 });
  });

  it('makes a concurrent duplicate wait for the first and return its result', async () => {
    const { store, pool, schema } = fixture;
    const first = await fixture.begin();
    const original = await store.append('zone-d', ANY, [upgraded('one')], {
      idempotencyKey: 'cmd-2',
      transaction: first,
    });
    const duplicate = store.append('zone-d', ANY, [upgraded('one')], { idempotencyKey: 'cmd-2' });
    await waitForBlockedStatements(pool, schema);
    await first.query('commit');

    expect(await duplicate).toEqual({ ...original, replayed: true });
    expect((await store.readStream('zone-d')).version).toBe(1);
  });

  it('lets the duplicate append when the first holder of the key rolls back', async () => {
    const { store, pool, schema } = fixture;
    const first = await fixture.begin();
    await store.append('zone-e', ANY, [upgraded('one')], {
      idempotencyKey: 'cmd-3',
      transaction: first,
    });
    const duplicate = store.append('zone-e', ANY, [upgraded('one')], { idempotencyKey: 'cmd-3' });
    await waitForBlockedStatements(pool, schema);
    await first.query('rollback');

    const result = await duplicate;
    expect(result.replayed).toBe(false);
    expect((await store.readStream('zone-e')).events).toEqual(result.events);
  });

  it('appends once when many duplicates race', async () => {
    const { store } = fixture;
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () =>
        store.append('zone-f', ANY, [upgraded('raced')], { idempotencyKey: 'cmd-4' }),
      ),
    );
    expect(attempts.filter((a) => !a.replayed)).toHaveLength(1);
    const eventIds = new Set(attempts.map((a) => a.events[0].eventId));
    expect(eventIds.size).toBe(1);
    expect((await store.readStream('zone-f')).version).toBe(1);
  });
});
