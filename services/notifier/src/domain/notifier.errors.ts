import { DomainRefusal } from '@zoneledger/shared-kernel';

/** A command the notifier refuses, with a stable `NOTIFIER.*` code clients can switch on. */
export abstract class NotifierError extends DomainRefusal {
  abstract override readonly code: `NOTIFIER.${string}`;
}

/** The subscription has no stream: it was never created. */
export class SubscriptionNotFoundError extends NotifierError {
  readonly code = 'NOTIFIER.NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly subscriptionId: string) {
    super(`subscription ${subscriptionId} not found`);
  }
}

/**
 * An analyst acted on another subject's subscription. It reads as not found, with the very message
 * of SubscriptionNotFoundError, so that a caller cannot learn that the subscription exists; the
 * API should answer it exactly as it answers NOTIFIER.NOT_FOUND.
 */
export class NotOwnerError extends NotifierError {
  readonly code = 'NOTIFIER.NOT_OWNER';
  readonly kind = 'not_found';
  constructor(readonly subscriptionId: string) {
    super(`subscription ${subscriptionId} not found`);
  }
}

/** The subscription id is taken by a subscription with other content. */
export class SubscriptionExistsError extends NotifierError {
  readonly code = 'NOTIFIER.ALREADY_EXISTS';
  readonly kind = 'conflict';
  constructor(readonly subscriptionId: string) {
    super(`subscription ${subscriptionId} already exists`);
  }
}

/** A cancelled subscription takes no more changes (unsubscribing again records nothing). */
export class SubscriptionCancelledError extends NotifierError {
  readonly code = 'NOTIFIER.CANCELLED';
  readonly kind = 'rule';
  constructor(readonly subscriptionId: string) {
    super(`subscription ${subscriptionId} is cancelled: it takes no more changes`);
  }
}

/** A filter must name at least one criterion; to receive every event, name every event type. */
export class EmptyFilterError extends NotifierError {
  readonly code = 'NOTIFIER.EMPTY_FILTER';
  readonly kind = 'rule';
  constructor() {
    super('the filter names nothing: name the event types (all of them for every event)');
  }
}

/** Not an event type of the zone, policy or assessment topics. */
export class UnknownEventTypeError extends NotifierError {
  readonly code = 'NOTIFIER.UNKNOWN_EVENT_TYPE';
  readonly kind = 'rule';
  constructor(readonly eventType: string) {
    super(`"${eventType}" is not an event type the notifier can notify`);
  }
}

/** Not one of China's 31 province-level divisions (by official or short name). */
export class UnknownProvinceError extends NotifierError {
  readonly code = 'NOTIFIER.UNKNOWN_PROVINCE';
  readonly kind = 'rule';
  constructor(readonly province: string) {
    super(`"${province}" is not a province-level division of mainland China`);
  }
}

/** A filter value outside its vocabulary or form (a region, a zone kind, a zone id, a blank word). */
export class InvalidFilterValueError extends NotifierError {
  readonly code = 'NOTIFIER.INVALID_FILTER_VALUE';
  readonly kind = 'rule';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`"${value}" is not a valid value of ${field}`);
  }
}

/** A threshold must be a finite number, not negative (a whole number of places for ranks). */
export class InvalidThresholdError extends NotifierError {
  readonly code = 'NOTIFIER.INVALID_THRESHOLD';
  readonly kind = 'rule';
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`${field} must be a finite number not below 0, got ${String(value)}`);
  }
}

/** A webhook URL that does not parse, or carries credentials. */
export class InvalidUrlError extends NotifierError {
  readonly code = 'NOTIFIER.INVALID_URL';
  readonly kind = 'rule';
  constructor(
    readonly url: string,
    readonly why: string,
  ) {
    super(`webhook URL ${JSON.stringify(url)} is refused: ${why}`);
  }
}

/** Webhooks go over https (plain http only where configuration allows it). */
export class InsecureUrlError extends NotifierError {
  readonly code = 'NOTIFIER.INSECURE_URL';
  readonly kind = 'rule';
  constructor(readonly url: string) {
    super(`webhook URL ${JSON.stringify(url)} must use https`);
  }
}

/** The webhook's host is a private, loopback or link-local address not on the allow-list. */
export class AddressNotAllowedError extends NotifierError {
  readonly code = 'NOTIFIER.ADDRESS_NOT_ALLOWED';
  readonly kind = 'rule';
  constructor(
    readonly host: string,
    readonly addressClass: string,
  ) {
    super(`webhook host ${host} is a ${addressClass} address, not allowed`);
  }
}

/** Not an e-mail address. */
export class InvalidEmailError extends NotifierError {
  readonly code = 'NOTIFIER.INVALID_EMAIL';
  readonly kind = 'rule';
  constructor(readonly address: string) {
    super(`"${address}" is not an e-mail address`);
  }
}

/** Only a webhook subscription has a signing secret to rotate. */
export class NotAWebhookError extends NotifierError {
  readonly code = 'NOTIFIER.NOT_A_WEBHOOK';
  readonly kind = 'rule';
  constructor(
    readonly subscriptionId: string,
    readonly channel: string,
  ) {
    super(`subscription ${subscriptionId} delivers by ${channel}: it has no signing secret`);
  }
}

/** A required field is missing or blank. */
export class FieldRequiredError extends NotifierError {
  readonly code = 'NOTIFIER.FIELD_REQUIRED';
  readonly kind = 'rule';
  constructor(readonly field: string) {
    super(`${field} is required`);
  }
}

/** A value outside what its field takes (a negative latency, an invalid time). */
export class InvalidValueError extends NotifierError {
  readonly code = 'NOTIFIER.INVALID_VALUE';
  readonly kind = 'rule';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly why: string,
  ) {
    super(`${field} ${why}, got ${String(value)}`);
  }
}

/** The notification has no stream: it was never created. */
export class NotificationNotFoundError extends NotifierError {
  readonly code = 'NOTIFIER.NOTIFICATION_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly notificationId: string) {
    super(`notification ${notificationId} not found`);
  }
}

/**
 * The notification is delivered, given up, or its endpoint disabled: it takes no more delivery
 * attempts.
 */
export class NotificationClosedError extends NotifierError {
  readonly code = 'NOTIFIER.NOTIFICATION_CLOSED';
  readonly kind = 'rule';
  constructor(
    readonly notificationId: string,
    readonly status: string,
  ) {
    super(`notification ${notificationId} is ${status}: it takes no more delivery attempts`);
  }
}

/**
 * A redelivery was asked of a notification still pending: its attempts are under way (it may be
 * asked again once it is delivered, given up on, or its endpoint disabled).
 */
export class NotificationPendingError extends NotifierError {
  readonly code = 'NOTIFIER.NOTIFICATION_PENDING';
  readonly kind = 'conflict';
  constructor(readonly notificationId: string) {
    super(`notification ${notificationId} is still pending: its delivery is under way`);
  }
}
