import type { Subscription, SubscriptionFilter } from '../domain';

/** A subscription as its owner and ops read it: never a secret, nor where one is stored. */
export interface SubscriptionView {
  readonly subscriptionId: string;
  readonly owner: string;
  readonly status: Subscription['status'];
  readonly filter: SubscriptionFilter;
  readonly channel: {
    readonly kind: Subscription['channel']['kind'];
    readonly url?: string;
    /** Webhooks: the current signing secret's fingerprint. */
    readonly fingerprint?: string;
    readonly address?: string;
    readonly mode?: string;
  };
  /** Webhooks, during a rotation: the previous secret's fingerprint and when it stops signing. */
  readonly previousSecret?: { readonly fingerprint: string; readonly validUntil: string };
  /** Webhooks whose delivery stopped (410 Gone, or failing too long) until resumed. */
  readonly endpointDisabled?: {
    readonly reason: string;
    readonly failingSince?: string;
    readonly disabledAt: string;
  };
  /** The stream's version: the ETag for the next If-Match. */
  readonly version: number;
}

/** The view of a subscription's state at a version of its stream. */
export function subscriptionView(state: Subscription, version: number): SubscriptionView {
  const { channel, previousSecret, endpointDisabled } = state;
  return {
    subscriptionId: state.subscriptionId,
    owner: state.owner,
    status: state.status,
    filter: state.filter,
    channel:
      channel.kind === 'CHANNEL_KIND_WEBHOOK'
        ? { kind: channel.kind, url: channel.url, fingerprint: channel.fingerprint }
        : channel.kind === 'CHANNEL_KIND_EMAIL'
          ? { kind: channel.kind, address: channel.address, mode: channel.mode }
          : { kind: channel.kind },
    ...(previousSecret
      ? {
          previousSecret: {
            fingerprint: previousSecret.fingerprint,
            validUntil: previousSecret.validUntil.toISOString(),
          },
        }
      : {}),
    ...(endpointDisabled
      ? {
          endpointDisabled: {
            reason: endpointDisabled.reason,
            ...(endpointDisabled.failingSince
              ? { failingSince: endpointDisabled.failingSince.toISOString() }
              : {}),
            disabledAt: endpointDisabled.disabledAt.toISOString(),
          },
        }
      : {}),
    version,
  };
}
