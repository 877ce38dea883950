import { deciderSpec, fold } from '@zoneledger/testing';
import type { CreateNotification, RequestRedelivery } from './notification.commands';
import {
  notificationDecider,
  notificationStreamId,
  RESPONSE_EXCERPT_MAX_CHARS,
} from './notification.decider';
import type {
  NotificationEvent,
  NotificationFailed,
  NotificationRedeliveryRequested,
} from './notification.events';
import { pendingDelivery, type Notification } from './notification.state';
import {
  attempt,
  CREATE,
  JIANGNING,
  NOTIFICATION_CREATED,
  NOTIFICATION_ID,
  SOURCE_EVENT_ID,
} from './testing/notification-fixtures';
import { NANJING, NOW } from './testing/subscription-fixtures';

const spec = deciderSpec(notificationDecider);
const create = (data: Partial<CreateNotification['data']>): CreateNotification => ({
  type: 'CreateNotification',
  data: { ...CREATE.data, ...data },
});
const source = (data: Partial<CreateNotification['data']['source']>) =>
  create({ source: { ...CREATE.data.source, ...data } });
const ids = { notificationId: NOTIFICATION_ID, subscriptionId: 'sub-1' };
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const failed = (
  attemptNumber: number,
  data: Partial<NotificationFailed['data']> = {},
): NotificationFailed => ({
  type: 'NotificationFailed',
  data: {
    ...ids,
    attempt: attemptNumber,
    failure: 'FAILURE_KIND_HTTP_STATUS',
    statusCode: 500,
    failedAt: NOW.toISOString(),
    nextStep: 'NEXT_STEP_RETRY',
    retryAt: at(5000),
    latencyMs: 120,
    ...data,
  },
});
const DELIVERED: NotificationEvent = {
  type: 'NotificationDelivered',
  data: { ...ids, attempt: 1, statusCode: 200, latencyMs: 120, deliveredAt: NOW.toISOString() },
};
const withoutRetry = (event: NotificationFailed): NotificationFailed => {
  const { retryAt: _none, ...data } = event.data;
  return { ...event, data };
};
const SHORT = { delaysMs: [0, 1000], maxRetryAfterMs: 60_000, timeoutMs: 5000 };
const state = (events: readonly NotificationEvent[]) =>
  fold(notificationDecider, events) as Notification;

describe('creating a notification', () => {
  it('records the source event, the zones followed and the channel, under the notification id', () =>
    spec.given([]).when(CREATE).then([NOTIFICATION_CREATED]));

  it('records the full CloudEvent type of a domain event type', () =>
    spec
      .given([])
      .when(source({ type: 'ZoneRankChanged', streamVersion: 0 }))
      .then([
        {
          ...NOTIFICATION_CREATED,
          data: { ...NOTIFICATION_CREATED.data, sourceStreamVersion: '0' },
        },
      ]));

  it('records an empty list when the event matched through no followed zone', () =>
    spec
      .given([])
      .when(create({ followed: [], channelKind: 'CHANNEL_KIND_SSE' }))
      .then([
        {
          ...NOTIFICATION_CREATED,
          data: { ...NOTIFICATION_CREATED.data, followed: [], channelKind: 'CHANNEL_KIND_SSE' },
        },
      ]));

  it('records nothing the second time: one notification per subscription and source event', () => {
    spec.given([NOTIFICATION_CREATED]).when(CREATE).then([]);
    spec
      .given([NOTIFICATION_CREATED, DELIVERED])
      .when(create({ followed: [] }))
      .then([]);
  });

  it('refuses an event type the notifier does not know', () =>
    spec
      .given([])
      .when(source({ type: 'zoneledger.zone.v2.ZoneTeleported' }))
      .thenThrows('NOTIFIER.UNKNOWN_EVENT_TYPE'));

  it('refuses a blank source event id or subject', () => {
    spec
      .given([])
      .when(source({ id: ' ' }))
      .thenThrows('NOTIFIER.FIELD_REQUIRED');
    spec
      .given([])
      .when(source({ subject: '' }))
      .thenThrows('NOTIFIER.FIELD_REQUIRED');
  });

  it('refuses a stream version that is not a whole number, and an invalid time', () => {
    spec
      .given([])
      .when(source({ streamVersion: -1 }))
      .thenThrows('NOTIFIER.INVALID_VALUE');
    spec
      .given([])
      .when(source({ streamVersion: 1.5 }))
      .thenThrows('NOTIFIER.INVALID_VALUE');
    spec
      .given([])
      .when(source({ time: new Date('not a time') }))
      .thenThrows('NOTIFIER.INVALID_VALUE');
  });

  it('begins pending, with no attempt made, due at once', () => {
    const created = state([NOTIFICATION_CREATED]);
    expect(created).toMatchObject({
      attempts: 0,
      status: 'pending',
      source: { eventId: SOURCE_EVENT_ID, subject: 'round-2023', streamVersion: 17n },
      followed: [{ zoneId: NANJING, insteadOf: JIANGNING }],
    });
    expect(created.nextRetryAt).toBeUndefined();
    expect(pendingDelivery(created)).toEqual({
      deliveryId: NOTIFICATION_ID,
      subject: 'round-2023',
      position: 17n,
    });
  });

  it('names the stream notification-<notification id>', () =>
    expect(notificationStreamId(NOTIFICATION_ID)).toBe(`notification-sub-1:${SOURCE_EVENT_ID}`));
});

