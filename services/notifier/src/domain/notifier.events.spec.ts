import {
  contractForDomainEvent,
  decodeEventData,
  encodeEventData,
  EventContracts,
  type FollowedZoneJson,
  type NotificationCreatedJson,
  type NotificationDeliveredJson,
  type NotificationFailedJson,
  type NotificationRedeliveryRequestedJson,
  type SubscriptionCancelledJson,
  type SubscriptionCreatedJson,
  type SubscriptionEndpointDisabledJson,
  type SubscriptionFilterChangedJson,
  type SubscriptionFilterJson,
  type SubscriptionPausedJson,
  type SubscriptionResumedJson,
  type SubscriptionSecretRotatedJson,
  type ThresholdJson,
} from '@zoneledger/contracts';
import { fold, recordedBy, type SameKeys } from '@zoneledger/testing';
import type { NotificationCommand } from './notification.commands';
import { notificationDecider } from './notification.decider';
import type { NotificationEvent } from './notification.events';
import type { SubscriptionFilter, Threshold } from './subscription-filter';
import type { FollowedZone } from './subscription-index';
import type { SubscriptionCommand } from './subscription.commands';
import { subscriptionDecider } from './subscription.decider';
import type { SubscriptionEvent } from './subscription.events';
import { attempt, CREATE } from './testing/notification-fixtures';
import { ANALYST, NOW, SECRET_2, SUBSCRIBE } from './testing/subscription-fixtures';

// The outbox relay publishes each event's data with `encodeEventData`, which refuses what the
// proto does not define. Every event the domain produces must pass it and come back as it was:
// the data written with the defaults subscription.events.ts says (lists, 0 and "0" written out; a
// few fields left out when their absence is the meaning). And the deciders must read back the
// canonical decoding, every default left out, to the same state.

// Compile-time: each event's data is assignable to its generated proto JSON type...
type ProtoJson = {
  SubscriptionCreated: SubscriptionCreatedJson;
  SubscriptionFilterChanged: SubscriptionFilterChangedJson;
  SubscriptionPaused: SubscriptionPausedJson;
  SubscriptionResumed: SubscriptionResumedJson;
  SubscriptionCancelled: SubscriptionCancelledJson;
  SubscriptionSecretRotated: SubscriptionSecretRotatedJson;
  SubscriptionEndpointDisabled: SubscriptionEndpointDisabledJson;
  NotificationCreated: NotificationCreatedJson;
  NotificationDelivered: NotificationDeliveredJson;
  NotificationFailed: NotificationFailedJson;
  NotificationRedeliveryRequested: NotificationRedeliveryRequestedJson;
};
const asProtoJson: {
  [E in SubscriptionEvent | NotificationEvent as E['type']]: (
    data: E['data'],
  ) => ProtoJson[E['type']];
} = {
  SubscriptionCreated: (data) => data,
  SubscriptionFilterChanged: (data) => data,
  SubscriptionPaused: (data) => data,
  SubscriptionResumed: (data) => data,
  SubscriptionCancelled: (data) => data,
  SubscriptionSecretRotated: (data) => data,
  SubscriptionEndpointDisabled: (data) => data,
  NotificationCreated: (data) => data,
  NotificationDelivered: (data) => data,
  NotificationFailed: (data) => data,
  NotificationRedeliveryRequested: (data) => data,
};
// ...and the filter, its thresholds and followed zones have the proto's fields, no more and no
// fewer (by JSON name).
const sameFields: [
  SameKeys<SubscriptionFilter, SubscriptionFilterJson>,
  SameKeys<Threshold, ThresholdJson>,
  SameKeys<FollowedZone, FollowedZoneJson>,
] = [true, true, true];
const SUBSCRIPTION_TYPES = Object.keys(asProtoJson).filter((type) =>
  type.startsWith('Subscription'),
);
const NOTIFICATION_TYPES = Object.keys(asProtoJson).filter((type) =>
  type.startsWith('Notification'),
);

const sub = (subscriptionId: string) => ({ subscriptionId, caller: ANALYST });
const later = (ms: number) => new Date(NOW.getTime() + ms);

