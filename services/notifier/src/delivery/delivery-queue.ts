import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SUBSCRIPTIONS } from '../application/subscription-streams';
import type { SubscriptionView } from '../application/subscription-view';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import type { ChannelKind, EmailMode, FollowedZone, Subscription } from '../domain';
import { DELIVERIES, NOTIFIABLE_EVENTS } from './delivery-tables';

/** A due delivery a worker has claimed (leased) and is to attempt. */
export interface ClaimedDelivery {
  readonly notificationId: string;
  readonly subscriptionId: string;
  readonly channelKind: ChannelKind;
  readonly sourceEventId: string;
  /** The source subject (the CloudEvent subject) the order rule keys on. */
  readonly subject: string;
  /** The source event's version in its stream. */
  readonly position: bigint;
  /** Attempts recorded so far. */
  readonly attempts: number;
  readonly dueAt: Date;
  /** Until when the claim holds: another worker may take the delivery over after it. */
  readonly leaseUntil: Date;
  /** The structured-mode CloudEvent of the feed (the body a receiver gets); null if missing. */
  readonly cloudEvent: Record<string, unknown> | null;
  /** The zones the notification follows instead of zones merged away (its NotificationCreated's). */
  readonly followed: readonly FollowedZone[];
  /** The subscription as it was at the claim; null if it has no row. */
  readonly subscription: {
    readonly status: Subscription['status'];
    readonly view: SubscriptionView;
  } | null;
}

interface ClaimedRow {
  notification_id: string;
  subscription_id: string;
  channel_kind: ChannelKind;
  source_event_id: string;
  subject: string;
  position: string;
  attempts: number;
  due_at: Date;
  lease_until: Date;
  cloud_event: Record<string, unknown> | null;
  followed: FollowedZone[];
  subscription_status: Subscription['status'] | null;
  subscription_view: SubscriptionView | null;
}

/**
 * The durable delivery schedule as workers use it (ADR 0010): the `deliveries` rows, pending
 * until their notification is delivered, given up on or its endpoint disabled, and moved only by
 * the notification events (NotificationStreams). A worker claims due rows for a while (a lease)
 * and records each attempt on the notification's stream, which moves the row on; a worker that
 * dies leaves its leases to expire, and the rows are claimed again (at least once: the webhook-id
 * lets receivers drop a repeat).
 */
@Injectable()
export class DeliveryQueue {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  /**
   * Claims up to `limit` deliveries by `channelKind` due at `now`, earliest due first, leasing
   * them until `now` + the configured lease. Claimable: pending, due, not leased (or its lease
   * expired), the subscription active with its endpoint enabled (a paused subscription's, or a
   * disabled endpoint's, deliveries wait until it is resumed; a cancelled one's are never sent),
   * and the earliest pending delivery about its subject to its subscription (by source position,
   * then notification id: the order rule of domain/delivery-order.ts; a later one waits while an
   * earlier one is pending, even leased or not yet due). Rows other workers are claiming are
   * skipped, not waited for (FOR UPDATE SKIP LOCKED), in one short statement. `emailMode` keeps
   * only the e-mail subscriptions of that mode (the digest's rows wait for their digest).
   */
  async claim(
    channelKind: ChannelKind,
    limit: number,
    now: Date,
    { emailMode }: { readonly emailMode?: EmailMode } = {},
  ): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return [];
    const leaseUntil = new Date(now.getTime() + this.config.delivery.leaseMs);
    const rows: ClaimedRow[] = await this.db.query(
      `with candidates as (
         select d.notification_id
         from ${DELIVERIES} d
         join ${SUBSCRIPTIONS} s on s.subscription_id = d.subscription_id
         where d.status = 'pending' and d.channel_kind = $1 and d.due_at <= $2
           and (d.lease_until is null or d.lease_until <= $2)
           and s.status = 'active' and not (s.view ? 'endpointDisabled')
           and ($5::text is null or s.view->'channel'->>'mode' = $5)
           and not exists (
             select 1 from ${DELIVERIES} e
             where e.status = 'pending'
               and e.subscription_id = d.subscription_id and e.subject = d.subject
               and (e.position, e.notification_id) < (d.position, d.notification_id))
         order by d.due_at
         limit $3
         for update of d skip locked),
       claimed as (
         update ${DELIVERIES} d set lease_until = $4
         from candidates c
         where d.notification_id = c.notification_id
         returning d.notification_id, d.subscription_id, d.channel_kind, d.source_event_id,
           d.subject, d.position, d.attempts, d.due_at, d.lease_until, d.followed)
       select claimed.*, f.cloud_event,
         s.status as subscription_status, s.view as subscription_view
       from claimed
       left join ${NOTIFIABLE_EVENTS} f on f.event_id = claimed.source_event_id
       left join ${SUBSCRIPTIONS} s on s.subscription_id = claimed.subscription_id
       order by claimed.due_at, claimed.position, claimed.notification_id`,
      [channelKind, now, limit, leaseUntil, emailMode ?? null],
    );
    return rows.map(claimedDelivery);
  }

  /**
   * When the earliest pending delivery by `channelKind` not yet due falls due (undefined: none):
   * when a worker with nothing due should look again.
   */
  async nextDueAt(channelKind: ChannelKind, now: Date): Promise<Date | undefined> {
    const rows: { due_at: Date }[] = await this.db.query(
      `select min(due_at) as due_at from ${DELIVERIES}
       where status = 'pending' and channel_kind = $1 and due_at > $2`,
      [channelKind, now],
    );
    return rows[0]?.due_at ?? undefined;
  }

  /**
   * Gives a claim up without an attempt (the worker is stopping before it began, or the
   * delivery may not go out now): the row is claimable again at once.
   */
  async release(notificationId: string, leaseUntil: Date): Promise<void> {
    await this.db.query(
      `update ${DELIVERIES} set lease_until = null
       where notification_id = $1 and status = 'pending' and lease_until = $2`,
      [notificationId, leaseUntil],
    );
  }
}

function claimedDelivery(row: ClaimedRow): ClaimedDelivery {
  return {
    notificationId: row.notification_id,
    subscriptionId: row.subscription_id,
    channelKind: row.channel_kind,
    sourceEventId: row.source_event_id,
    subject: row.subject,
    position: BigInt(row.position),
    attempts: row.attempts,
    dueAt: new Date(row.due_at),
    leaseUntil: new Date(row.lease_until),
    cloudEvent: row.cloud_event,
    followed: row.followed ?? [],
    subscription:
      row.subscription_status && row.subscription_view
        ? { status: row.subscription_status, view: row.subscription_view }
        : null,
  };
}