describe('recording a delivery attempt', () => {
  it('records a 2xx as delivered, with its status and latency', () =>
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'response', status: 200 }, { latencyMs: 119.6 }))
      .then([DELIVERED]));

  it('records a notification handed over by another channel as delivered, without a status', () =>
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'sent' }, { latencyMs: 0 }))
      .then([
        {
          type: 'NotificationDelivered',
          data: { ...ids, attempt: 1, latencyMs: 0, deliveredAt: NOW.toISOString() },
        },
      ]));

  it('records a failed status with a retry on the schedule', () =>
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'response', status: 500 }))
      .then([failed(1)]));

  it('numbers attempts after those recorded, and retries later each time', () =>
    spec
      .given([NOTIFICATION_CREATED, failed(1)])
      .when(attempt({ kind: 'response', status: 502 }))
      .then([failed(2, { statusCode: 502, retryAt: at(5 * 60_000) })]));

  it('honours Retry-After on 429', () =>
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'response', status: 429, retryAfter: '120' }))
      .then([failed(1, { statusCode: 429, retryAt: at(120_000) })]));

  it('records what went wrong without an answer', () => {
    const noStatus = { statusCode: undefined };
    const without = (event: NotificationFailed): NotificationFailed => {
      const { statusCode: _none, ...data } = event.data;
      return { ...event, data };
    };
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'network-error', error: ' connect ECONNREFUSED ' }))
      .then([
        without(
          failed(1, {
            ...noStatus,
            failure: 'FAILURE_KIND_NETWORK_ERROR',
            error: 'connect ECONNREFUSED',
          }),
        ),
      ]);
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'timeout' }, { latencyMs: 15_000 }))
      .then([
        without(
          failed(1, {
            failure: 'FAILURE_KIND_TIMEOUT',
            error: 'no answer within 15000 ms',
            latencyMs: 15_000,
          }),
        ),
      ]);
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'address-not-allowed', error: '10.0.0.8 is private' }))
      .then([
        without(
          failed(1, { failure: 'FAILURE_KIND_ADDRESS_NOT_ALLOWED', error: '10.0.0.8 is private' }),
        ),
      ]);
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'email-rejected' }))
      .then([without(failed(1, { failure: 'FAILURE_KIND_EMAIL_REJECTED' }))]);
  });

  it('gives up once the schedule is spent', () =>
    spec
      .given([NOTIFICATION_CREATED, failed(1, { retryAt: at(1000) })])
      .when(attempt({ kind: 'response', status: 503 }, { schedule: SHORT }))
      .then([
        {
          type: 'NotificationFailed',
          data: {
            ...ids,
            attempt: 2,
            failure: 'FAILURE_KIND_HTTP_STATUS',
            statusCode: 503,
            failedAt: NOW.toISOString(),
            nextStep: 'NEXT_STEP_GIVE_UP',
            latencyMs: 120,
          },
        },
      ]));

  it('stops at 410 Gone: the endpoint is to be disabled', () =>
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'response', status: 410 }))
      .then([
        {
          type: 'NotificationFailed',
          data: {
            ...ids,
            attempt: 1,
            failure: 'FAILURE_KIND_HTTP_STATUS',
            statusCode: 410,
            failedAt: NOW.toISOString(),
            nextStep: 'NEXT_STEP_ENDPOINT_DISABLED',
            latencyMs: 120,
          },
        },
      ]));

  it('refuses an attempt once delivered, given up or the endpoint disabled', () => {
    const again = attempt({ kind: 'response', status: 200 });
    spec
      .given([NOTIFICATION_CREATED, DELIVERED])
      .when(again)
      .thenThrows('NOTIFIER.NOTIFICATION_CLOSED');
    spec
      .given([
        NOTIFICATION_CREATED,
        failed(1, { nextStep: 'NEXT_STEP_GIVE_UP', retryAt: undefined }),
      ])
      .when(again)
      .thenThrows('NOTIFIER.NOTIFICATION_CLOSED');
    spec
      .given([
        NOTIFICATION_CREATED,
        failed(1, { statusCode: 410, nextStep: 'NEXT_STEP_ENDPOINT_DISABLED', retryAt: undefined }),
      ])
      .when(again)
      .thenThrows('NOTIFIER.NOTIFICATION_CLOSED');
  });

  it('refuses an attempt on a notification never created', () =>
    spec
      .given([])
      .when(attempt({ kind: 'sent' }))
      .thenThrows('NOTIFIER.NOTIFICATION_NOT_FOUND'));

  it('refuses a negative latency and a status that is not HTTP', () => {
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'sent' }, { latencyMs: -1 }))
      .thenThrows('NOTIFIER.INVALID_VALUE');
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'response', status: 42 }))
      .thenThrows('NOTIFIER.INVALID_VALUE');
  });
});

