import type { Channel } from './subscription-channel';
import type { SubscriptionFilter } from './subscription-filter';

// The events of a subscription's stream (`subscription-<id>`). They stay in the notifier (a
// subscription names its owner and endpoint: nothing for a public topic), but their data keeps to
// what JSON holds as it is: no undefined, times as ISO 8601 strings, secrets only by reference.

/** A domain event as the event store takes it. */
export interface DomainEvent<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/** A subscription began: the first event of its stream. */
export type SubscriptionCreated = DomainEvent<
  'SubscriptionCreated',
  {
    readonly subscriptionId: string;
    /** The subject who subscribed. */
    readonly owner: string;
    readonly filter: SubscriptionFilter;
    readonly channel: Channel;
  }
>;

/** The subscription's filter was replaced. */
export type SubscriptionFilterChanged = DomainEvent<
  'SubscriptionFilterChanged',
  { readonly subscriptionId: string; readonly filter: SubscriptionFilter }
>;

/** Notifications stopped until resumed. */
export type SubscriptionPaused = DomainEvent<
  'SubscriptionPaused',
  { readonly subscriptionId: string }
>;

/** Notifications start again (and a disabled webhook endpoint is enabled again). */
export type SubscriptionResumed = DomainEvent<
  'SubscriptionResumed',
  { readonly subscriptionId: string }
>;

/** The subscription ended: the last event of its stream. */
export type SubscriptionCancelled = DomainEvent<
  'SubscriptionCancelled',
  { readonly subscriptionId: string }
>;

/** A webhook signs with a new secret; the previous one signs too until `previousValidUntil`. */
export type SubscriptionSecretRotated = DomainEvent<
  'SubscriptionSecretRotated',
  {
    readonly subscriptionId: string;
    readonly secretRef: string;
    readonly fingerprint: string;
    readonly previousSecretRef: string;
    readonly previousFingerprint: string;
    /** ISO 8601. */
    readonly previousValidUntil: string;
  }
>;

/** Delivery to the webhook endpoint stopped: it is gone (410) or has failed too long. */
export type SubscriptionEndpointDisabled = DomainEvent<
  'SubscriptionEndpointDisabled',
  {
    readonly subscriptionId: string;
    readonly reason: 'gone' | 'failing';
    /** Reason `failing`: since when (ISO 8601). */
    readonly failingSince?: string;
    /** ISO 8601. */
    readonly disabledAt: string;
  }
>;

export type SubscriptionEvent =
  | SubscriptionCreated
  | SubscriptionFilterChanged
  | SubscriptionPaused
  | SubscriptionResumed
  | SubscriptionCancelled
  | SubscriptionSecretRotated
  | SubscriptionEndpointDisabled;
