import { notificationId } from './delivery-order';
import { nextAttempt, STANDARD_WEBHOOKS_SCHEDULE, type AttemptOutcome } from './delivery-schedule';
import { notifiableCeType, notifiableEventType } from './event-types';
import type {
  CreateNotification,
  NotificationCommand,
  RecordAttempt,
  RequestRedelivery,
} from './notification.commands';
import type {
  FailureKind,
  NotificationCreated,
  NotificationDelivered,
  NotificationEvent,
  NotificationFailed,
  NotificationRedeliveryRequested,
} from './notification.events';
import {
  evolveNotification,
  initialNotificationState,
  type NotificationState,
} from './notification.state';
import {
  FieldRequiredError,
  InvalidValueError,
  NotificationClosedError,
  NotificationNotFoundError,
  NotificationPendingError,
  UnknownEventTypeError,
} from './notifier.errors';

// One pure function per command on a notification's stream (`notification-<notification id>`),
// as for subscriptions: the state and the command in, the events to append out, or a
// NotifierError.
//
// Exactly once: a notification's id is notificationId(subscription id, source event id), so an
// event matched again (a redelivered record, a replay) finds the stream begun and records nothing;
// the event store's expected version refuses a concurrent second creation. Attempts follow the
// delivery schedule (nextAttempt): each is recorded with what follows it, and none is recorded
// once the notification is delivered, given up or its endpoint disabled, unless a redelivery is
// requested: the notification is pending again and the schedule starts over (its attempts counted
// from there, their numbers going on).

const INT32_MAX = 2 ** 31 - 1;

/** The most of a response body an attempt's event keeps, in characters. */
export const RESPONSE_EXCERPT_MAX_CHARS = 512;

/**
 * A notification of the source event for the subscription: its id, the source event's id, full
 * CloudEvent type (a domain event type is made one), subject, stream version and time, the zones
 * followed through which it matched, and the channel it goes out by. A notification already
 * created records nothing.
 */
export function createNotification(
  { data: command }: CreateNotification,
  state: NotificationState,
): NotificationCreated[] {
  if (state.exists) return [];
  const { source } = command;
  const subscriptionId = required('subscriptionId', command.subscriptionId);
  const sourceEventId = required('source.id', source.id);
  const type = notifiableEventType(source.type.trim());
  if (!type) throw new UnknownEventTypeError(source.type);
  const version = source.streamVersion;
  if (typeof version === 'number' ? !Number.isSafeInteger(version) || version < 0 : version < 0n)
    throw new InvalidValueError(
      'source.streamVersion',
      version,
      'must be a whole number not below 0',
    );
  if (Number.isNaN(source.time.getTime()))
    throw new InvalidValueError('source.time', source.time, 'must be a valid time');
  return [
    {
      type: 'NotificationCreated',
      data: {
        notificationId: notificationId(subscriptionId, sourceEventId),
        subscriptionId,
        sourceEventId,
        sourceEventType: notifiableCeType(type),
        sourceSubject: required('source.subject', source.subject),
        sourceStreamVersion: version.toString(),
        sourceTime: source.time.toISOString(),
        followed: command.followed.map(({ zoneId, insteadOf }) => ({ zoneId, insteadOf })),
        channelKind: command.channelKind,
      },
    },
  ];
}

/**
 * A delivery attempt, numbered after those recorded: delivered on a 2xx (its status recorded) or
 * when handed over by another channel; otherwise failed, with its kind, the status answered or
 * what went wrong, and what follows (nextAttempt): a retry at a time, giving up once the
 * schedule's attempts are spent, or the endpoint disabled on 410 Gone (the worker then disables
 * it on the subscription's stream). Refused for a notification never created
 * (NOTIFIER.NOTIFICATION_NOT_FOUND) or one delivered, given up or whose endpoint was disabled
 * (NOTIFIER.NOTIFICATION_CLOSED).
 */
