import { defineEventContract, type EventOrigin } from './event-contract';
import {
  NotificationCreatedSchema,
  NotificationDeliveredSchema,
  NotificationFailedSchema,
  NotificationRedeliveryRequestedSchema,
  SubscriptionCancelledSchema,
  SubscriptionCreatedSchema,
  SubscriptionEndpointDisabledSchema,
  SubscriptionFilterChangedSchema,
  SubscriptionPausedSchema,
  SubscriptionResumedSchema,
  SubscriptionSecretRotatedSchema,
} from './gen/zoneledger/notification/v1/notification_events_pb';
import { Topics } from './topics';

// The notifier records a subscription's lifecycle on the subscription's stream
// (`subscription-<id>`) and each notification's creation and delivery attempts on the
// notification's own stream (`notification-<subscription id>:<source event id>`).
const subscription: EventOrigin = { aggregate: 'subscription', topic: Topics.notifications };
const notification: EventOrigin = { aggregate: 'notification', topic: Topics.notifications };

/** The notification events (proto/zoneledger/notification/v1/notification_events.proto). */
export const NotificationEventContracts = [
  defineEventContract(SubscriptionCreatedSchema, subscription),
  defineEventContract(SubscriptionFilterChangedSchema, subscription),
  defineEventContract(SubscriptionPausedSchema, subscription),
  defineEventContract(SubscriptionResumedSchema, subscription),
  defineEventContract(SubscriptionCancelledSchema, subscription),
  defineEventContract(SubscriptionSecretRotatedSchema, subscription),
  defineEventContract(SubscriptionEndpointDisabledSchema, subscription),
  defineEventContract(NotificationCreatedSchema, notification),
  defineEventContract(NotificationDeliveredSchema, notification),
  defineEventContract(NotificationFailedSchema, notification),
  defineEventContract(NotificationRedeliveryRequestedSchema, notification),
] as const;
