import { deciderSpec, fold } from '@zoneledger/testing';
import type {
  ChangeFilter,
  DisableEndpoint,
  RotateSecret,
  Subscribe,
  SubscriptionCommand,
} from './subscription.commands';
import { subscriptionDecider, subscriptionStreamId } from './subscription.decider';
import type { SubscriptionEvent } from './subscription.events';
import { matchableFilter, signingSecrets } from './subscription.state';
import {
  ANALYST,
  CREATED,
  NOW,
  OPS,
  OTHER_ANALYST,
  SECRET_1,
  SECRET_2,
  SECRET_3,
  SUBSCRIBE,
} from './testing/subscription-fixtures';

const spec = deciderSpec(subscriptionDecider);
const WEBHOOK = { kind: 'CHANNEL_KIND_WEBHOOK' as const, ...SECRET_1, url: '' };
const sub = 'sub-1';
const subscribe = (data: Partial<Subscribe['data']>): Subscribe => ({
  type: 'Subscribe',
  data: { ...SUBSCRIBE.data, ...data },
});
const changeFilter = (filter: ChangeFilter['data']['filter'], caller = ANALYST): ChangeFilter => ({
  type: 'ChangeFilter',
  data: { subscriptionId: sub, caller, filter },
});
const pause = (caller = ANALYST): SubscriptionCommand => ({
  type: 'PauseSubscription',
  data: { subscriptionId: sub, caller },
});
const resume = (caller = ANALYST): SubscriptionCommand => ({
  type: 'ResumeSubscription',
  data: { subscriptionId: sub, caller },
});
const unsubscribe = (caller = ANALYST): SubscriptionCommand => ({
  type: 'Unsubscribe',
  data: { subscriptionId: sub, caller },
});
const rotate = (data: Partial<RotateSecret['data']> = {}): RotateSecret => ({
  type: 'RotateSecret',
  data: {
    subscriptionId: sub,
    caller: ANALYST,
    secret: SECRET_2,
    previousValidForMs: 24 * 3600_000,
    now: NOW,
    ...data,
  },
});
const disable = (reason: DisableEndpoint['data']['reason']): DisableEndpoint => ({
  type: 'DisableEndpoint',
  data: { subscriptionId: sub, reason, now: NOW },
});

const PAUSED: SubscriptionEvent = { type: 'SubscriptionPaused', data: { subscriptionId: sub } };
const RESUMED: SubscriptionEvent = { type: 'SubscriptionResumed', data: { subscriptionId: sub } };
const CANCELLED: SubscriptionEvent = {
  type: 'SubscriptionCancelled',
  data: { subscriptionId: sub },
};
const ROTATED: SubscriptionEvent = {
  type: 'SubscriptionSecretRotated',
  data: {
    subscriptionId: sub,
    secretRef: 'secret-2',
    fingerprint: 'fp-2',
    previousSecretRef: 'secret-1',
    previousFingerprint: 'fp-1',
    previousValidUntil: '2025-07-01T04:00:00.000Z',
  },
};
const GONE: SubscriptionEvent = {
  type: 'SubscriptionEndpointDisabled',
  data: {
    subscriptionId: sub,
    reason: 'ENDPOINT_DISABLED_REASON_GONE',
    disabledAt: NOW.toISOString(),
  },
};

