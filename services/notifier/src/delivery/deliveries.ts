import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  readPage,
  type CommandContext,
  type Page,
  type PageOf,
  type StreamCommandOutcome,
} from '@zoneledger/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { SubscriptionStreams } from '../application/subscription-streams';
import {
  NotificationNotFoundError,
  NotOwnerError,
  SubscriptionCancelledError,
  SubscriptionNotFoundError,
  type Caller,
  type Subscription,
} from '../domain';
import { DELIVERIES, DELIVERY_ATTEMPTS } from './delivery-tables';
import { NOTIFICATION_STREAM_TYPE, NotificationStreams } from './notification-streams';

/** One delivery attempt, as its event recorded it. */
export interface DeliveryAttemptView {
  readonly attempt: number;
  readonly outcome: 'delivered' | 'failed';
  /** The HTTP status answered (webhooks), if any. */
  readonly statusCode?: number;
  readonly latencyMs: number;
  /** What went wrong, for people, when no status says it. */
  readonly error?: string;
  /** The start of the response body (at most 512 characters). */
  readonly responseExcerpt?: string;
  readonly attemptedAt: string;
  /** After a failure: NEXT_STEP_RETRY, NEXT_STEP_GIVE_UP or NEXT_STEP_ENDPOINT_DISABLED. */
  readonly nextStep?: string;
  /** NEXT_STEP_RETRY: when. */
  readonly retryAt?: string;
}

/** A notification's delivery to a subscription, with every attempt. */
export interface DeliveryView {
  readonly notificationId: string;
  readonly sourceEventId: string;
  /** The source event's CloudEvent type. */
  readonly sourceEventType: string;
  /** The source event's subject (its stream). */
  readonly subject: string;
  readonly status: 'pending' | 'delivered' | 'given-up' | 'endpoint-disabled';
  /** Pending: when the next attempt is due (it may wait for an earlier one about its subject). */
  readonly dueAt?: string;
  readonly createdAt: string;
  readonly attempts: DeliveryAttemptView[];
}

/** What a redelivery request did. */
export interface RedeliveryResult extends StreamCommandOutcome {
  readonly notificationId: string;
}

interface DeliveryRow {
  notification_id: string;
  source_event_id: string;
  source_event_type: string | null;
  subject: string;
  status: DeliveryView['status'];
  due_at: Date;
  created_at: Date;
}

interface AttemptRow {
  notification_id: string;
  attempt: number;
  outcome: 'delivered' | 'failed';
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_excerpt: string | null;
  attempted_at: Date;
  next_step: string | null;
  retry_at: Date | null;
}

/**
 * A subscription's deliveries, as its owner (or ops) reads them and asks for one again. Another
 * analyst's subscription reads as not found (NOTIFIER.NOT_OWNER, answered as NOTIFIER.NOT_FOUND).
 */
@Injectable()
export class Deliveries {
  constructor(
    private readonly subscriptions: SubscriptionStreams,
    private readonly notifications: NotificationStreams,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The subscription's deliveries, newest first, each with its attempts in order. */
  async list(subscriptionId: string, caller: Caller, page: Page): Promise<PageOf<DeliveryView>> {
    await this.accessible(subscriptionId, caller);
    // One snapshot for the count, the page and its attempts: a delivery is shown as its last
    // attempt left it.
    const { rows, total, attempts } = await this.db.transaction('REPEATABLE READ', (reader) =>
      this.read(reader, subscriptionId, page),
    );
    const byNotification = new Map<string, DeliveryAttemptView[]>();
    for (const attempt of attempts) {
      const list = byNotification.get(attempt.notification_id) ?? [];
      list.push(attemptView(attempt));
      byNotification.set(attempt.notification_id, list);
    }
    return {
      items: rows.map((row) => ({
        notificationId: row.notification_id,
        sourceEventId: row.source_event_id,
        sourceEventType: row.source_event_type ?? '',
        subject: row.subject,
        status: row.status,
        ...(row.status === 'pending' ? { dueAt: new Date(row.due_at).toISOString() } : {}),
        createdAt: new Date(row.created_at).toISOString(),
        attempts: byNotification.get(row.notification_id) ?? [],
      })),
      total,
      ...page,
    };
  }

  /**
   * Asks for a notification of the subscription to go out again (RequestRedelivery): refused for
   * a cancelled subscription (NOTIFIER.CANCELLED), a notification not of this subscription
   * (NOTIFIER.NOTIFICATION_NOT_FOUND) or still pending (NOTIFIER.NOTIFICATION_PENDING). A paused
   * subscription's, or a disabled endpoint's, waits until the subscription is resumed.
   */
  async redeliver(
    subscriptionId: string,
    notificationId: string,
    caller: Caller,
    context: CommandContext,
  ): Promise<RedeliveryResult> {
    const subscription = await this.accessible(subscriptionId, caller);
    if (!notificationId.startsWith(`${subscriptionId}:`))
      throw new NotificationNotFoundError(notificationId);
    if (subscription.status === 'cancelled') throw new SubscriptionCancelledError(subscriptionId);
    const outcome = await this.notifications.decide(
      notificationId,
      () => ({
        type: 'RequestRedelivery',
        data: { notificationId, requestedBy: caller.subject, now: new Date() },
      }),
      context,
    );
    return { notificationId, ...outcome };
  }

  // The page of deliveries, their count and their attempts, read through `reader`.
  private async read(
    reader: EntityManager,
    subscriptionId: string,
    page: Page,
  ): Promise<{ rows: DeliveryRow[]; total: number; attempts: AttemptRow[] }> {
    const { rows, total } = await readPage<DeliveryRow>(
      reader,
      {
        select: `d.notification_id, d.source_event_id, d.subject, d.status, d.due_at,
          d.created_at, created.data->>'sourceEventType' as source_event_type`,
        from: `${DELIVERIES} d left join events created
          on created.stream_id = '${NOTIFICATION_STREAM_TYPE}-' || d.notification_id
          and created.stream_version = 1`,
        countFrom: `${DELIVERIES} d`,
        where: ['d.subscription_id = $1'],
        values: [subscriptionId],
        orderBy: 'd.created_at desc, d.notification_id desc',
      },
      page,
    );
    const attempts: AttemptRow[] =
      rows.length === 0
        ? []
        : await reader.query(
            `select notification_id, attempt, outcome, status_code, latency_ms, error,
               response_excerpt, attempted_at, next_step, retry_at
             from ${DELIVERY_ATTEMPTS}
             where notification_id = any($1::text[])
             order by notification_id, attempt`,
            [rows.map((row) => row.notification_id)],
          );
    return { rows, total, attempts };
  }

  // The subscription, if the caller may see it.
  private async accessible(subscriptionId: string, caller: Caller): Promise<Subscription> {
    const { state } = await this.subscriptions.read(subscriptionId);
    if (!state.exists) throw new SubscriptionNotFoundError(subscriptionId);
    if (caller.role !== 'ops' && state.owner !== caller.subject)
      throw new NotOwnerError(subscriptionId);
    return state;
  }
}

function attemptView(row: AttemptRow): DeliveryAttemptView {
  return {
    attempt: row.attempt,
    outcome: row.outcome,
    ...(row.status_code !== null ? { statusCode: row.status_code } : {}),
    latencyMs: row.latency_ms,
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.response_excerpt !== null ? { responseExcerpt: row.response_excerpt } : {}),
    attemptedAt: new Date(row.attempted_at).toISOString(),
    ...(row.next_step !== null ? { nextStep: row.next_step } : {}),
    ...(row.retry_at !== null ? { retryAt: new Date(row.retry_at).toISOString() } : {}),
  };
}
