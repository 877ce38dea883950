import type { Caller, Subscribe } from '../subscription.commands';
import type { SubscriptionCreated } from '../subscription.events';

// Subscriptions the specs use. Zone ids follow the zone-registry's fixtures; subjects, URLs and
// secret references are illustrative.

export const NOW = new Date('2025-06-30T04:00:00Z');
export const SIP = 'zone-sip';
export const NANJING = 'zone-nanjing';

export const ANALYST: Caller = { subject: 'analyst-li', role: 'analyst' };
export const OTHER_ANALYST: Caller = { subject: 'analyst-wang', role: 'analyst' };
export const OPS: Caller = { subject: 'ops-zhao', role: 'ops' };

export const SECRET_1 = { secretRef: 'secret-1', fingerprint: 'fp-1' };
export const SECRET_2 = { secretRef: 'secret-2', fingerprint: 'fp-2' };
export const SECRET_3 = { secretRef: 'secret-3', fingerprint: 'fp-3' };

export const ENDPOINT_POLICY = { allowHttp: false, allowList: [] };

/** Li's webhook on Suzhou Industrial Park's rank moving by 5 places or more, in Jiangsu. */
export const SUBSCRIBE: Subscribe = {
  type: 'Subscribe',
  data: {
    subscriptionId: 'sub-1',
    caller: ANALYST,
    filter: {
      eventTypes: ['ZoneRankChanged', 'ZonesMerged'],
      zoneIds: [SIP],
      provinces: ['江苏'],
      rankMoved: { atLeast: 5 },
    },
    channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'https://hooks.example.com/zoneledger' },
    secret: SECRET_1,
    endpointPolicy: ENDPOINT_POLICY,
  },
};

export const CREATED: SubscriptionCreated = {
  type: 'SubscriptionCreated',
  data: {
    subscriptionId: 'sub-1',
    owner: 'analyst-li',
    filter: {
      eventTypes: ['ZoneRankChanged', 'ZonesMerged'],
      zoneIds: [SIP],
      provinces: ['江苏省'],
      regions: [],
      zoneKinds: [],
      themes: [],
      issuers: [],
      rankMoved: { atLeast: 5, direction: 'CHANGE_DIRECTION_EITHER' },
    },
    channel: {
      kind: 'CHANNEL_KIND_WEBHOOK',
      url: 'https://hooks.example.com/zoneledger',
      secretRef: 'secret-1',
      fingerprint: 'fp-1',
    },
  },
};