describe('keeping a response excerpt', () => {
  it('keeps the start of the body with a delivery and with a failure', () => {
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'response', status: 200 }, { responseExcerpt: '{"ok":true}' }))
      .then([{ ...DELIVERED, data: { ...DELIVERED.data, responseExcerpt: '{"ok":true}' } }]);
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'response', status: 500 }, { responseExcerpt: 'boom' }))
      .then([failed(1, { responseExcerpt: 'boom' })]);
  });

  it('cuts it at 512 characters, never within a character', () => {
    const events = notificationDecider.decide(
      attempt({ kind: 'response', status: 500 }, { responseExcerpt: '界'.repeat(511) + '😀😀' }),
      state([NOTIFICATION_CREATED]),
    ) as NotificationFailed[];
    const excerpt = events[0].data.responseExcerpt ?? '';
    expect(Array.from(excerpt)).toHaveLength(RESPONSE_EXCERPT_MAX_CHARS);
    expect(excerpt).toBe('界'.repeat(511) + '😀');
    const short = notificationDecider.decide(
      attempt({ kind: 'response', status: 500 }, { responseExcerpt: 'x'.repeat(512) }),
      state([NOTIFICATION_CREATED]),
    ) as NotificationFailed[];
    expect(short[0].data.responseExcerpt).toHaveLength(512);
  });

  it('keeps none when the body is empty', () =>
    spec
      .given([NOTIFICATION_CREATED])
      .when(attempt({ kind: 'response', status: 200 }, { responseExcerpt: '' }))
      .then([DELIVERED]));
});

