import type { AttemptOutcome, RetrySchedule } from './delivery-schedule';
import type { ChannelKind } from './subscription-channel';
import type { FollowedZone } from './subscription-index';
import type { Command } from './subscription.commands';

// What the delivery side asks of a notification's stream (`notification-<notification id>`). As
// for subscriptions, a command carries what the decision needs that the stream does not hold:
// the source event as its CloudEvent says, how an attempt ended and when, configuration.

/** The event a notification is about, as its CloudEvent says. */
export interface SourceEvent {
  /** ce_id. */
  readonly id: string;
  /** ce_type ("zoneledger.assessment.v1.ZoneRankChanged"), or the domain event type. */
  readonly type: string;
  /** ce_subject: the source stream, e.g. "round-2023". */
  readonly subject: string;
  /** The event's version in its stream (ce_streamversion). */
  readonly streamVersion: bigint | number;
  /** ce_time. */
  readonly time: Date;
}

/**
 * A source event matched a subscription (SubscriptionIndex.match): notify it by the
 * subscription's channel. One notification per subscription and source event, whatever the
 * number of times the event is matched.
 */
export type CreateNotification = Command<
  'CreateNotification',
  {
    readonly subscriptionId: string;
    readonly source: SourceEvent;
    /** The match's followed zones (SubscriptionMatch.followed); empty if none. */
    readonly followed: readonly FollowedZone[];
    readonly channelKind: ChannelKind;
  }
>;

/** The delivery worker made an attempt: how it ended, how long it took, when. */
export type RecordAttempt = Command<
  'RecordAttempt',
  {
    readonly notificationId: string;
    readonly outcome: AttemptOutcome;
    /** How long the attempt took, in milliseconds (rounded to whole ones). */
    readonly latencyMs: number;
    /** When it ended. */
    readonly now: Date;
    /** The retry schedule configured; Standard Webhooks' when left out. */
    readonly schedule?: RetrySchedule;
    /**
     * Webhooks: the start of the response body, as text; kept (cut to
     * RESPONSE_EXCERPT_MAX_CHARS characters) in the attempt's event. Absent or empty: none.
     */
    readonly responseExcerpt?: string;
  }
>;

/**
 * Someone asks for a notification to go out again (it was delivered, given up on, or its
 * endpoint was disabled): it becomes pending, due at once, and the retry schedule starts over.
 */
export type RequestRedelivery = Command<
  'RequestRedelivery',
  {
    readonly notificationId: string;
    /** The subject who asks (the token's `sub`). */
    readonly requestedBy: string;
    readonly now: Date;
  }
>;

/** The commands on one notification's stream (`decideNotification`). */
export type NotificationCommand = CreateNotification | RecordAttempt | RequestRedelivery;
