import type { Pool } from 'pg';
import { AppendAnnouncements, EVENTS_APPENDED_CHANNEL } from './append-announcements';

/** A pool whose queries stay pending until the test settles them, one at a time. */
function pendingPool() {
  const sent: { values: unknown[]; settle: (ok: boolean) => void }[] = [];
  const pool = {
    query: (_text: string, values: unknown[]) =>
      new Promise<void>((resolve, reject) =>
        sent.push({
          values,
          settle: (ok) => (ok ? resolve() : reject(new Error('connection refused'))),
        }),
      ),
  };
  return { pool: pool as unknown as Pool, sent };
}

// Lets the announcements react to a settled query (its promise chain) before the next check.
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AppendAnnouncements', () => {
  it('tells the listeners in this process, and then sends no NOTIFY', () => {
    const { pool, sent } = pendingPool();
    const announcements = new AppendAnnouncements(pool, 'zone_registry', true);
    const heard: string[] = [];
    const stop = announcements.listen(() => heard.push('relay'));
    announcements.committed();
    announcements.committed();
    expect(heard).toEqual(['relay', 'relay']);
    expect(sent).toHaveLength(0);

    stop();
    announcements.committed();
    expect(heard).toHaveLength(2);
    expect(sent.map((query) => query.values)).toEqual([[EVENTS_APPENDED_CHANNEL, 'zone_registry']]);
  });

  it('sends one NOTIFY at a time: the appends committed meanwhile get one more after it', async () => {
    const { pool, sent } = pendingPool();
    const announcements = new AppendAnnouncements(pool, undefined, true);
    announcements.committed();
    announcements.committed();
    announcements.committed();
    expect(sent).toHaveLength(1);
    // Without a schema, the connection's current schema is announced.
    expect(sent[0].values).toEqual([EVENTS_APPENDED_CHANNEL, null]);

    sent[0].settle(true);
    await turn();
    expect(sent).toHaveLength(2);
    sent[1].settle(true);
    await announcements.settled();
    expect(sent).toHaveLength(2);

    announcements.committed();
    expect(sent).toHaveLength(3);
    sent[2].settle(true);
    await announcements.settled();
  });

  it('sends none when not asked to tell other processes', () => {
    const { pool, sent } = pendingPool();
    const announcements = new AppendAnnouncements(pool, 'zone_registry', false);
    announcements.committed();
    expect(sent).toHaveLength(0);
    const heard: string[] = [];
    announcements.listen(() => heard.push('relay'));
    announcements.committed();
    expect(heard).toEqual(['relay']);
  });

  it('shrugs off a NOTIFY that failed (the relay polls) and sends the next one', async () => {
    const { pool, sent } = pendingPool();
    const announcements = new AppendAnnouncements(pool, 'policy_registry', true);
    announcements.committed();
    sent[0].settle(false);
    await announcements.settled();

    announcements.committed();
    expect(sent).toHaveLength(2);
    sent[1].settle(true);
    await announcements.settled();
  });
});
