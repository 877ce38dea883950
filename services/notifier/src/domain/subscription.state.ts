import type { Channel, SecretReference } from './subscription-channel';
import { recordedFilter, type SubscriptionFilter } from './subscription-filter';
import type { EndpointDisabledReason, SubscriptionEvent } from './subscription.events';

/** A secret that still signs during a rotation, until `validUntil`. */
export interface PreviousSecret extends SecretReference {
  readonly validUntil: Date;
}

/** Why and when a webhook endpoint was disabled. */
export interface DisabledEndpoint {
  readonly reason: EndpointDisabledReason;
  readonly failingSince?: Date;
  readonly disabledAt: Date;
}

/** A subscription whose stream has begun. */
export interface Subscription {
  readonly exists: true;
  readonly subscriptionId: string;
  readonly owner: string;
  readonly filter: SubscriptionFilter;
  readonly channel: Channel;
  readonly status: 'active' | 'paused' | 'cancelled';
  readonly previousSecret?: PreviousSecret;
  readonly endpointDisabled?: DisabledEndpoint;
}

/** A stream with no events yet. */
export interface NoSubscription {
  readonly exists: false;
}

export type SubscriptionState = NoSubscription | Subscription;

/** The state of a stream before its first event. */
export const initialState = (): SubscriptionState => ({ exists: false });

/**
 * The state after `event`. Its data may come back as canonical proto JSON, defaults left out
 * (subscription.events.ts): lists and thresholds are restored (recordedFilter).
 */
export function evolve(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  if (!state.exists) {
    if (event.type !== 'SubscriptionCreated') return state;
    const { subscriptionId, owner, filter, channel } = event.data;
    return {
      exists: true,
      subscriptionId,
      owner,
      filter: recordedFilter(filter),
      channel,
      status: 'active',
    };
  }
  switch (event.type) {
    case 'SubscriptionCreated':
      return state;
    case 'SubscriptionFilterChanged':
      return { ...state, filter: recordedFilter(event.data.filter) };
    case 'SubscriptionPaused':
      return { ...state, status: 'paused' };
    case 'SubscriptionResumed': {
      const { endpointDisabled: _enabledAgain, ...rest } = state;
      return { ...rest, status: 'active' };
    }
    case 'SubscriptionCancelled':
      return { ...state, status: 'cancelled' };
    case 'SubscriptionSecretRotated': {
      if (state.channel.kind !== 'CHANNEL_KIND_WEBHOOK') return state;
      const { secretRef, fingerprint, previousSecretRef, previousFingerprint } = event.data;
      return {
        ...state,
        channel: { ...state.channel, secretRef, fingerprint },
        previousSecret: {
          secretRef: previousSecretRef,
          fingerprint: previousFingerprint,
          validUntil: new Date(event.data.previousValidUntil),
        },
      };
    }
    case 'SubscriptionEndpointDisabled': {
      const { reason, failingSince, disabledAt } = event.data;
      return {
        ...state,
        endpointDisabled: {
          reason,
          ...(failingSince ? { failingSince: new Date(failingSince) } : {}),
          disabledAt: new Date(disabledAt),
        },
      };
    }
  }
}

/**
 * The secrets a webhook delivery is signed with at `now`: the current one, and during a rotation
 * the previous one too (Standard Webhooks puts one signature per secret in `webhook-signature`).
 * None for other channels.
 */
export function signingSecrets(state: SubscriptionState, now: Date): SecretReference[] {
  if (!state.exists || state.channel.kind !== 'CHANNEL_KIND_WEBHOOK') return [];
  const { secretRef, fingerprint } = state.channel;
  const previous = state.previousSecret;
  return previous && now.getTime() < previous.validUntil.getTime()
    ? [
        { secretRef, fingerprint },
        { secretRef: previous.secretRef, fingerprint: previous.fingerprint },
      ]
    : [{ secretRef, fingerprint }];
}

/**
 * The filter the matching index should hold for the subscription, undefined when it should hold
 * none: a subscription paused, cancelled, or whose webhook endpoint is disabled is notified of
 * nothing (nothing is kept for later).
 */
export function matchableFilter(state: SubscriptionState): SubscriptionFilter | undefined {
  if (!state.exists || state.status !== 'active' || state.endpointDisabled) return undefined;
  return state.filter;
}
