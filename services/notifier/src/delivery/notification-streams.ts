import { Inject, Injectable } from '@nestjs/common';
import type { PostgresEventStore, Queryable } from '@zoneledger/event-store';
import { DeciderStreams, EVENT_STORE, type StreamAppend } from '@zoneledger/platform';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import {
  notificationDecider,
  type NotificationCommand,
  type NotificationEvent,
  type NotificationState,
} from '../domain';
import { DELIVERIES, DELIVERIES_CHANNEL, DELIVERY_ATTEMPTS } from './delivery-tables';

/** The event-store category of notification streams (the contracts' aggregate). */
export const NOTIFICATION_STREAM_TYPE = 'notification';

/** The channels whose notifications are delivered by a worker (the live stream reads the feed). */
const DELIVERED_KINDS = new Set(['CHANNEL_KIND_WEBHOOK', 'CHANNEL_KIND_EMAIL']);

/**
 * Notification streams (`notification-<subscription id>:<source event id>`). The delivery
 * schedule and the attempt log commit with the events (writesAlongside): a notification is
 * scheduled exactly when its NotificationCreated is recorded, each attempt's event moves its
 * row (delivered, retried at `retryAt`, given up) and adds the attempt (status, latency, response
 * excerpt) to the log, and a redelivery request makes the row pending again, due at once, so a
 * restart finds every pending retry where the events left it.
 */
@Injectable()
export class NotificationStreams extends DeciderStreams<
  NotificationCommand,
  NotificationEvent,
  NotificationState
> {
  constructor(
    @Inject(EVENT_STORE) store: PostgresEventStore,
    @Inject(NOTIFIER_CONFIG) config: Pick<NotifierConfig, 'delivery'>,
  ) {
    // The schedule's first delay (usually 0) comes before a notification's first attempt, and
    // before the first attempt after a redelivery request.
    const firstDelayMs = config.delivery.schedule.delaysMs[0] ?? 0;
    super(store, {
      streamType: NOTIFICATION_STREAM_TYPE,
      ...notificationDecider,
      writesAlongside: (appends) => (transaction) =>
        scheduleAlongside(transaction, appends, firstDelayMs),
    });
  }
}

async function scheduleAlongside(
  transaction: Queryable,
  appends: readonly StreamAppend<NotificationEvent, NotificationState>[],
  firstDelayMs: number,
): Promise<void> {
  const kinds = new Set<string>();
  for (const { events } of appends) {
    for (const event of events) {
      const kind = await applyToSchedule(transaction, event, firstDelayMs);
      if (kind) kinds.add(kind);
    }
  }
  // Wakes the workers of every instance (delivered at commit, and only if it commits).
  for (const kind of kinds)
    await transaction.query(`select pg_notify($1, $2)`, [DELIVERIES_CHANNEL, kind]);
}

/** Applies one event to the schedule and the log; answers the channel kind a worker should look at. */
async function applyToSchedule(
  transaction: Queryable,
  event: NotificationEvent,
  firstDelayMs: number,
): Promise<string | undefined> {
  switch (event.type) {
    case 'NotificationCreated': {
      const { data } = event;
      if (!DELIVERED_KINDS.has(data.channelKind)) return undefined;
      await transaction.query(
        `insert into ${DELIVERIES} (notification_id, subscription_id, channel_kind,
           source_event_id, subject, position, status, due_at, followed)
         values ($1, $2, $3, $4, $5, $6, 'pending', now() + $7 * interval '1 millisecond', $8)
         on conflict (notification_id) do nothing`,
        [
          data.notificationId,
          data.subscriptionId,
          data.channelKind,
          data.sourceEventId,
          data.sourceSubject,
          data.sourceStreamVersion || '0',
          firstDelayMs,
          JSON.stringify(data.followed ?? []),
        ],
      );
      return data.channelKind;
    }
    case 'NotificationDelivered': {
      const { data } = event;
      await transaction.query(
        `update ${DELIVERIES} set status = 'delivered', attempts = $2, lease_until = null,
           updated_at = now() where notification_id = $1`,
        [data.notificationId, data.attempt],
      );
      await transaction.query(
        `insert into ${DELIVERY_ATTEMPTS} (notification_id, attempt, subscription_id, outcome,
           status_code, latency_ms, response_excerpt, attempted_at)
         values ($1, $2, $3, 'delivered', $4, $5, $6, $7)
         on conflict (notification_id, attempt) do nothing`,
        [
          data.notificationId,
          data.attempt,
          data.subscriptionId,
          data.statusCode ?? null,
          data.latencyMs ?? 0,
          data.responseExcerpt ?? null,
          data.deliveredAt,
        ],
      );
      return undefined;
    }
    case 'NotificationFailed': {
      const { data } = event;
      const status =
        data.nextStep === 'NEXT_STEP_RETRY'
          ? 'pending'
          : data.nextStep === 'NEXT_STEP_ENDPOINT_DISABLED'
            ? 'endpoint-disabled'
            : 'given-up';
      await transaction.query(
        `update ${DELIVERIES} set status = $2, attempts = $3, lease_until = null,
           due_at = coalesce($4::timestamptz, due_at),
           first_failure_at = coalesce(first_failure_at, $5::timestamptz), updated_at = now()
         where notification_id = $1`,
        [data.notificationId, status, data.attempt, data.retryAt ?? null, data.failedAt],
      );
      await transaction.query(
        `insert into ${DELIVERY_ATTEMPTS} (notification_id, attempt, subscription_id, outcome,
           status_code, latency_ms, error, response_excerpt, next_step, retry_at, attempted_at)
         values ($1, $2, $3, 'failed', $4, $5, $6, $7, $8, $9, $10)
         on conflict (notification_id, attempt) do nothing`,
        [
          data.notificationId,
          data.attempt,
          data.subscriptionId,
          data.statusCode ?? null,
          data.latencyMs ?? 0,
          data.error ?? null,
          data.responseExcerpt ?? null,
          data.nextStep,
          data.retryAt ?? null,
          data.failedAt,
        ],
      );
      // A retry is due later: the worker's timer finds it, no wake-up is needed.
      return undefined;
    }
    case 'NotificationRedeliveryRequested': {
      // Pending again, due at once (after the schedule's first delay), any lease dropped: the
      // workers are woken as at creation.
      const { rows } = await transaction.query<{ channel_kind: string }>(
        `update ${DELIVERIES} set status = 'pending', lease_until = null, updated_at = now(),
           due_at = now() + $2 * interval '1 millisecond'
         where notification_id = $1
         returning channel_kind`,
        [event.data.notificationId, firstDelayMs],
      );
      return rows[0]?.channel_kind;
    }
  }
}