export function recordAttempt(
  { data: command }: RecordAttempt,
  state: NotificationState,
): (NotificationDelivered | NotificationFailed)[] {
  if (!state.exists) throw new NotificationNotFoundError(command.notificationId);
  if (state.status !== 'pending')
    throw new NotificationClosedError(state.notificationId, state.status);
  const { outcome, now, schedule = STANDARD_WEBHOOKS_SCHEDULE } = command;
  const latencyMs = Math.round(command.latencyMs);
  if (!Number.isFinite(command.latencyMs) || latencyMs < 0 || latencyMs > INT32_MAX)
    throw new InvalidValueError('latencyMs', command.latencyMs, 'must be a duration in ms');
  if (Number.isNaN(now.getTime())) throw new InvalidValueError('now', now, 'must be a valid time');
  if (
    outcome.kind === 'response' &&
    !(Number.isInteger(outcome.status) && outcome.status >= 100 && outcome.status <= 599)
  )
    throw new InvalidValueError('outcome.status', outcome.status, 'must be an HTTP status');
  const attempt = state.attempts + 1;
  const ids = { notificationId: state.notificationId, subscriptionId: state.subscriptionId };
  const statusCode = outcome.kind === 'response' ? { statusCode: outcome.status } : {};
  const excerpt = excerptOf(command.responseExcerpt);
  const responseExcerpt = excerpt ? { responseExcerpt: excerpt } : {};
  // The schedule counts the attempts since it last started over (a redelivery).
  const step = nextAttempt(attempt - state.scheduleFrom, outcome, now, schedule);
  if (step.action === 'delivered' || outcome.kind === 'sent')
    return [
      {
        type: 'NotificationDelivered',
        data: {
          ...ids,
          attempt,
          ...statusCode,
          latencyMs,
          deliveredAt: now.toISOString(),
          ...responseExcerpt,
        },
      },
    ];
  const error = failureText(outcome, schedule.timeoutMs);
  return [
    {
      type: 'NotificationFailed',
      data: {
        ...ids,
        attempt,
        failure: failureKind(outcome),
        ...statusCode,
        ...(error ? { error } : {}),
        failedAt: now.toISOString(),
        ...(step.action === 'retry'
          ? { nextStep: 'NEXT_STEP_RETRY', retryAt: step.at.toISOString() }
          : step.action === 'give-up'
            ? { nextStep: 'NEXT_STEP_GIVE_UP' }
            : { nextStep: 'NEXT_STEP_ENDPOINT_DISABLED' }),
        latencyMs,
        ...responseExcerpt,
      },
    },
  ];
}

/**
 * A notification delivered, given up on or stopped by its endpoint goes out again: pending, due
 * at once, the schedule starting over for the attempts that follow (their numbers go on, and the
 * notification id, the `webhook-id`, stays: a receiver keeping ids drops it as a repeat). Refused
 * for a notification never created (NOTIFIER.NOTIFICATION_NOT_FOUND) and for one still pending
 * (NOTIFIER.NOTIFICATION_PENDING: its attempts are under way).
 */
export function requestRedelivery(
  { data: command }: RequestRedelivery,
  state: NotificationState,
): NotificationRedeliveryRequested[] {
  if (!state.exists) throw new NotificationNotFoundError(command.notificationId);
  if (state.status === 'pending') throw new NotificationPendingError(state.notificationId);
  const requestedBy = required('requestedBy', command.requestedBy);
  if (Number.isNaN(command.now.getTime()))
    throw new InvalidValueError('now', command.now, 'must be a valid time');
  return [
    {
      type: 'NotificationRedeliveryRequested',
      data: {
        notificationId: state.notificationId,
        subscriptionId: state.subscriptionId,
        requestedBy,
        requestedAt: command.now.toISOString(),
      },
    },
  ];
}

// The first RESPONSE_EXCERPT_MAX_CHARS characters (code points: a pair is never split); none when
// empty.
function excerptOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const characters = Array.from(text);
  return characters.length <= RESPONSE_EXCERPT_MAX_CHARS
    ? text
    : characters.slice(0, RESPONSE_EXCERPT_MAX_CHARS).join('');
}

function failureKind(outcome: Exclude<AttemptOutcome, { kind: 'sent' }>): FailureKind {
  switch (outcome.kind) {
    case 'response':
      return 'FAILURE_KIND_HTTP_STATUS';
    case 'timeout':
      return 'FAILURE_KIND_TIMEOUT';
    case 'network-error':
      return 'FAILURE_KIND_NETWORK_ERROR';
    case 'address-not-allowed':
      return 'FAILURE_KIND_ADDRESS_NOT_ALLOWED';
    case 'email-rejected':
      return 'FAILURE_KIND_EMAIL_REJECTED';
  }
}

// What went wrong, for people: the worker's words, a timeout's limit; none for a status.
function failureText(outcome: AttemptOutcome, timeoutMs: number): string | undefined {
  switch (outcome.kind) {
    case 'timeout':
      return `no answer within ${timeoutMs} ms`;
    case 'network-error':
    case 'address-not-allowed':
    case 'email-rejected':
      return outcome.error?.trim() || undefined;
    default:
      return undefined;
  }
}

function required(field: string, value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new FieldRequiredError(field);
  return trimmed;
}

/** The events a command on one notification's stream produces. */
export function decideNotification(
  command: NotificationCommand,
  state: NotificationState,
): NotificationEvent[] {
  switch (command.type) {
    case 'CreateNotification':
      return createNotification(command, state);
    case 'RecordAttempt':
      return recordAttempt(command, state);
    case 'RequestRedelivery':
      return requestRedelivery(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown notification command: ${JSON.stringify(unknown)}`);
    }
  }
}

/** The notification decider: what the delivery worker folds a stream with and decides by. */
export const notificationDecider = {
  decide: decideNotification,
  evolve: evolveNotification,
  initialState: initialNotificationState,
};

/** A notification's stream id: `notification-<subscription id>:<source event id>`. */
export function notificationStreamId(notificationIdOfIt: string): string {
  return `notification-${notificationIdOfIt}`;
}
