import type { FailureKindJson, NextStepJson } from '@zoneledger/contracts';
import type { ChannelKind } from './subscription-channel';
import type { FollowedZone } from './subscription-index';
import type { DomainEvent } from './subscription.events';

// The events of a notification's stream (`notification-<notification id>`, aggregate
// `notification`; the id is notificationId(subscription id, source event id)): NotificationCreated
// first, then one NotificationDelivered or NotificationFailed per delivery attempt, in attempt
// order, and NotificationRedeliveryRequested when a closed notification is asked to go out again
// (more attempts follow it, numbered on). Their `data` is the proto JSON of the messages in
// proto/zoneledger/notification/v1/notification_events.proto, with the defaults
// subscription.events.ts says: `followed`, `sourceStreamVersion` and `latencyMs` always written
// (empty, "0", 0 included); `statusCode`, `error`, `retryAt` and `responseExcerpt` left out when
// their absence is the meaning. Integers are whole numbers within int32 (`attempt`, `statusCode`, `latencyMs`); the
// source stream version is an int64, a decimal string in proto JSON.

/** How a delivery attempt failed (never FAILURE_KIND_UNSPECIFIED). */
export type FailureKind = Exclude<FailureKindJson, 'FAILURE_KIND_UNSPECIFIED'>;

/** What follows a failed attempt (never NEXT_STEP_UNSPECIFIED). */
export type FailureNextStep = Exclude<NextStepJson, 'NEXT_STEP_UNSPECIFIED'>;

/** A source event matched a subscription's filter: a notification to deliver. */
export type NotificationCreated = DomainEvent<
  'NotificationCreated',
  {
    /** `<subscription id>:<source event id>`. */
    readonly notificationId: string;
    readonly subscriptionId: string;
    /** The source event's ce_id. */
    readonly sourceEventId: string;
    /** The source event's ce_type, e.g. "zoneledger.assessment.v1.ZoneRankChanged". */
    readonly sourceEventType: string;
    /** The source event's ce_subject (its stream), e.g. "round-2023". */
    readonly sourceSubject: string;
    /** The source event's version in its stream, in decimal (int64 in proto JSON). */
    readonly sourceStreamVersion: string;
    /** The source event's ce_time (ISO 8601, UTC). */
    readonly sourceTime: string;
    /** Zones followed instead of zones the filter names, merged away; empty if none. */
    readonly followed: FollowedZone[];
    readonly channelKind: ChannelKind;
  }
>;

/** A delivery attempt succeeded: the last event of the notification's stream. */
export type NotificationDelivered = DomainEvent<
  'NotificationDelivered',
  {
    readonly notificationId: string;
    readonly subscriptionId: string;
    /** 1 for the first attempt. */
    readonly attempt: number;
    /** Webhooks: the 2xx status answered; left out for other channels. */
    readonly statusCode?: number;
    /** Whole milliseconds. */
    readonly latencyMs: number;
    /** ISO 8601. */
    readonly deliveredAt: string;
    /** Webhooks: the start of the response body (at most 512 characters); left out when none. */
    readonly responseExcerpt?: string;
  }
>;

/** A delivery attempt failed, and what follows: another attempt at `retryAt`, or none. */
export type NotificationFailed = DomainEvent<
  'NotificationFailed',
  {
    readonly notificationId: string;
    readonly subscriptionId: string;
    /** 1 for the first attempt. */
    readonly attempt: number;
    readonly failure: FailureKind;
    /** FAILURE_KIND_HTTP_STATUS: the status answered; left out otherwise. */
    readonly statusCode?: number;
    /** What went wrong, for people; left out when the status says it. */
    readonly error?: string;
    /** ISO 8601. */
    readonly failedAt: string;
    readonly nextStep: FailureNextStep;
    /** NEXT_STEP_RETRY: when (ISO 8601); left out otherwise. */
    readonly retryAt?: string;
    /** Whole milliseconds (a timeout's included). */
    readonly latencyMs: number;
    /** Webhooks: the start of the response body (at most 512 characters); left out when none. */
    readonly responseExcerpt?: string;
  }
>;

/**
 * A notification delivered, given up on or stopped by its endpoint is to go out again: it is
 * pending, due at once, and the retry schedule starts over for the attempts that follow.
 */
export type NotificationRedeliveryRequested = DomainEvent<
  'NotificationRedeliveryRequested',
  {
    readonly notificationId: string;
    readonly subscriptionId: string;
    /** The subject who asked. */
    readonly requestedBy: string;
    /** ISO 8601. */
    readonly requestedAt: string;
  }
>;

export type NotificationEvent =
  | NotificationCreated
  | NotificationDelivered
  | NotificationFailed
  | NotificationRedeliveryRequested;
