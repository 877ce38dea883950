import {
  ANY,
  NO_STREAM,
  type GlobalCheckpoint,
  type PostgresEventStore,
  type RecordedEvent,
} from '../src';
import { eventually } from '@zoneledger/testing';
import { openStore, waitForBlockedStatements, type StoreFixture } from './event-store.fixture';

const scored = (round: number) => ({ type: 'ZoneScored', data: { round } });

/** Reads the global order from where it left off, like the relay does. */
class GlobalReader {
  readonly seen: RecordedEvent[] = [];
  checkpoint: GlobalCheckpoint | null = null;

  constructor(private readonly store: PostgresEventStore) {}

  async poll(limit = 50): Promise<RecordedEvent[]> {
    const { events, checkpoint } = await this.store.readAll(this.checkpoint, limit);
    this.seen.push(...events);
    this.checkpoint = checkpoint;
    return events;
  }
}

function globalOrder(a: RecordedEvent, b: RecordedEvent): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  return a.position < b.position ? -1 : a.position > b.position ? 1 : 0;
}

describe('reading all events in global order without gaps', () => {
  let fixture: StoreFixture;
  beforeEach(async () => (fixture = await openStore('es_read_all', 12)));
  afterEach(() => fixture.close());

  it('holds back a later commit until the earlier open transaction ends, then reads both once', async () => {
    const { store } = fixture;
    const reader = new GlobalReader(store);

    const slow = await fixture.begin();
    const early = await store.append('zone-slow', NO_STREAM, [scored(1)], { transaction: slow });
    const late = await store.append('zone-fast', NO_STREAM, [scored(2)]);
    expect(late.events[0].position).toBeGreaterThan(early.events[0].position);

    // The fast append is committed, but a reader taking it now would later have to go back
    // for the slow one (lower position): it must wait, and it does.
    expect(await reader.poll()).toEqual([]);
    expect(reader.checkpoint).toBeNull();

    await slow.query('commit');
    await eventually(async () => {
      await reader.poll();
      expect(reader.seen.map((e) => e.streamId)).toEqual(['zone-slow', 'zone-fast']);
    });
    expect(await reader.poll()).toEqual([]);
    expect(reader.seen.map((e) => e.eventId)).toEqual([
      early.events[0].eventId,
      late.events[0].eventId,
    ]);
  });

  it('orders by transaction before position: an older transaction inserting last still comes first', async () => {
    const { store, schema } = fixture;
    const reader = new GlobalReader(store);

    // A transaction that took its id first but inserts its event last (within one append this
    // happens between the stream bump and the insert): it sorts first, and the reader waits.
    const older = await fixture.begin();
    await older.query('select pg_current_xact_id()');
    const newer = await store.append('zone-newer', NO_STREAM, [scored(1)]);
    const { rows } = await older.query<{ position: string }>(
      `insert into "${schema}".events (stream_id, stream_type, stream_version, event_id, event_type, data)
       values ('zone-older', 'zone', 1, gen_random_uuid(), 'ZoneScored', '{"round": 2}') returning position`,
    );
    expect(BigInt(rows[0].position)).toBeGreaterThan(newer.events[0].position);
    expect(await reader.poll()).toEqual([]);
    await older.query('commit');

    await eventually(async () => {
      await reader.poll();
      expect(reader.seen.map((e) => e.streamId)).toEqual(['zone-older', 'zone-newer']);
    });
  });

  it('takes an append’s transaction id only once it holds every stream, keeping streams in order', async () => {
    const { store, pool, schema } = fixture;
    const holder = await fixture.begin();
    const first = await store.append('zone-q', NO_STREAM, [scored(1)], { transaction: holder });
    const merger = store.appendToStreams([
      { streamId: 'zone-p', expectedVersion: ANY, events: [scored(2)] },
      { streamId: 'zone-q', expectedVersion: ANY, events: [scored(2)] },
    ]);
    await waitForBlockedStatements(pool, schema);
    const { rows } = await pool.query(
      `select backend_xid from pg_stat_activity where wait_event_type = 'Lock' and position($1 in query) > 0`,
      [`"${schema}".`],
    );
    expect(rows).toEqual([{ backend_xid: null }]);
    await fixture.finish(holder, 'commit');

    const merged = await merger;
    expect(merged.events[0].transactionId).toBeGreaterThan(first.events[0].transactionId);
    const reader = new GlobalReader(store);
    await eventually(async () => {
      await reader.poll();
      expect(reader.seen.map((e) => [e.streamId, e.streamVersion])).toEqual([
        ['zone-q', 1],
        ['zone-p', 1],
        ['zone-q', 2],
      ]);
    });
  });

  it('skips what rolled back, continues from a stored checkpoint and counts what lies after it', async () => {
    const { store } = fixture;
    const doomed = await fixture.begin();
    await store.append('zone-doomed', NO_STREAM, [scored(1)], { transaction: doomed });
    const kept = await store.append('zone-kept', NO_STREAM, [scored(2), scored(3)]);
    await doomed.query('rollback');

    const reader = new GlobalReader(store);
    await eventually(async () => {
      await reader.poll(1);
      expect(reader.seen).toHaveLength(1);
    });
    expect(await store.readCheckpoint('relay')).toBeNull();
    await store.storeCheckpoint('relay', reader.checkpoint as GlobalCheckpoint);

    expect(await store.countAfter(null)).toBe(2);
    expect(await store.countAfter(reader.checkpoint)).toBe(1);

    const resumed = new GlobalReader(store);
    resumed.checkpoint = await store.readCheckpoint('relay');
    expect(resumed.checkpoint).toEqual({
      transactionId: kept.events[0].transactionId,
      position: kept.events[0].position,
    });
    await resumed.poll();
    expect(resumed.seen.map((e) => e.eventId)).toEqual([kept.events[1].eventId]);
    expect(await store.countAfter(resumed.checkpoint)).toBe(0);
  });

  it('stores a checkpoint inside the caller’s transaction, so it rolls back with it', async () => {
    const { store } = fixture;
    await store.storeCheckpoint('projection', { transactionId: 10n, position: 3n });
    const transaction = await fixture.begin();
    await store.storeCheckpoint('projection', { transactionId: 12n, position: 9n }, transaction);
    expect(await store.readCheckpoint('projection', transaction)).toEqual({
      transactionId: 12n,
      position: 9n,
    });
    await transaction.query('rollback');
    expect(await store.readCheckpoint('projection')).toEqual({ transactionId: 10n, position: 3n });
  });

  it('reads every event exactly once while many appends commit in random order', async () => {
    const { store } = fixture;
    const streams = Array.from({ length: 6 }, (_, i) => `zone-r${i}`);
    const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];
    const shuffleDelay = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 8));

    // Writers: each append in its own transaction on one of 8 connections, held open for a
    // random moment before it commits (or, one in ten, rolls back): commits land out of
    // position order. A few are mergers appending to two streams at once.
    const committed: RecordedEvent[] = [];
    const write = async (n: number) => {
      const transaction = await fixture.begin();
      const [a, b] = [pick(streams), pick(streams)];
      const events = [scored(n), scored(n)].slice(0, 1 + (n % 2));
      const result =
        n % 7 === 0 && a !== b
          ? await store.appendToStreams(
              [
                { streamId: a, expectedVersion: ANY, events },
                { streamId: b, expectedVersion: ANY, events: [scored(n)] },
              ],
              { transaction },
            )
          : await store.append(a, ANY, events, { transaction });
      await shuffleDelay();
      if (n % 10 === 9) return fixture.finish(transaction, 'rollback');
      await fixture.finish(transaction, 'commit');
      committed.push(...result.events);
    };
    const queue = Array.from({ length: 200 }, (_, n) => n);
    const writers = Array.from({ length: 8 }, async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) await write(n);
    });

    const reader = new GlobalReader(store);
    let writing = true;
    const reading = (async () => {
      while (writing) await reader.poll(25);
    })();
    await Promise.all(writers);
    writing = false;
    await reading;
    await eventually(async () => {
      await reader.poll(1000);
      expect(reader.seen).toHaveLength(committed.length);
    });

    const ids = reader.seen.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(committed.map((e) => e.eventId)));
    expect([...reader.seen].sort(globalOrder)).toEqual(reader.seen);
    for (const streamId of streams) {
      const versions = reader.seen
        .filter((e) => e.streamId === streamId)
        .map((e) => e.streamVersion);
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    }
    expect(committed.length).toBeGreaterThan(150);
  });
});
