/** The domain topics, one per bounded context; every producer and consumer names them from here. */
export const Topics = {
  zones: 'zoneledger.zones.v1',
  policies: 'zoneledger.policies.v1',
  assessments: 'zoneledger.assessments.v1',
  notifications: 'zoneledger.notifications.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];