describe('subscribing', () => {
  it('records the subscription, owned by the caller, its filter tidied and its secret by reference', () =>
    spec.given([]).when(SUBSCRIBE).then([CREATED]));

  it('records a server-sent events subscription', () =>
    spec
      .given([])
      .when(subscribe({ channel: { kind: 'CHANNEL_KIND_SSE' }, secret: undefined }))
      .then([{ ...CREATED, data: { ...CREATED.data, channel: { kind: 'CHANNEL_KIND_SSE' } } }]));

  it('records an e-mail subscription with its domain in lower case', () =>
    spec
      .given([])
      .when(
        subscribe({
          channel: {
            kind: 'CHANNEL_KIND_EMAIL',
            address: ' Li.Wei@Example.CN ',
            mode: 'EMAIL_MODE_DAILY_DIGEST',
          },
        }),
      )
      .then([
        {
          ...CREATED,
          data: {
            ...CREATED.data,
            channel: {
              kind: 'CHANNEL_KIND_EMAIL',
              address: 'Li.Wei@example.cn',
              mode: 'EMAIL_MODE_DAILY_DIGEST',
            },
          },
        },
      ]));

  it('sends e-mail at once when no mode is asked, and refuses a mode or kind outside the contract', () => {
    spec
      .given([])
      .when(subscribe({ channel: { kind: 'CHANNEL_KIND_EMAIL', address: 'li.wei@example.cn' } }))
      .then([
        {
          ...CREATED,
          data: {
            ...CREATED.data,
            channel: {
              kind: 'CHANNEL_KIND_EMAIL',
              address: 'li.wei@example.cn',
              mode: 'EMAIL_MODE_IMMEDIATE',
            },
          },
        },
      ]);
    const address = 'li.wei@example.cn';
    const mode = 'daily-digest' as unknown as 'EMAIL_MODE_DAILY_DIGEST';
    spec
      .given([])
      .when(subscribe({ channel: { kind: 'CHANNEL_KIND_EMAIL', address, mode } }))
      .thenThrows('NOTIFIER.INVALID_FILTER_VALUE');
    const kind = 'webhook' as unknown as 'CHANNEL_KIND_SSE';
    spec
      .given([])
      .when(subscribe({ channel: { kind } }))
      .thenThrows('NOTIFIER.INVALID_FILTER_VALUE');
  });

  it('records nothing when the same subscription is asked again, even with another secret', () =>
    spec
      .given([CREATED])
      .when(subscribe({ secret: SECRET_3 }))
      .then([]));

  it('refuses another subscription under the same id', () =>
    spec
      .given([CREATED])
      .when(subscribe({ filter: { eventTypes: ['PolicyIssued'] } }))
      .thenThrows('NOTIFIER.ALREADY_EXISTS'));

  it('refuses a filter naming nothing', () =>
    spec
      .given([])
      .when(subscribe({ filter: {} }))
      .thenThrows('NOTIFIER.EMPTY_FILTER'));

  it('refuses a filter of empty lists', () =>
    spec
      .given([])
      .when(subscribe({ filter: { eventTypes: [], zoneIds: [] } }))
      .thenThrows('NOTIFIER.EMPTY_FILTER'));

  it('refuses an unknown event type', () =>
    spec
      .given([])
      .when(subscribe({ filter: { eventTypes: ['ZoneRankChanged', 'ZoneTeleported'] } }))
      .thenThrows('NOTIFIER.UNKNOWN_EVENT_TYPE'));

  it('refuses a negative threshold', () =>
    spec
      .given([])
      .when(
        subscribe({
          filter: { scoreChanged: { atLeast: -0.5, direction: 'CHANGE_DIRECTION_DOWN' } },
        }),
      )
      .thenThrows('NOTIFIER.INVALID_THRESHOLD'));

  it('refuses a rank threshold that is not a whole number of places', () =>
    spec
      .given([])
      .when(subscribe({ filter: { rankMoved: { atLeast: 2.5 } } }))
      .thenThrows('NOTIFIER.INVALID_THRESHOLD'));

  it('refuses an unknown province', () =>
    spec
      .given([])
      .when(subscribe({ filter: { provinces: ['台湾省以外'] } }))
      .thenThrows('NOTIFIER.UNKNOWN_PROVINCE'));

  it('refuses a region or zone kind outside the contract', () => {
    spec
      .given([])
      .when(subscribe({ filter: { regions: ['REGION_NORTH'] } }))
      .thenThrows('NOTIFIER.INVALID_FILTER_VALUE');
    spec
      .given([])
      .when(subscribe({ filter: { zoneKinds: ['ZONE_KIND_UNSPECIFIED'] } }))
      .thenThrows('NOTIFIER.INVALID_FILTER_VALUE');
  });

  it('refuses a malformed zone id', () =>
    spec
      .given([])
      .when(subscribe({ filter: { zoneIds: ['Zone SIP'] } }))
      .thenThrows('NOTIFIER.INVALID_FILTER_VALUE'));

  it('refuses a plain http webhook unless configuration allows it', () => {
    const channel = { kind: 'CHANNEL_KIND_WEBHOOK' as const, url: 'http://hooks.example.com/in' };
    spec.given([]).when(subscribe({ channel })).thenThrows('NOTIFIER.INSECURE_URL');
    spec
      .given([])
      .when(subscribe({ channel, endpointPolicy: { allowHttp: true, allowList: [] } }))
      .then([
        {
          ...CREATED,
          data: {
            ...CREATED.data,
            channel: { ...WEBHOOK, url: 'http://hooks.example.com/in' },
          },
        },
      ]);
  });

  it.each(['ftp://hooks.example.com/', 'not a url', 'https://user:pw@hooks.example.com/'])(
    'refuses the webhook URL %s',
    (url) =>
      expect(() =>
        subscriptionDecider.decide(subscribe({ channel: { kind: 'CHANNEL_KIND_WEBHOOK', url } }), {
          exists: false,
        }),
      ).toThrow(
        expect.objectContaining({
          code: expect.stringMatching(/^NOTIFIER\.(INVALID|INSECURE)_URL$/),
        }),
      ),
  );

  it.each([
    'https://127.0.0.1/hook',
    'https://0x7f.1/hook',
    'https://[::1]/hook',
    'https://169.254.169.254/latest',
    'https://10.0.0.8/hook',
    'https://[::ffff:192.168.1.1]/hook',
    'https://localhost/hook',
  ])('refuses a webhook on the internal address of %s', (url) =>
    spec
      .given([])
      .when(subscribe({ channel: { kind: 'CHANNEL_KIND_WEBHOOK', url } }))
      .thenThrows('NOTIFIER.ADDRESS_NOT_ALLOWED'),
  );

  it('accepts an internal address on the allow-list', () =>
    spec
      .given([])
      .when(
        subscribe({
          channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'https://10.20.0.8/hook' },
          endpointPolicy: { allowHttp: false, allowList: ['10.20.0.0/16'] },
        }),
      )
      .then([
        {
          ...CREATED,
          data: {
            ...CREATED.data,
            channel: { ...WEBHOOK, url: 'https://10.20.0.8/hook' },
          },
        },
      ]));

  it('refuses a webhook without the secret the handler made', () =>
    spec
      .given([])
      .when(subscribe({ secret: undefined }))
      .thenThrows('NOTIFIER.FIELD_REQUIRED'));

  it('refuses an e-mail address without a domain', () =>
    spec
      .given([])
      .when(
        subscribe({
          channel: { kind: 'CHANNEL_KIND_EMAIL', address: 'li.wei', mode: 'EMAIL_MODE_IMMEDIATE' },
        }),
      )
      .thenThrows('NOTIFIER.INVALID_EMAIL'));
});

