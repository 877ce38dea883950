import { ANY, InvalidAppendError, NO_STREAM, WrongExpectedVersionError } from '../src';
import { eventually } from '@zoneledger/testing';
import {
  openStore,
  rejectionOf,
  waitForBlockedStatements,
  type StoreFixture,
} from './event-store.fixture';

const registered = {
  type: 'ZoneRegistered',
  data: { name: 'Suzhou Industrial Park', level: 'national' },
};
const upgraded = { type: 'ZoneUpgraded', data: { level: 'comprehensive-bonded' } };
const renamed = (name: string) => ({ type: 'ZoneRenamed', data: { name } });

describe('appending to a stream and reading it back', () => {
  let fixture: StoreFixture;
  beforeEach(async () => (fixture = await openStore('es_append')));
  afterEach(() => fixture.close());

  it('records events with versions 1..n, global positions and the command’s metadata', async () => {
    const { store } = fixture;
    const metadata = {
      correlationId: 'req-7',
      causationId: 'cmd-7',
      actor: 'bureau@jiangsu',
      tenant: 'js',
    };
    const first = await store.append('zone-sip', NO_STREAM, [registered, upgraded], { metadata });
    const second = await store.append('zone-sip', 2, [{ ...renamed('SIP'), schemaVersion: 2 }], {
      metadata: { correlationId: 'req-8', actor: 'bureau@jiangsu' },
    });

    expect(first.nextExpectedVersion).toBe(2);
    expect(second.nextExpectedVersion).toBe(3);
    expect(second.lastPosition).toBe(second.events[0].position);
    expect(first.events[1].position).toBeLessThan(second.events[0].position);

    const read = await store.readStream('zone-sip');
    expect(read.version).toBe(3);
    expect(read.events).toEqual([...first.events, ...second.events]);
    expect(read.events.map((e) => [e.type, e.streamVersion, e.schemaVersion])).toEqual([
      ['ZoneRegistered', 1, 1],
      ['ZoneUpgraded', 2, 1],
      ['ZoneRenamed', 3, 2],
    ]);
    expect(read.events[0]).toMatchObject({
      streamId: 'zone-sip',
      streamType: 'zone',
      data: registered.data,
      metadata,
    });
    expect(read.events[0].eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(read.events[0].recordedAt).toBeInstanceOf(Date);
  });

  it('reads a version range', async () => {
    const { store } = fixture;
    await store.append('zone-a', NO_STREAM, [
      registered,
      renamed('A1'),
      renamed('A2'),
      renamed('A3'),
    ]);

    const middle = await store.readStream('zone-a', { fromVersion: 2, toVersion: 3 });
    expect(middle.events.map((e) => e.streamVersion)).toEqual([2, 3]);
    expect(middle.version).toBe(3);
    expect(await store.readStream('zone-a', { fromVersion: 9 })).toEqual({
      version: 4,
      events: [],
    });
    expect(await store.readStream('zone-unknown')).toEqual({ version: 0, events: [] });
  });

  it('reads a stream as of a moment: only events recorded until then', async () => {
    const { store, pool } = fixture;
    const before = await store.append('zone-asof', NO_STREAM, [registered, renamed('before')]);
    // A database-clock moment strictly after the first append (timestamps are microseconds,
    // a JS Date milliseconds): wait until the clock has passed into a later millisecond.
    const laterThan = (moment: Date) =>
      eventually(async () => {
        const { rows } = await pool.query<{ now: Date }>('select clock_timestamp() as now');
        expect(rows[0].now.getTime()).toBeGreaterThan(moment.getTime());
        return rows[0].now;
      });
    const asOf = await laterThan(before.events[1].recordedAt);
    // The next append must fall in a later millisecond too, or it would count as of `asOf`.
    await laterThan(asOf);
    await store.append('zone-asof', 2, [renamed('after')]);

    const past = await store.readStream('zone-asof', { untilTime: asOf });
    expect(past.version).toBe(2);
    expect(past.events.map((e) => e.data)).toEqual([registered.data, { name: 'before' }]);
    expect((await store.readStream('zone-asof')).version).toBe(3);
    // As of the very moment a reader was shown for an event (milliseconds), that event counts.
    const shown = (await store.readStream('zone-asof')).events[2].recordedAt;
    expect((await store.readStream('zone-asof', { untilTime: shown })).version).toBe(3);
    expect(await store.readStream('zone-asof', { untilTime: new Date(0) })).toEqual({
      version: 0,
      events: [],
    });
  });

  it('commits an append with the writes that follow it in store.transaction, or neither', async () => {
    const { store, pool } = fixture;
    await pool.query('create table follow_up (stream_id text primary key)');
    const appendThen = (streamId: string, fail: boolean) =>
      store.transaction(async (transaction) => {
        await store.append(streamId, NO_STREAM, [registered], { transaction });
        await transaction.query('insert into follow_up values ($1)', [streamId]);
        if (fail) throw new Error('the follow-up refused');
      });

    await appendThen('zone-kept', false);
    await expect(appendThen('zone-dropped', true)).rejects.toThrow('the follow-up refused');

    expect((await store.readStream('zone-kept')).version).toBe(1);
    expect(await store.readStream('zone-dropped')).toEqual({ version: 0, events: [] });
    const { rows } = await pool.query<{ stream_id: string }>('select stream_id from follow_up');
    expect(rows.map((row) => row.stream_id)).toEqual(['zone-kept']);
  });

  it('refuses an append in store.transaction after another write in it', async () => {
    const { store, pool } = fixture;
    await pool.query('create table written_first (stream_id text primary key)');
    const late = store.transaction(async (transaction) => {
      await transaction.query('insert into written_first values ($1)', ['zone-late']);
      await store.append('zone-late', NO_STREAM, [registered], { transaction });
    });
    await expect(late).rejects.toThrow(InvalidAppendError);
    expect(await store.readStream('zone-late')).toEqual({ version: 0, events: [] });
    const { rows } = await pool.query('select stream_id from written_first');
    expect(rows).toEqual([]);
  });

  it('appends nothing for no events, but still checks the expected version', async () => {
    const { store } = fixture;
    await store.append('zone-idle', NO_STREAM, [registered]);
    await expect(store.append('zone-idle', 1, [])).resolves.toMatchObject({
      nextExpectedVersion: 1,
      events: [],
    });
    await expect(store.append('zone-idle', NO_STREAM, [])).rejects.toThrow(
      WrongExpectedVersionError,
    );
  });
});

describe('optimistic concurrency', () => {
  let fixture: StoreFixture;
  beforeEach(async () => (fixture = await openStore('es_concurrency')));
  afterEach(() => fixture.close());

  it('lets exactly one of two appends at the same expected version win', async () => {
    const { store, pool, schema } = fixture;
    await store.append('zone-race', NO_STREAM, [registered]);

    // The first writer holds the stream; the second waits on it, then finds the stream moved on.
    const first = await fixture.begin();
    await store.append('zone-race', 1, [renamed('first')], { transaction: first });
    const second = rejectionOf(store.append('zone-race', 1, [renamed('second')]));
    await waitForBlockedStatements(pool, schema);
    await first.query('commit');

    const error = await second;
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({
      code: 'EVENT_STORE.WRONG_EXPECTED_VERSION',
      streamId: 'zone-race',
      expected: 1,
      actual: 2,
    });
    const read = await store.readStream('zone-race');
    expect(read.events.map((e) => e.data)).toEqual([registered.data, { name: 'first' }]);
  });

  it('lets one of many racing writers win and turns every other away', async () => {
    const { store } = fixture;
    await store.append('zone-crowd', NO_STREAM, [registered]);

    const writers = Array.from({ length: 8 }, (_, i) =>
      store.append('zone-crowd', 1, [renamed(`w${i}`)]),
    );
    const outcomes = await Promise.allSettled(writers);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected).toHaveLength(7);
    for (const { reason } of rejected) expect(reason).toBeInstanceOf(WrongExpectedVersionError);
    expect((await store.readStream('zone-crowd')).version).toBe(2);
  });

  it('refuses NO_STREAM on a stream that exists, also when both create it at once', async () => {
    const { store, pool, schema } = fixture;
    await store.append('zone-taken', NO_STREAM, [registered]);
    await expect(store.append('zone-taken', NO_STREAM, [registered])).rejects.toMatchObject({
      streamId: 'zone-taken',
      expected: NO_STREAM,
      actual: 1,
    });

    const creator = await fixture.begin();
    await store.append('zone-new', NO_STREAM, [registered], { transaction: creator });
    const rival = rejectionOf(store.append('zone-new', NO_STREAM, [registered]));
    await waitForBlockedStatements(pool, schema);
    await creator.query('commit');
    expect(await rival).toBeInstanceOf(WrongExpectedVersionError);
  });

  it('refuses a version that the stream has not reached', async () => {
    const { store } = fixture;
    await expect(store.append('zone-ghost', 3, [renamed('ghost')])).rejects.toMatchObject({
      actual: 0,
    });
    expect(await store.readStream('zone-ghost')).toEqual({ version: 0, events: [] });
  });

  it('appends with ANY whatever the stream holds, concurrent writers queueing on the stream', async () => {
    const { store } = fixture;
    await store.append('zone-any', ANY, [registered]);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => store.append('zone-any', ANY, [renamed(`n${i}`)])),
    );

    const read = await store.readStream('zone-any');
    expect(read.events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const positions = read.events.map((e) => e.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });
});
