import type { PostgresEventStore } from '@zoneledger/event-store';
import type { Pool } from 'pg';
import { SUBSCRIPTIONS } from '../application/subscription-streams';
import type { SubscriptionView } from '../application/subscription-view';
import { DELIVERIES, NOTIFIABLE_EVENTS } from '../delivery/delivery-tables';
import { digestContents, type DigestCandidate } from './digest-period';
import type { CloudEventJson } from './mail-rendering';

// The e-mail side of the durable delivery schedule (the `deliveries` table, ADR 0010): which
// deliveries a worker takes, under a lease, so that no two instances send the same mail at once.
// The rows are only ever moved by the notification events the worker then records (delivered,
// failed and due again later, given up); a lease that runs out (a crashed instance) hands the row
// to whoever looks next.

export const EMAIL = 'CHANNEL_KIND_EMAIL';
export const IMMEDIATE = 'EMAIL_MODE_IMMEDIATE';
export const DAILY_DIGEST = 'EMAIL_MODE_DAILY_DIGEST';

/** A claimed e-mail delivery: its row, its source event's CloudEvent, where the mail goes. */
export interface ClaimedEmail extends DigestCandidate {
  readonly subscriptionId: string;
  readonly sourceEventId: string;
  /** The feed's CloudEvent of the source event; undefined once the feed has dropped it. */
  readonly cloudEvent?: CloudEventJson;
  /** The subscription's mailbox. */
  readonly address: string;
}

interface ClaimedRow {
  notification_id: string;
  subscription_id: string;
  source_event_id: string;
  subject: string;
  position: string;
  created_at: Date;
  due_at: Date;
  attempts: number;
  cloud_event: CloudEventJson | null;
  view: SubscriptionView;
}

/**
 * The active digest subscriptions with e-mail deliveries pending from before `cutoff`: those a
 * digest of the period ending at `cutoff` may have something for.
 */
export async function digestSubscriptions(pool: Pool, cutoff: Date): Promise<string[]> {
  const { rows } = await pool.query<{ subscription_id: string }>(
    `select distinct d.subscription_id
     from ${DELIVERIES} d
     join ${SUBSCRIPTIONS} s on s.subscription_id = d.subscription_id
     where d.channel_kind = $1 and d.status = 'pending' and d.created_at < $2
       and s.status = 'active' and s.view->'channel'->>'mode' = $3
     order by d.subscription_id`,
    [EMAIL, cutoff, DAILY_DIGEST],
  );
  return rows.map((row) => row.subscription_id);
}

/**
 * Takes what the digest of the period ending at `cutoff` holds of one subscription
 * (digestContents), leased until `now` + `leaseMs`; nothing when another instance holds the
 * subscription's digest (its advisory lock, or a lease not yet run out on any of its rows): once
 * only across instances. Answers the rows in the digest's order.
 */
export async function claimDigest(
  store: PostgresEventStore,
  subscriptionId: string,
  cutoff: Date,
  now: Date,
  leaseMs: number,
): Promise<ClaimedEmail[]> {
  return store.transaction(async (client) => {
    const {
      rows: [{ locked }],
    } = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_xact_lock(hashtext(current_schema() || ':email-digest:' || $1)) as locked`,
      [subscriptionId],
    );
    if (!locked) return [];
    const { rows } = await client.query<ClaimedRow & { lease_until: Date | null }>(
      `select d.notification_id, d.subscription_id, d.source_event_id, d.subject,
              d.position::text as position, d.created_at, d.due_at, d.attempts, d.lease_until,
              f.cloud_event, s.view
       from ${DELIVERIES} d
       join ${SUBSCRIPTIONS} s on s.subscription_id = d.subscription_id
       left join ${NOTIFIABLE_EVENTS} f on f.event_id = d.source_event_id
       where d.subscription_id = $1 and d.channel_kind = $2 and d.status = 'pending'
         and s.status = 'active' and s.view->'channel'->>'mode' = $3
       for update of d`,
      [subscriptionId, EMAIL, DAILY_DIGEST],
    );
    // Another instance is sending this subscription's digest: leave it to it.
    if (rows.some((row) => row.lease_until && row.lease_until.getTime() > now.getTime())) return [];
    const contents = digestContents(rows.map(claimed), cutoff);
    if (contents.length === 0) return [];
    await client.query(
      `update ${DELIVERIES}
       set lease_until = $2::timestamptz + make_interval(secs => $3::float8 / 1000)
       where notification_id = any($1::text[])`,
      [contents.map((row) => row.notificationId), now, leaseMs],
    );
    return contents;
  });
}

/** Drops the lease of deliveries left unsent (the mail server inactive, shutting down). */
export async function releaseLeases(pool: Pool, notificationIds: readonly string[]): Promise<void> {
  if (notificationIds.length === 0) return;
  await pool.query(
    `update ${DELIVERIES} set lease_until = null
     where notification_id = any($1::text[]) and status = 'pending'`,
    [notificationIds],
  );
}

function claimed(row: ClaimedRow): ClaimedEmail {
  return {
    notificationId: row.notification_id,
    subscriptionId: row.subscription_id,
    sourceEventId: row.source_event_id,
    subject: row.subject,
    position: BigInt(row.position),
    createdAt: row.created_at,
    dueAt: row.due_at,
    attempts: row.attempts,
    ...(row.cloud_event ? { cloudEvent: row.cloud_event } : {}),
    address: row.view.channel.address ?? '',
  };
}