describe('changing the filter', () => {
  const FILTER_CHANGED: SubscriptionEvent = {
    type: 'SubscriptionFilterChanged',
    data: {
      subscriptionId: sub,
      filter: {
        ...CREATED.data.filter,
        eventTypes: ['ZoneRankChanged'],
        provinces: [],
        rankMoved: { atLeast: 10, direction: 'CHANGE_DIRECTION_UP' },
      },
    },
  };
  const narrower = {
    eventTypes: ['ZoneRankChanged'],
    zoneIds: ['zone-sip'],
    rankMoved: { atLeast: 10, direction: 'CHANGE_DIRECTION_UP' as const },
  };

  it('records the new filter', () =>
    spec.given([CREATED]).when(changeFilter(narrower)).then([FILTER_CHANGED]));

  it('records nothing for the same filter, however it is spelt', () =>
    spec
      .given([CREATED])
      .when(
        changeFilter({
          eventTypes: ['ZonesMerged', 'zoneledger.assessment.v1.ZoneRankChanged', 'ZonesMerged'],
          zoneIds: [' zone-sip '],
          provinces: ['江苏省'],
          rankMoved: { atLeast: 5, direction: 'CHANGE_DIRECTION_EITHER' },
        }),
      )
      .then([]));

  it("lets ops change an analyst's subscription", () =>
    spec.given([CREATED]).when(changeFilter(narrower, OPS)).then([FILTER_CHANGED]));

  it('refuses another analyst as if the subscription did not exist', () =>
    spec
      .given([CREATED])
      .when(changeFilter(narrower, OTHER_ANALYST))
      .thenThrows('NOTIFIER.NOT_OWNER'));

  it('refuses a subscription that was never created', () =>
    spec.given([]).when(changeFilter(narrower)).thenThrows('NOTIFIER.NOT_FOUND'));

  it('refuses a cancelled subscription', () =>
    spec.given([CREATED, CANCELLED]).when(changeFilter(narrower)).thenThrows('NOTIFIER.CANCELLED'));

  it('refuses an empty filter', () =>
    spec
      .given([CREATED])
      .when(changeFilter({ zoneIds: [] }))
      .thenThrows('NOTIFIER.EMPTY_FILTER'));
});

