// The notifier's pure domain: subscriptions and notifications (their streams' deciders, their
// events the proto JSON of proto/zoneledger/notification/v1/notification_events.proto), the facts
// of an event that filters test, the matching index, the webhook delivery schedule and order, and
// which addresses a webhook may reach. Nothing here does I/O; callers look up what a command
// needs and pass it in.

export * from './notifier.errors';
export {
  ASSESSMENT_EVENT_TYPES,
  NOTIFIABLE_EVENT_TYPES,
  notifiableCeType,
  notifiableEventType,
  POLICY_EVENT_TYPES,
  ZONE_EVENT_TYPES,
  type NotifiableEventType,
} from './event-types';
export {
  filterMatches,
  filterOf,
  namesNothing,
  recordedFilter,
  sameFilter,
  type Direction,
  type FilterRequest,
  type RecordedFilter,
  type SubscriptionFilter,
  type Threshold,
} from './subscription-filter';
export {
  channelOf,
  type Channel,
  type ChannelKind,
  type ChannelRequest,
  type EmailMode,
  type EndpointPolicy,
  type SecretReference,
} from './subscription-channel';
export * from './subscription.commands';
export * from './subscription.events';
export {
  evolve,
  initialState,
  matchableFilter,
  signingSecrets,
  type DisabledEndpoint,
  type NoSubscription,
  type PreviousSecret,
  type Subscription,
  type SubscriptionState,
} from './subscription.state';
export {
  changeFilter,
  decide,
  disableEndpoint,
  pause,
  resume,
  rotateSecret,
  subscribe,
  subscriptionDecider,
  subscriptionStreamId,
  unsubscribe,
} from './subscription.decider';
export {
  notificationFacts,
  type FactsContext,
  type NotificationFacts,
  type PolicyProfile,
  type ZoneProfile,
} from './notification-facts';
export {
  followMerger,
  SubscriptionIndex,
  type FollowedZone,
  type SubscriptionMatch,
} from './subscription-index';
export {
  endpointDisabled,
  nextAttempt,
  retryAfterMs,
  STANDARD_WEBHOOKS_SCHEDULE,
  type AttemptOutcome,
  type NextStep,
  type RetrySchedule,
} from './delivery-schedule';
export { eligibleDeliveries, notificationId, type PendingDelivery } from './delivery-order';
export * from './notification.commands';
export * from './notification.events';
export {
  evolveNotification,
  initialNotificationState,
  pendingDelivery,
  type NoNotification,
  type Notification,
  type NotificationState,
  type NotificationStatus,
} from './notification.state';
export {
  createNotification,
  decideNotification,
  notificationDecider,
  notificationStreamId,
  recordAttempt,
  requestRedelivery,
  RESPONSE_EXCERPT_MAX_CHARS,
} from './notification.decider';
export {
  addressAllowed,
  addressClass,
  allowListOf,
  type AddressClass,
  type AllowList,
} from './address-allowed';