// A webhook subscription through its whole life (a zero score threshold, an endpoint failing
// then gone), a server-sent events and an e-mail one.
const subscriptionStreams: SubscriptionEvent[][] = [
  recordedBy(subscriptionDecider, [
    SUBSCRIBE,
    {
      type: 'ChangeFilter',
      data: {
        ...sub('sub-1'),
        filter: {
          eventTypes: ['ZoneScoreChanged'],
          regions: ['REGION_EAST'],
          zoneKinds: ['ZONE_KIND_ETDZ'],
          themes: ['Opening Up'],
          issuers: ['国务院'],
          scoreChanged: { atLeast: 0, direction: 'CHANGE_DIRECTION_DOWN' },
        },
      },
    },
    { type: 'PauseSubscription', data: sub('sub-1') },
    { type: 'ResumeSubscription', data: sub('sub-1') },
    {
      type: 'RotateSecret',
      data: { ...sub('sub-1'), secret: SECRET_2, previousValidForMs: 3600_000, now: NOW },
    },
    {
      type: 'DisableEndpoint',
      data: {
        subscriptionId: 'sub-1',
        reason: { kind: 'failing', since: later(-3600_000) },
        now: NOW,
      },
    },
    { type: 'ResumeSubscription', data: sub('sub-1') },
    {
      type: 'DisableEndpoint',
      data: { subscriptionId: 'sub-1', reason: { kind: 'gone' }, now: NOW },
    },
    { type: 'Unsubscribe', data: sub('sub-1') },
  ] satisfies SubscriptionCommand[]),
  recordedBy(subscriptionDecider, [
    {
      type: 'Subscribe',
      data: {
        ...SUBSCRIBE.data,
        subscriptionId: 'sub-2',
        filter: { rankMoved: { atLeast: 1 } },
        channel: { kind: 'CHANNEL_KIND_SSE' },
        secret: undefined,
      },
    },
  ] satisfies SubscriptionCommand[]),
  recordedBy(subscriptionDecider, [
    {
      type: 'Subscribe',
      data: {
        ...SUBSCRIBE.data,
        subscriptionId: 'sub-3',
        channel: {
          kind: 'CHANNEL_KIND_EMAIL',
          address: 'li.wei@example.cn',
          mode: 'EMAIL_MODE_DAILY_DIGEST',
        },
        secret: undefined,
      },
    },
  ] satisfies SubscriptionCommand[]),
];

const SHORT = { delaysMs: [0, 1000, 2000], maxRetryAfterMs: 60_000, timeoutMs: 5000 };
const create = (channelKind: typeof CREATE.data.channelKind, id: string, version: number) =>
  ({
    type: 'CreateNotification',
    data: {
      ...CREATE.data,
      source: { ...CREATE.data.source, id, streamVersion: version },
      ...(channelKind === 'CHANNEL_KIND_WEBHOOK' ? {} : { followed: [] }),
      channelKind,
    },
  }) satisfies NotificationCommand;
const attemptOn = (notificationId: string, ...args: Parameters<typeof attempt>) => {
  const command = attempt(...args);
  return { ...command, data: { ...command.data, notificationId } };
};

const redeliver = (notificationId: string) =>
  ({
    type: 'RequestRedelivery',
    data: { notificationId, requestedBy: 'analyst-li', now: NOW },
  }) satisfies NotificationCommand;

// A webhook notification failing every way before its delivery, one given up, one whose endpoint
// is gone, e-mail and server-sent events ones (no status; stream version 0, nothing followed),
// and one delivered again twice on request.
const notificationStreams: NotificationEvent[][] = [
  recordedBy(notificationDecider, [
    CREATE,
    attempt(
      { kind: 'response', status: 503, retryAfter: '30' },
      { responseExcerpt: '{"error":"busy"}' },
    ),
    attempt({ kind: 'network-error', error: 'getaddrinfo ENOTFOUND hooks.example.com' }),
    attempt({ kind: 'timeout' }, { latencyMs: 15_000 }),
    attempt({ kind: 'address-not-allowed', error: 'resolved to 10.0.0.8' }),
    attempt({ kind: 'response', status: 204 }, { latencyMs: 0 }),
  ] satisfies NotificationCommand[]),
  recordedBy(notificationDecider, [
    create('CHANNEL_KIND_WEBHOOK', 'evt-2', 18),
    ...[1, 2, 3].map(() =>
      attemptOn('sub-1:evt-2', { kind: 'response', status: 500 }, { schedule: SHORT }),
    ),
  ] satisfies NotificationCommand[]),
  recordedBy(notificationDecider, [
    create('CHANNEL_KIND_WEBHOOK', 'evt-3', 19),
    attemptOn('sub-1:evt-3', { kind: 'response', status: 410 }),
  ] satisfies NotificationCommand[]),
  recordedBy(notificationDecider, [
    create('CHANNEL_KIND_EMAIL', 'evt-4', 0),
    attemptOn('sub-1:evt-4', { kind: 'email-rejected' }),
    attemptOn('sub-1:evt-4', { kind: 'sent' }),
  ] satisfies NotificationCommand[]),
  recordedBy(notificationDecider, [
    create('CHANNEL_KIND_SSE', 'evt-5', 20),
    attemptOn('sub-1:evt-5', { kind: 'sent' }, { latencyMs: 3 }),
  ] satisfies NotificationCommand[]),
  recordedBy(notificationDecider, [
    create('CHANNEL_KIND_WEBHOOK', 'evt-6', 21),
    attemptOn('sub-1:evt-6', { kind: 'response', status: 200 }, { responseExcerpt: 'ok' }),
    redeliver('sub-1:evt-6'),
    attemptOn('sub-1:evt-6', { kind: 'response', status: 410 }, { responseExcerpt: 'gone' }),
    redeliver('sub-1:evt-6'),
    attemptOn('sub-1:evt-6', { kind: 'response', status: 202 }),
  ] satisfies NotificationCommand[]),
];