describe('pausing and resuming', () => {
  it('pauses an active subscription', () => spec.given([CREATED]).when(pause()).then([PAUSED]));

  it('records nothing when pausing a paused subscription', () =>
    spec.given([CREATED, PAUSED]).when(pause()).then([]));

  it('resumes a paused subscription', () =>
    spec.given([CREATED, PAUSED]).when(resume()).then([RESUMED]));

  it('records nothing when resuming an active subscription', () =>
    spec.given([CREATED, PAUSED, RESUMED]).when(resume()).then([]));

  it('resumes a subscription whose endpoint was disabled, enabling it again', () => {
    spec.given([CREATED, GONE]).when(resume()).then([RESUMED]);
    expect(matchableFilter(fold(subscriptionDecider, [CREATED, GONE, RESUMED]))).toEqual(
      CREATED.data.filter,
    );
  });

  it('refuses to pause or resume a cancelled subscription', () => {
    spec.given([CREATED, CANCELLED]).when(pause()).thenThrows('NOTIFIER.CANCELLED');
    spec.given([CREATED, PAUSED, CANCELLED]).when(resume()).thenThrows('NOTIFIER.CANCELLED');
  });

  it("refuses another analyst's pause", () =>
    spec.given([CREATED]).when(pause(OTHER_ANALYST)).thenThrows('NOTIFIER.NOT_OWNER'));
});

describe('unsubscribing', () => {
  it('cancels the subscription', () => spec.given([CREATED]).when(unsubscribe()).then([CANCELLED]));

  it('cancels a paused subscription', () =>
    spec.given([CREATED, PAUSED]).when(unsubscribe(OPS)).then([CANCELLED]));

  it('records nothing when unsubscribing twice', () =>
    spec.given([CREATED, CANCELLED]).when(unsubscribe()).then([]));

  it("refuses another analyst's unsubscribe", () =>
    spec.given([CREATED]).when(unsubscribe(OTHER_ANALYST)).thenThrows('NOTIFIER.NOT_OWNER'));
});

