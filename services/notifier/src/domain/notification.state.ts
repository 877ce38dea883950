import type { PendingDelivery } from './delivery-order';
import type { ChannelKind } from './subscription-channel';
import type { FollowedZone } from './subscription-index';
import type { NotificationEvent } from './notification.events';

/** Where a notification's delivery stands. */
export type NotificationStatus =
  /** Not delivered yet: an attempt is due (at `nextRetryAt`, if any, or at once). */
  | 'pending'
  | 'delivered'
  /** The schedule's attempts are spent. */
  | 'given-up'
  /** Its webhook endpoint answered 410 Gone: no more attempts (until a redelivery is asked). */
  | 'endpoint-disabled';

/** A notification whose stream has begun. */
export interface Notification {
  readonly exists: true;
  readonly notificationId: string;
  readonly subscriptionId: string;
  readonly source: {
    readonly eventId: string;
    /** The CloudEvent type. */
    readonly eventType: string;
    readonly subject: string;
    readonly streamVersion: bigint;
    readonly time: Date;
  };
  readonly followed: readonly FollowedZone[];
  readonly channelKind: ChannelKind;
  /** Attempts made so far (0 before the first), redeliveries' included. */
  readonly attempts: number;
  /**
   * The attempts made before the retry schedule last started over (0, or the attempts made when
   * a redelivery was last requested): the schedule counts the attempts after these.
   */
  readonly scheduleFrom: number;
  readonly status: NotificationStatus;
  /** Pending after a failed attempt: when the next attempt is due. */
  readonly nextRetryAt?: Date;
}

/** A stream with no events yet. */
export interface NoNotification {
  readonly exists: false;
}

export type NotificationState = NoNotification | Notification;

/** The state of a notification's stream before its first event. */
export const initialNotificationState = (): NotificationState => ({ exists: false });

/**
 * The state after `event`. Its data may come back as canonical proto JSON, defaults left out
 * (notification.events.ts): an absent `followed` is empty, an absent stream version 0.
 */
export function evolveNotification(
  state: NotificationState,
  event: NotificationEvent,
): NotificationState {
  if (!state.exists) {
    if (event.type !== 'NotificationCreated') return state;
    const { data } = event;
    return {
      exists: true,
      notificationId: data.notificationId,
      subscriptionId: data.subscriptionId,
      source: {
        eventId: data.sourceEventId,
        eventType: data.sourceEventType,
        subject: data.sourceSubject,
        streamVersion: BigInt(data.sourceStreamVersion || '0'),
        time: new Date(data.sourceTime),
      },
      followed: data.followed ?? [],
      channelKind: data.channelKind,
      attempts: 0,
      scheduleFrom: 0,
      status: 'pending',
    };
  }
  switch (event.type) {
    case 'NotificationCreated':
      return state;
    case 'NotificationDelivered': {
      const { nextRetryAt: _none, ...rest } = state;
      return { ...rest, attempts: event.data.attempt, status: 'delivered' };
    }
    case 'NotificationFailed': {
      const { nextRetryAt: _previous, ...rest } = state;
      const { attempt, nextStep, retryAt } = event.data;
      if (nextStep === 'NEXT_STEP_RETRY')
        return {
          ...rest,
          attempts: attempt,
          status: 'pending',
          ...(retryAt ? { nextRetryAt: new Date(retryAt) } : {}),
        };
      const status = nextStep === 'NEXT_STEP_ENDPOINT_DISABLED' ? 'endpoint-disabled' : 'given-up';
      return { ...rest, attempts: attempt, status };
    }
    case 'NotificationRedeliveryRequested': {
      // Pending again, due at once; the schedule counts the attempts from here.
      const { nextRetryAt: _none, ...rest } = state;
      return { ...rest, status: 'pending', scheduleFrom: state.attempts };
    }
  }
}

/**
 * The notification as the delivery order sees it (eligibleDeliveries): its id, its source's
 * subject and stream version, and when its next attempt is due; undefined once it is delivered
 * or no attempt follows.
 */
export function pendingDelivery(state: NotificationState): PendingDelivery | undefined {
  if (!state.exists || state.status !== 'pending') return undefined;
  return {
    deliveryId: state.notificationId,
    subject: state.source.subject,
    position: state.source.streamVersion,
    ...(state.nextRetryAt ? { dueAt: state.nextRetryAt } : {}),
  };
}