const events: (SubscriptionEvent | NotificationEvent)[] = [
  ...subscriptionStreams.flat(),
  ...notificationStreams.flat(),
];

// The fields `decodeEventData` with defaults emitted may add to the data: those left out when
// their absence is the meaning (subscription.events.ts, notification.events.ts).
const LEFT_OUT_WHEN_NONE = [
  'url',
  'secretRef',
  'fingerprint',
  'address',
  'mode',
  'failingSince',
  'statusCode',
  'error',
  'retryAt',
  'responseExcerpt',
];

/** The paths of fields `decoded` has and `data` lacks. */
function addedFields(decoded: unknown, data: unknown, path = ''): string[] {
  if (Array.isArray(decoded) && Array.isArray(data))
    return decoded.flatMap((item, i) => addedFields(item, data[i], `${path}[${i}]`));
  if (!isRecord(decoded) || !isRecord(data)) return [];
  return Object.keys(decoded).flatMap((key) =>
    key in data ? addedFields(decoded[key], data[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const aggregateOf = (type: string) =>
  type.startsWith('Subscription') ? 'subscription' : 'notification';
const ceTypeOf = (type: string): string => contractForDomainEvent(aggregateOf(type), type).ceType;

/** The event as a consumer decodes it from the topic: canonical proto JSON, defaults left out. */
function canonical<E extends SubscriptionEvent | NotificationEvent>(event: E): E {
  const ceType = ceTypeOf(event.type);
  return { ...event, data: decodeEventData(ceType, encodeEventData(ceType, event.data)) } as E;
}

describe('notifier events', () => {
  it('cover every subscription and notification contract, and every contract covers one of them', () => {
    expect(sameFields).toEqual([true, true, true]);
    const contracts = (aggregate: string) =>
      EventContracts.filter((contract) => contract.aggregate === aggregate)
        .map((contract) => contract.domainType)
        .sort();
    expect(contracts('subscription')).toEqual([...SUBSCRIPTION_TYPES].sort());
    expect(contracts('notification')).toEqual([...NOTIFICATION_TYPES].sort());
  });

  it('have a fixture of every type, recorded by the deciders', () =>
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(Object.keys(asProtoJson))));

  it.each(events.map((event, i) => [`${i} ${event.type}`, event] as const))(
    '%s encodes, and decodes to the same data',
    (_name, event) => {
      const ceType = ceTypeOf(event.type);
      const bytes = encodeEventData(ceType, event.data);
      const full = decodeEventData(ceType, bytes, { alwaysEmitImplicit: true });
      // Nothing of the data lost or changed...
      expect(full).toMatchObject(event.data);
      // ...and only the fields left out when none added (at their defaults: the canonical
      // decoding, which leaves out every default, has nothing the data lacks).
      const added = addedFields(full, event.data);
      for (const path of added) expect(LEFT_OUT_WHEN_NONE).toContain(path.split('.').pop());
      expect(event.data).toMatchObject(decodeEventData(ceType, bytes));
      if (added.length === 0) expect(full).toEqual(event.data);
    },
  );

  it('fold from their canonical decoding to the same state', () => {
    for (const stream of subscriptionStreams)
      for (let n = 1; n <= stream.length; n++)
        expect(fold(subscriptionDecider, stream.slice(0, n).map(canonical))).toEqual(
          fold(subscriptionDecider, stream.slice(0, n)),
        );
    for (const stream of notificationStreams)
      for (let n = 1; n <= stream.length; n++)
        expect(fold(notificationDecider, stream.slice(0, n).map(canonical))).toEqual(
          fold(notificationDecider, stream.slice(0, n)),
        );
  });

  it('record every way a notification ends', () =>
    expect(
      notificationStreams.map((stream) => {
        const last = stream[stream.length - 1];
        return last.type === 'NotificationFailed' ? last.data.nextStep : last.type;
      }),
    ).toEqual([
      'NotificationDelivered',
      'NEXT_STEP_GIVE_UP',
      'NEXT_STEP_ENDPOINT_DISABLED',
      'NotificationDelivered',
      'NotificationDelivered',
      'NotificationDelivered',
    ]));
});