describe('rotating the secret', () => {
  it('signs with the new secret, and with the previous one until the overlap ends', () =>
    spec.given([CREATED]).when(rotate()).then([ROTATED]));

  it('records nothing when the same rotation comes again', () =>
    spec.given([CREATED, ROTATED]).when(rotate()).then([]));

  it('refuses a subscription that is not a webhook', () => {
    const sse = {
      ...CREATED,
      data: { ...CREATED.data, channel: { kind: 'CHANNEL_KIND_SSE' as const } },
    };
    spec.given([sse]).when(rotate()).thenThrows('NOTIFIER.NOT_A_WEBHOOK');
  });

  it('refuses a negative overlap', () =>
    spec
      .given([CREATED])
      .when(rotate({ previousValidForMs: -1 }))
      .thenThrows('NOTIFIER.INVALID_THRESHOLD'));

  it('refuses a cancelled subscription, and another analyst', () => {
    spec.given([CREATED, CANCELLED]).when(rotate()).thenThrows('NOTIFIER.CANCELLED');
    spec
      .given([CREATED])
      .when(rotate({ caller: OTHER_ANALYST }))
      .thenThrows('NOTIFIER.NOT_OWNER');
  });

  it('signs with both secrets during the overlap, then with the new one only', () => {
    const state = fold(subscriptionDecider, [CREATED, ROTATED]);
    expect(signingSecrets(state, new Date('2025-07-01T03:59:59Z'))).toEqual([SECRET_2, SECRET_1]);
    expect(signingSecrets(state, new Date('2025-07-01T04:00:00Z'))).toEqual([SECRET_2]);
    expect(signingSecrets(fold(subscriptionDecider, [CREATED]), NOW)).toEqual([SECRET_1]);
  });

  it('keeps two secrets at most: a second rotation drops the oldest', () => {
    const second: SubscriptionEvent = {
      type: 'SubscriptionSecretRotated',
      data: {
        subscriptionId: sub,
        secretRef: 'secret-3',
        fingerprint: 'fp-3',
        previousSecretRef: 'secret-2',
        previousFingerprint: 'fp-2',
        previousValidUntil: '2025-07-01T06:00:00.000Z',
      },
    };
    spec
      .given([CREATED, ROTATED])
      .when(
        rotate({
          secret: SECRET_3,
          previousValidForMs: 2 * 3600_000,
          now: new Date('2025-07-01T04:00:00Z'),
        }),
      )
      .then([second]);
    const state = fold(subscriptionDecider, [CREATED, ROTATED, second]);
    expect(signingSecrets(state, new Date('2025-07-01T05:00:00Z'))).toEqual([SECRET_3, SECRET_2]);
  });
});

describe('disabling the endpoint', () => {
  it('records an endpoint gone', () =>
    spec
      .given([CREATED])
      .when(disable({ kind: 'gone' }))
      .then([GONE]));

  it('records an endpoint failing since a time', () =>
    spec
      .given([CREATED])
      .when(disable({ kind: 'failing', since: new Date('2025-06-25T04:00:00Z') }))
      .then([
        {
          type: 'SubscriptionEndpointDisabled',
          data: {
            subscriptionId: sub,
            reason: 'ENDPOINT_DISABLED_REASON_FAILING',
            failingSince: '2025-06-25T04:00:00.000Z',
            disabledAt: NOW.toISOString(),
          },
        },
      ]));

  it('records nothing for an endpoint disabled already, or a cancelled subscription', () => {
    spec
      .given([CREATED, GONE])
      .when(disable({ kind: 'gone' }))
      .then([]);
    spec
      .given([CREATED, CANCELLED])
      .when(disable({ kind: 'gone' }))
      .then([]);
  });

  it('refuses a subscription that was never created', () =>
    spec
      .given([])
      .when(disable({ kind: 'gone' }))
      .thenThrows('NOTIFIER.NOT_FOUND'));

  it('takes the subscription out of matching until it is resumed', () =>
    expect(matchableFilter(fold(subscriptionDecider, [CREATED, GONE]))).toBeUndefined());
});

describe('what matching holds', () => {
  it('holds the filter of an active subscription only', () => {
    expect(matchableFilter(fold(subscriptionDecider, [CREATED]))).toEqual(CREATED.data.filter);
    expect(matchableFilter(fold(subscriptionDecider, [CREATED, PAUSED]))).toBeUndefined();
    expect(matchableFilter(fold(subscriptionDecider, [CREATED, CANCELLED]))).toBeUndefined();
    expect(matchableFilter(fold(subscriptionDecider, []))).toBeUndefined();
  });

  it('names the stream subscription-<id>', () =>
    expect(subscriptionStreamId('sub-1')).toBe('subscription-sub-1'));
});
