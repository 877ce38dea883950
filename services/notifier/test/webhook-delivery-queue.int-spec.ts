import type { DataSource } from 'typeorm';
import type { NotifierConfig } from '../src/application/notifier-config';
import { DeliveryQueue } from '../src/delivery/delivery-queue';
import { DELIVERIES, NOTIFIABLE_EVENTS } from '../src/delivery/delivery-tables';
import type { ChannelKind } from '../src/domain';
import { startNotifier, type NotifierUnderTest } from './notifier.harness';

// The claim of due deliveries on a real PostgreSQL. The rows are of a channel kind no worker of
// the service claims, so only the test's claims move them.
const KIND = 'CHANNEL_KIND_UNSPECIFIED' as ChannelKind;
const NOW = new Date();
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('the delivery queue', () => {
  let notifier: NotifierUnderTest;
  let db: DataSource;
  let queue: DeliveryQueue;
  let run = 0;

  beforeAll(async () => {
    notifier = await startNotifier();
    db = notifier.dataSource;
    queue = notifier.app.get(DeliveryQueue);
  });
  afterAll(async () => {
    await notifier?.stop();
  });

  // A subscription row of its own per test (the claim joins it), and its deliveries.
  let subscriptionId: string;
  beforeEach(async () => {
    subscriptionId = `queue-sub-${++run}`;
    await subscriptionRow(subscriptionId, 'active');
  });

  async function subscriptionRow(id: string, status: string, view: object = {}): Promise<void> {
    await db.query(
      `insert into subscriptions (subscription_id, owner, status, view, version)
       values ($1, 'analyst-q', $2, $3, 1)`,
      [id, status, JSON.stringify({ subscriptionId: id, status, ...view })],
    );
  }

  async function delivery(
    id: string,
    subject: string,
    position: number,
    row: { dueAt?: Date; leaseUntil?: Date | null; status?: string; subscription?: string } = {},
  ): Promise<string> {
    const notificationId = `${row.subscription ?? subscriptionId}:${id}`;
    await db.query(
      `insert into ${DELIVERIES} (notification_id, subscription_id, channel_kind, source_event_id,
         subject, position, status, due_at, lease_until)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        notificationId,
        row.subscription ?? subscriptionId,
        KIND,
        `${subscriptionId}-${id}`,
        subject,
        position,
        row.status ?? 'pending',
        row.dueAt ?? ago(1000),
        row.leaseUntil ?? null,
      ],
    );
    return notificationId;
  }

  const claimed = async (limit = 100, now = NOW) =>
    (await queue.claim(KIND, limit, now))
      .filter((claim) => claim.subscriptionId.startsWith(subscriptionId))
      .map((claim) => claim.notificationId);

  it('claims the earliest pending delivery per subject only, and leases it', async () => {
    const a1 = await delivery('a1', 'zone-a', 1);
    await delivery('a2', 'zone-a', 2);
    const b5 = await delivery('b5', 'zone-b', 5);
    const first = await queue.claim(KIND, 100, NOW);
    const mine = first.filter((claim) => claim.subscriptionId === subscriptionId);
    expect(mine.map((claim) => claim.notificationId).sort()).toEqual([a1, b5].sort());
    for (const claim of mine) {
      expect(claim.leaseUntil.getTime()).toBeGreaterThan(NOW.getTime());
      expect(claim.subscription?.status).toBe('active');
      expect(claim.position).toBe(claim.subject === 'zone-a' ? 1n : 5n);
    }
    // Leased: not claimable again, and a2 still waits behind a1.
    expect(await claimed()).toEqual([]);
  });

  it('orders by position, then id, whatever the due times', async () => {
    await delivery('x-late', 'zone-c', 3, { dueAt: ago(60_000) });
    const early = await delivery('x-early', 'zone-c', 2, { dueAt: ago(1) });
    expect(await claimed()).toEqual([early]);
  });

  it('holds a later delivery while an earlier one is pending but not due', async () => {
    await delivery('n1', 'zone-d', 1, { dueAt: new Date(NOW.getTime() + 60_000) });
    await delivery('n2', 'zone-d', 2);
    const other = await delivery('n3', 'zone-e', 1);
    expect(await claimed()).toEqual([other]);
  });

  it('lets the next one go once the earlier is delivered or given up', async () => {
    const first = await delivery('m1', 'zone-f', 1, { status: 'delivered' });
    const second = await delivery('m2', 'zone-f', 2, { status: 'given-up' });
    const third = await delivery('m3', 'zone-f', 3);
    expect([first, second]).toHaveLength(2);
    expect(await claimed()).toEqual([third]);
  });

  it('claims again a delivery whose lease expired (at least once)', async () => {
    const expired = await delivery('l1', 'zone-g', 1, { leaseUntil: ago(1) });
    await delivery('l2', 'zone-h', 1, { leaseUntil: new Date(NOW.getTime() + 60_000) });
    expect(await claimed()).toEqual([expired]);
  });

  it('claims nothing of a subscription paused, cancelled or whose endpoint is disabled', async () => {
    const paused = `${subscriptionId}-paused`;
    const cancelled = `${subscriptionId}-cancelled`;
    const disabled = `${subscriptionId}-disabled`;
    await subscriptionRow(paused, 'paused');
    await subscriptionRow(cancelled, 'cancelled');
    await subscriptionRow(disabled, 'active', {
      endpointDisabled: { reason: 'ENDPOINT_DISABLED_REASON_GONE', disabledAt: NOW },
    });
    for (const subscription of [paused, cancelled, disabled])
      await delivery(`h-${subscription}`, 'zone-i', 1, { subscription });
    const active = await delivery('h-active', 'zone-i', 1);
    expect(await claimed()).toEqual([active]);
  });

  it('joins the feed row: the CloudEvent the receiver gets', async () => {
    const id = await delivery('f1', 'zone-j', 1);
    const cloudEvent = { specversion: '1.0', id: `${subscriptionId}-f1`, type: 't', data: {} };
    await db.query(
      `insert into ${NOTIFIABLE_EVENTS} (event_id, event_type, subject, stream_version,
         event_time, facts, cloud_event)
       values ($1, 't', 'zone-j', 1, now(), '{}', $2)`,
      [`${subscriptionId}-f1`, JSON.stringify(cloudEvent)],
    );
    const [claim] = (await queue.claim(KIND, 100, NOW)).filter((one) => one.notificationId === id);
    expect(claim.cloudEvent).toEqual(cloudEvent);
  });

  it('never gives one delivery to two claims at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await delivery(`c${i}`, `zone-k${i}`, 1));
    const claims = await Promise.all(Array.from({ length: 8 }, () => queue.claim(KIND, 10, NOW)));
    const mine = claims
      .flat()
      .map((claim) => claim.notificationId)
      .filter((id) => id.startsWith(`${subscriptionId}:`));
    expect(new Set(mine).size).toBe(mine.length);
    expect(mine.sort()).toEqual([...ids].sort());
  });

  it('reads the partial indexes, not the whole table, with thousands of deliveries', async () => {
    await db.query(
      `insert into ${DELIVERIES} (notification_id, subscription_id, channel_kind, source_event_id,
         subject, position, status, due_at)
       select $1 || ':' || n, $1, $2, $1 || '-' || n, 'zone-' || (n % 50), n,
         case when n % 10 = 0 then 'pending' else 'delivered' end,
         now() - interval '1 minute' + (n % 7) * interval '1 hour'
       from generate_series(1, 5000) n`,
      [`${subscriptionId}-bulk`, KIND],
    );
    await subscriptionRow(`${subscriptionId}-bulk`, 'active');
    await db.query(`analyze ${DELIVERIES}`);
    const { sql, parameters } = await claimStatement();
    const plan = ((await db.query(`explain ${sql}`, parameters)) as { 'QUERY PLAN': string }[])
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    expect(plan).toMatch(/deliveries_due/);
    expect(plan).toMatch(/deliveries_subject_order/);
    expect(plan).not.toMatch(/Seq Scan on deliveries/);
  });

  // The claim's statement and parameters, as the queue sends them.
  async function claimStatement(): Promise<{ sql: string; parameters: unknown[] }> {
    let captured = { sql: '', parameters: [] as unknown[] };
    const recorder = {
      query: async (sql: string, parameters: unknown[]) => {
        captured = { sql, parameters };
        return [];
      },
    };
    const probe = new DeliveryQueue(
      recorder as unknown as DataSource,
      {
        delivery: { leaseMs: 30_000 },
      } as NotifierConfig,
    );
    await probe.claim(KIND, 32, NOW);
    return captured;
  }
});
