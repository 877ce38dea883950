import type {
  Caller,
  ChangeFilter,
  DisableEndpoint,
  PauseSubscription,
  ResumeSubscription,
  RotateSecret,
  Subscribe,
  SubscriptionCommand,
  Unsubscribe,
} from './subscription.commands';
import {
  FieldRequiredError,
  InvalidThresholdError,
  NotAWebhookError,
  NotOwnerError,
  SubscriptionCancelledError,
  SubscriptionExistsError,
  SubscriptionNotFoundError,
} from './notifier.errors';
import { channelOf, type Channel } from './subscription-channel';
import { filterOf, sameFilter } from './subscription-filter';
import type {
  SubscriptionCancelled,
  SubscriptionCreated,
  SubscriptionEndpointDisabled,
  SubscriptionEvent,
  SubscriptionFilterChanged,
  SubscriptionPaused,
  SubscriptionResumed,
  SubscriptionSecretRotated,
} from './subscription.events';
import {
  evolve,
  initialState,
  type Subscription,
  type SubscriptionState,
} from './subscription.state';

// One pure function per command: the subscription's state and the command in, the events to
// append out, or a NotifierError. An empty list means the command asks for what already is
// (pausing a paused subscription, unsubscribing twice), so a retried command is harmless.
//
// Access: the caller who subscribes owns the subscription; an analyst may act only on their own
// (another's reads as not found, NOTIFIER.NOT_OWNER, so its existence does not leak), ops on any.

/**
 * A subscription begins, owned by the caller, with a checked filter (subscription-filter.ts) and
 * channel (subscription-channel.ts). The same subscription asked again records nothing, whatever
 * secret the handler made for the retry (the recorded one stands: the handler must not show the
 * new one); another under the same id is refused (NOTIFIER.ALREADY_EXISTS).
 */
export function subscribe(
  { data: command }: Subscribe,
  state: SubscriptionState,
): SubscriptionCreated[] {
  const owner = command.caller.subject.trim();
  if (!owner) throw new FieldRequiredError('caller.subject');
  const filter = filterOf(command.filter);
  const channel = channelOf(command.channel, command.secret, command.endpointPolicy);
  const created: SubscriptionCreated = {
    type: 'SubscriptionCreated',
    data: { subscriptionId: command.subscriptionId, owner, filter, channel },
  };
  if (state.exists) {
    const same =
      state.owner === owner &&
      sameFilter(state.filter, filter) &&
      sameEndpoint(state.channel, channel);
    if (same) return [];
    throw new SubscriptionExistsError(command.subscriptionId);
  }
  return [created];
}

/** The filter is replaced by a checked one; the same filter again records nothing. */
export function changeFilter(
  { data: command }: ChangeFilter,
  state: SubscriptionState,
): SubscriptionFilterChanged[] {
  const subscription = changeable(state, command.subscriptionId, command.caller);
  const filter = filterOf(command.filter);
  if (sameFilter(subscription.filter, filter)) return [];
  return [
    {
      type: 'SubscriptionFilterChanged',
      data: { subscriptionId: subscription.subscriptionId, filter },
    },
  ];
}

/** Notifications stop; a paused subscription stays so (nothing recorded). */
export function pause(
  { data: command }: PauseSubscription,
  state: SubscriptionState,
): SubscriptionPaused[] {
  const subscription = changeable(state, command.subscriptionId, command.caller);
  if (subscription.status === 'paused') return [];
  return [{ type: 'SubscriptionPaused', data: { subscriptionId: subscription.subscriptionId } }];
}

/**
 * Notifications start again: a paused subscription, or one whose webhook endpoint was disabled
 * (its owner says the endpoint is fixed). An active one with its endpoint enabled records nothing.
 */
export function resume(
  { data: command }: ResumeSubscription,
  state: SubscriptionState,
): SubscriptionResumed[] {
  const subscription = changeable(state, command.subscriptionId, command.caller);
  if (subscription.status === 'active' && !subscription.endpointDisabled) return [];
  return [{ type: 'SubscriptionResumed', data: { subscriptionId: subscription.subscriptionId } }];
}

/** The subscription ends; unsubscribing again records nothing. */
export function unsubscribe(
  { data: command }: Unsubscribe,
  state: SubscriptionState,
): SubscriptionCancelled[] {
  const subscription = accessible(state, command.subscriptionId, command.caller);
  if (subscription.status === 'cancelled') return [];
  return [{ type: 'SubscriptionCancelled', data: { subscriptionId: subscription.subscriptionId } }];
}

/**
 * A webhook signs with the new secret the handler made; the current one keeps signing too for
 * `previousValidForMs` (not negative), so receivers can switch without losing a delivery. A
 * rotation during another's overlap ends the older secret at once: two secrets sign at most. The
 * same secret again records nothing (a retried command). Only webhooks have secrets
 * (NOTIFIER.NOT_A_WEBHOOK).
 */