describe('asking for a redelivery', () => {
  const redeliver = (data: Partial<RequestRedelivery['data']> = {}): RequestRedelivery => ({
    type: 'RequestRedelivery',
    data: { notificationId: NOTIFICATION_ID, requestedBy: ' analyst-li ', now: NOW, ...data },
  });
  const REQUESTED: NotificationRedeliveryRequested = {
    type: 'NotificationRedeliveryRequested',
    data: { ...ids, requestedBy: 'analyst-li', requestedAt: NOW.toISOString() },
  };
  const GIVEN_UP = failed(2, { nextStep: 'NEXT_STEP_GIVE_UP', retryAt: undefined });
  const GONE = failed(1, {
    statusCode: 410,
    nextStep: 'NEXT_STEP_ENDPOINT_DISABLED',
    retryAt: undefined,
  });

  it('records who asked and when, for a notification delivered, given up or stopped by its endpoint', () => {
    spec.given([NOTIFICATION_CREATED, DELIVERED]).when(redeliver()).then([REQUESTED]);
    spec
      .given([NOTIFICATION_CREATED, failed(1), GIVEN_UP])
      .when(redeliver())
      .then([REQUESTED]);
    spec.given([NOTIFICATION_CREATED, GONE]).when(redeliver()).then([REQUESTED]);
  });

  it('refuses while the notification is pending, and for one never created', () => {
    spec
      .given([NOTIFICATION_CREATED])
      .when(redeliver())
      .thenThrows('NOTIFIER.NOTIFICATION_PENDING');
    spec
      .given([NOTIFICATION_CREATED, failed(1)])
      .when(redeliver())
      .thenThrows('NOTIFIER.NOTIFICATION_PENDING');
    spec
      .given([NOTIFICATION_CREATED, DELIVERED, REQUESTED])
      .when(redeliver())
      .thenThrows('NOTIFIER.NOTIFICATION_PENDING');
    spec.given([]).when(redeliver()).thenThrows('NOTIFIER.NOTIFICATION_NOT_FOUND');
  });

  it('refuses a blank requester and an invalid time', () => {
    spec
      .given([NOTIFICATION_CREATED, DELIVERED])
      .when(redeliver({ requestedBy: ' ' }))
      .thenThrows('NOTIFIER.FIELD_REQUIRED');
    spec
      .given([NOTIFICATION_CREATED, DELIVERED])
      .when(redeliver({ now: new Date(Number.NaN) }))
      .thenThrows('NOTIFIER.INVALID_VALUE');
  });

  it('makes it pending, due at once, with the schedule starting over', () => {
    const again = state([NOTIFICATION_CREATED, failed(1), GIVEN_UP, REQUESTED]);
    expect(again).toMatchObject({ status: 'pending', attempts: 2, scheduleFrom: 2 });
    expect(again.nextRetryAt).toBeUndefined();
    expect(pendingDelivery(again)).toEqual({
      deliveryId: NOTIFICATION_ID,
      subject: 'round-2023',
      position: 17n,
    });
  });

  it('numbers the attempts after it on, and retries them on the schedule from its start', () => {
    // The schedule has two attempts: spent before the request, two more after it.
    const given = [NOTIFICATION_CREATED, failed(1, { retryAt: at(1000) }), GIVEN_UP, REQUESTED];
    spec
      .given(given)
      .when(attempt({ kind: 'response', status: 500 }, { schedule: SHORT }))
      .then([failed(3, { retryAt: at(1000) })]);
    spec
      .given([...given, failed(3, { retryAt: at(1000) })])
      .when(attempt({ kind: 'response', status: 500 }, { schedule: SHORT }))
      .then([withoutRetry(failed(4, { nextStep: 'NEXT_STEP_GIVE_UP' }))]);
    spec
      .given([NOTIFICATION_CREATED, DELIVERED, REQUESTED])
      .when(attempt({ kind: 'response', status: 204 }))
      .then([{ ...DELIVERED, data: { ...DELIVERED.data, attempt: 2, statusCode: 204 } }]);
  });

  it('may be asked again once the redelivery is done', () =>
    spec
      .given([
        NOTIFICATION_CREATED,
        DELIVERED,
        REQUESTED,
        { ...DELIVERED, data: { ...DELIVERED.data, attempt: 2 } },
      ])
      .when(redeliver())
      .then([REQUESTED]));
});

describe('where a notification stands', () => {
  it('counts attempts and knows when the next one is due', () => {
    const retried = state([NOTIFICATION_CREATED, failed(1), failed(2, { retryAt: at(300_000) })]);
    expect(retried).toMatchObject({
      attempts: 2,
      status: 'pending',
      nextRetryAt: new Date(at(300_000)),
    });
    expect(pendingDelivery(retried)).toEqual({
      deliveryId: NOTIFICATION_ID,
      subject: 'round-2023',
      position: 17n,
      dueAt: new Date(at(300_000)),
    });
  });

  it('is delivered after a delivery, and no longer pending', () => {
    const delivered = state([
      NOTIFICATION_CREATED,
      failed(1),
      { ...DELIVERED, data: { ...DELIVERED.data, attempt: 2 } },
    ]);
    expect(delivered).toMatchObject({ attempts: 2, status: 'delivered' });
    expect(delivered.nextRetryAt).toBeUndefined();
    expect(pendingDelivery(delivered)).toBeUndefined();
  });

  it('is given up, or stopped by its endpoint, with no attempt due', () => {
    const givenUp = state([
      NOTIFICATION_CREATED,
      failed(1, { nextStep: 'NEXT_STEP_GIVE_UP', retryAt: undefined }),
    ]);
    expect(givenUp).toMatchObject({ attempts: 1, status: 'given-up' });
    expect(givenUp.nextRetryAt).toBeUndefined();
    const gone = state([
      NOTIFICATION_CREATED,
      failed(1, { statusCode: 410, nextStep: 'NEXT_STEP_ENDPOINT_DISABLED', retryAt: undefined }),
    ]);
    expect(gone).toMatchObject({ attempts: 1, status: 'endpoint-disabled' });
  });

  it('reads a creation whose defaults proto JSON left out', () => {
    const { followed: _list, sourceStreamVersion: _version, ...data } = NOTIFICATION_CREATED.data;
    const canonical = { ...NOTIFICATION_CREATED, data } as unknown as NotificationEvent;
    expect(state([canonical])).toMatchObject({
      followed: [],
      source: { streamVersion: 0n },
      attempts: 0,
    });
  });
});
