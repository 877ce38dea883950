import { Inject, Injectable } from '@nestjs/common';
import type { PostgresEventStore, Queryable } from '@zoneledger/event-store';
import {
  DeciderStreams,
  EVENT_STORE,
  type StreamAppend,
  type StreamCommandOutcome,
} from '@zoneledger/platform';
import {
  subscriptionDecider,
  type SubscriptionCommand,
  type SubscriptionEvent,
  type SubscriptionState,
} from '../domain';
import { subscriptionView } from './subscription-view';
import { WebhookSecrets } from './webhook-secrets';

/** The event-store category of subscription streams (the contracts' aggregate). */
export const SUBSCRIPTION_STREAM_TYPE = 'subscription';

/** The write-side table listing subscriptions (GET /v1/subscriptions). */
export const SUBSCRIPTIONS = 'subscriptions';

/** What a command on a subscription did, with its id. */
export interface SubscriptionCommandResult extends StreamCommandOutcome {
  readonly subscriptionId: string;
}

/**
 * Subscription streams (`subscription-<id>`). Two writes commit with their events:
 *
 * - the sealed signing secrets the events refer to (WebhookSecrets), so a secret is stored
 *   exactly when an event names it;
 * - the subscription's row in `subscriptions`, the list's read model. It is a write-side table
 *   rather than a projection of the notifications topic because the list must show what its
 *   caller just did (an analyst who subscribes and lists sees the subscription, with no wait for
 *   the relay and a consumer), it is read by owner (an index, not a scan of the topic), and only
 *   this service writes these streams: the table is as current as the event store, in the same
 *   transaction, and needs no checkpoint or rebuild.
 */
@Injectable()
export class SubscriptionStreams extends DeciderStreams<
  SubscriptionCommand,
  SubscriptionEvent,
  SubscriptionState
> {
  constructor(@Inject(EVENT_STORE) store: PostgresEventStore, secrets: WebhookSecrets) {
    super(store, {
      streamType: SUBSCRIPTION_STREAM_TYPE,
      ...subscriptionDecider,
      writesAlongside: (appends) => (transaction) => writeAlongside(transaction, appends, secrets),
    });
  }
}

async function writeAlongside(
  transaction: Queryable,
  appends: readonly StreamAppend<SubscriptionEvent, SubscriptionState>[],
  secrets: WebhookSecrets,
): Promise<void> {
  for (const { id, read, events } of appends) {
    const secretRefs = events.flatMap((event) =>
      event.type === 'SubscriptionSecretRotated'
        ? [event.data.secretRef]
        : event.type === 'SubscriptionCreated' && event.data.channel.kind === 'CHANNEL_KIND_WEBHOOK'
          ? [event.data.channel.secretRef]
          : [],
    );
    await secrets.writeSealed(transaction, id, secretRefs);

    const state = events.reduce(subscriptionDecider.evolve, read.state);
    if (!state.exists) continue;
    const view = subscriptionView(state, read.version + events.length);
    await transaction.query(
      `insert into ${SUBSCRIPTIONS} (subscription_id, owner, status, view, version)
       values ($1, $2, $3, $4, $5)
       on conflict (subscription_id) do update
         set status = excluded.status, view = excluded.view, version = excluded.version,
             updated_at = now(), tx = pg_current_xact_id()`,
      [id, state.owner, state.status, JSON.stringify(view), view.version],
    );
  }
}