export function rotateSecret(
  { data: command }: RotateSecret,
  state: SubscriptionState,
): SubscriptionSecretRotated[] {
  const subscription = changeable(state, command.subscriptionId, command.caller);
  const { channel } = subscription;
  if (channel.kind !== 'CHANNEL_KIND_WEBHOOK')
    throw new NotAWebhookError(subscription.subscriptionId, channel.kind);
  const { secretRef, fingerprint } = command.secret;
  if (!secretRef.trim()) throw new FieldRequiredError('secretRef');
  if (!fingerprint.trim()) throw new FieldRequiredError('fingerprint');
  if (secretRef === channel.secretRef) return [];
  const overlap = command.previousValidForMs;
  if (!Number.isFinite(overlap) || overlap < 0)
    throw new InvalidThresholdError('previousValidForMs', overlap);
  return [
    {
      type: 'SubscriptionSecretRotated',
      data: {
        subscriptionId: subscription.subscriptionId,
        secretRef,
        fingerprint,
        previousSecretRef: channel.secretRef,
        previousFingerprint: channel.fingerprint,
        previousValidUntil: new Date(command.now.getTime() + overlap).toISOString(),
      },
    },
  ];
}

/**
 * Delivery to a webhook endpoint stops: it answered 410 Gone, or it has failed since `since`.
 * Nothing is recorded for an endpoint disabled already, for a cancelled subscription (the worker
 * may race the owner's unsubscribe), or for a subscription that is not a webhook's.
 */
export function disableEndpoint(
  { data: command }: DisableEndpoint,
  state: SubscriptionState,
): SubscriptionEndpointDisabled[] {
  if (!state.exists) throw new SubscriptionNotFoundError(command.subscriptionId);
  if (
    state.endpointDisabled ||
    state.status === 'cancelled' ||
    state.channel.kind !== 'CHANNEL_KIND_WEBHOOK'
  )
    return [];
  const { reason } = command;
  return [
    {
      type: 'SubscriptionEndpointDisabled',
      data: {
        subscriptionId: state.subscriptionId,
        reason:
          reason.kind === 'gone'
            ? 'ENDPOINT_DISABLED_REASON_GONE'
            : 'ENDPOINT_DISABLED_REASON_FAILING',
        ...(reason.kind === 'failing' ? { failingSince: reason.since.toISOString() } : {}),
        disabledAt: command.now.toISOString(),
      },
    },
  ];
}

// The same channel, secrets aside.
function sameEndpoint(a: Channel, b: Channel): boolean {
  const endpoint = (channel: Channel) =>
    channel.kind === 'CHANNEL_KIND_WEBHOOK' ? { kind: channel.kind, url: channel.url } : channel;
  return JSON.stringify(endpoint(a)) === JSON.stringify(endpoint(b));
}

// The subscription, if the caller may act on it (NOTIFIER.NOT_FOUND, NOTIFIER.NOT_OWNER).
function accessible(
  state: SubscriptionState,
  subscriptionId: string,
  caller: Caller,
): Subscription {
  if (!state.exists) throw new SubscriptionNotFoundError(subscriptionId);
  if (caller.role !== 'ops' && caller.subject !== state.owner)
    throw new NotOwnerError(subscriptionId);
  return state;
}

// The subscription, if the caller may act on it and it is not cancelled (NOTIFIER.CANCELLED).
function changeable(
  state: SubscriptionState,
  subscriptionId: string,
  caller: Caller,
): Subscription {
  const subscription = accessible(state, subscriptionId, caller);
  if (subscription.status === 'cancelled') throw new SubscriptionCancelledError(subscriptionId);
  return subscription;
}

/** The events a command on one subscription's stream produces. */
export function decide(
  command: SubscriptionCommand,
  state: SubscriptionState,
): SubscriptionEvent[] {
  switch (command.type) {
    case 'Subscribe':
      return subscribe(command, state);
    case 'ChangeFilter':
      return changeFilter(command, state);
    case 'PauseSubscription':
      return pause(command, state);
    case 'ResumeSubscription':
      return resume(command, state);
    case 'Unsubscribe':
      return unsubscribe(command, state);
    case 'RotateSecret':
      return rotateSecret(command, state);
    case 'DisableEndpoint':
      return disableEndpoint(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown subscription command: ${JSON.stringify(unknown)}`);
    }
  }
}

/** The subscription decider: what a command handler folds a stream with and decides by. */
export const subscriptionDecider = { decide, evolve, initialState };

/** A subscription's stream id. */
export function subscriptionStreamId(subscriptionId: string): string {
  return `subscription-${subscriptionId}`;
}
