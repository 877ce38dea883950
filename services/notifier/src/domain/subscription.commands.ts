import type { ChannelRequest, EndpointPolicy, SecretReference } from './subscription-channel';
import type { FilterRequest } from './subscription-filter';

// What callers ask of a subscription's stream (`subscription-<id>`). A command carries what the
// decision needs that the stream does not hold: who asks, the time, configuration, and what the
// handler made (ids, secrets: the domain generates no randomness and reads no clock).

/** A command as deciders take it. */
export interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/** Who asks: an analyst acts on their own subscriptions only; ops on every one. */
export interface Caller {
  /** The caller's subject (the token's `sub`): the owner of what they subscribe. */
  readonly subject: string;
  readonly role: 'analyst' | 'ops';
}

/** Ask to be notified of the events a filter matches, by a channel. */
export type Subscribe = Command<
  'Subscribe',
  {
    readonly subscriptionId: string;
    readonly caller: Caller;
    readonly filter: FilterRequest;
    readonly channel: ChannelRequest;
    /** Webhooks: the signing secret the handler generated and stored. */
    readonly secret?: SecretReference;
    readonly endpointPolicy: EndpointPolicy;
  }
>;

/** Replace the subscription's filter. */
export type ChangeFilter = Command<
  'ChangeFilter',
  { readonly subscriptionId: string; readonly caller: Caller; readonly filter: FilterRequest }
>;

/** Stop notifications for a while (nothing is kept for later). */
export type PauseSubscription = Command<
  'PauseSubscription',
  { readonly subscriptionId: string; readonly caller: Caller }
>;

/** Notify again; re-enables a disabled webhook endpoint too. */
export type ResumeSubscription = Command<
  'ResumeSubscription',
  { readonly subscriptionId: string; readonly caller: Caller }
>;

/** End the subscription for good. */
export type Unsubscribe = Command<
  'Unsubscribe',
  { readonly subscriptionId: string; readonly caller: Caller }
>;

/** Sign with a new secret; the previous one keeps signing too for `previousValidForMs`. */
export type RotateSecret = Command<
  'RotateSecret',
  {
    readonly subscriptionId: string;
    readonly caller: Caller;
    readonly secret: SecretReference;
    readonly previousValidForMs: number;
    readonly now: Date;
  }
>;

/** Why delivery stopped: the endpoint answered 410 Gone, or it has failed since a time. */
export type DisableReason =
  | { readonly kind: 'gone' }
  | { readonly kind: 'failing'; readonly since: Date };

/** The delivery worker gives up on a webhook endpoint (no caller: the notifier itself asks). */
export type DisableEndpoint = Command<
  'DisableEndpoint',
  { readonly subscriptionId: string; readonly reason: DisableReason; readonly now: Date }
>;

/** The commands on one subscription's stream (`decide`). */
export type SubscriptionCommand =
  | Subscribe
  | ChangeFilter
  | PauseSubscription
  | ResumeSubscription
  | Unsubscribe
  | RotateSecret
  | DisableEndpoint;
