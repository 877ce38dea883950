import { eventually } from '@zoneledger/testing';
import { Client } from 'pg';
import { EVENTS_APPENDED_CHANNEL, NO_STREAM, PostgresEventStore } from '../src';
import { openStore, rejectionOf, type StoreFixture } from './event-store.fixture';

const registered = (name: string) => ({ type: 'ZoneRegistered', data: { name } });

/**
 * A session LISTENing as a relay in another process would, collecting what it hears about this
 * test's schema (tests running alongside announce theirs on the same channel).
 */
async function otherProcess(schema: string): Promise<{ heard: string[]; end(): Promise<void> }> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const heard: string[] = [];
  client.on('notification', ({ channel, payload = '' }) => {
    if (channel === EVENTS_APPENDED_CHANNEL && payload.startsWith(schema)) heard.push(payload);
  });
  await client.query(`listen ${EVENTS_APPENDED_CHANNEL}`);
  return { heard, end: () => client.end() };
}

describe('announcing committed appends to the outbox relay', () => {
  let fixture: StoreFixture;
  let other: Awaited<ReturnType<typeof otherProcess>>;
  beforeEach(async () => {
    fixture = await openStore('es_announce');
    other = await otherProcess(fixture.schema);
  });
  afterEach(async () => {
    await other.end();
    await fixture.store.announcements.settled();
    await fixture.close();
  });

  it('sends no NOTIFY from a store used on its own, not asked to tell other processes', async () => {
    await fixture.store.append('zone-1', NO_STREAM, [registered('Kunshan')]);
    expect(await heardByOthers()).toEqual([]);
  });

  /**
   * What the other process has heard once every announcement sent so far has arrived: a marker
   * NOTIFY sent last is delivered after all of them (PostgreSQL delivers in commit order).
   */
  async function heardByOthers(): Promise<string[]> {
    await fixture.store.announcements.settled();
    const marker = `${fixture.schema}:marker`;
    await fixture.pool.query('select pg_notify($1, $2)', [EVENTS_APPENDED_CHANNEL, marker]);
    await eventually(() => expect(other.heard.at(-1)).toBe(marker));
    return other.heard.slice(0, -1);
  }

  /** A store as a service has it: it tells other processes when no relay leads here. */
  const serviceStore = () =>
    new PostgresEventStore(fixture.pool, { schema: fixture.schema, announceAcrossProcesses: true });

  it('tells a relay leading in this process after each commit, and no other process', async () => {
    const store = serviceStore();
    let told = 0;
    const stop = store.announcements.listen(() => (told += 1));
    await store.append('zone-1', NO_STREAM, [registered('Suzhou Industrial Park')]);
    expect(told).toBe(1);
    await store.appendToStreams([
      { streamId: 'zone-2', expectedVersion: NO_STREAM, events: [registered('Tianjin')] },
      { streamId: 'zone-3', expectedVersion: NO_STREAM, events: [registered('Dalian')] },
    ]);
    expect(told).toBe(2);
    expect(await heardByOthers()).toEqual([]);
    stop();
  });

  it('with no relay leading here, NOTIFYs the other processes after the commit, naming the schema', async () => {
    const { schema } = fixture;
    const store = serviceStore();
    await store.append('zone-1', NO_STREAM, [registered('Suzhou Industrial Park')]);
    await eventually(() => expect(other.heard).toEqual([schema]));
    await store.announcements.settled();
    // The event is committed by the time the NOTIFY is heard: a relay woken by it reads it.
    const { rows } = await fixture.pool.query(`select count(*)::int as n from "${schema}".events`);
    expect(rows[0].n).toBe(1);
  });

  it('announces an append in the store’s transaction once it commits, and never a rolled-back one', async () => {
    const { store } = fixture;
    let told = 0;
    const stop = store.announcements.listen(() => (told += 1));
    await store.transaction(async (transaction) => {
      await store.append('zone-1', NO_STREAM, [registered('Ningbo')], { transaction });
      await transaction.query('select 1');
      expect(told).toBe(0);
    });
    expect(told).toBe(1);

    const failed = rejectionOf(
      store.transaction(async (transaction) => {
        await store.append('zone-2', NO_STREAM, [registered('Xiamen')], { transaction });
        throw new Error('a write alongside failed');
      }),
    );
    expect(await failed).toEqual(new Error('a write alongside failed'));
    expect(told).toBe(1);
    stop();
  });

  it('announces nothing for an append that recorded nothing: a conflict, or a key answered before', async () => {
    const { store } = fixture;
    await store.append('zone-1', NO_STREAM, [registered('Ningbo')], { idempotencyKey: 'k-1' });
    let told = 0;
    const stop = store.announcements.listen(() => (told += 1));
    const replay = await store.append('zone-1', NO_STREAM, [registered('Ningbo')], {
      idempotencyKey: 'k-1',
    });
    expect(replay.replayed).toBe(true);
    await rejectionOf(store.append('zone-1', NO_STREAM, [registered('Ningbo again')]));
    await store.append('zone-1', 1, []);
    expect(told).toBe(0);
    stop();
  });

  it('does not wake a relay through another store on the same schema: that one NOTIFYs', async () => {
    const { store, schema } = fixture;
    let told = 0;
    const stop = store.announcements.listen(() => (told += 1));
    const writer = serviceStore();
    await writer.append('zone-1', NO_STREAM, [registered('Hefei')]);
    expect(told).toBe(0);
    await eventually(() => expect(other.heard).toEqual([schema]));
    await writer.announcements.settled();
    stop();
  });
});
