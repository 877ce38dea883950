import type { CreateNotification, RecordAttempt } from '../notification.commands';
import type { NotificationCreated } from '../notification.events';
import { NANJING, NOW } from './subscription-fixtures';

// Notifications the specs use: sub-1 (subscription-fixtures.ts) told of round 2023's
// ZoneRankChanged for Nanjing, which it follows instead of a zone merged into it. Event ids and
// the absorbed zone's id are illustrative.

export const JIANGNING = 'zone-jiangning';
export const SOURCE_EVENT_ID = '0197c0de-0000-7000-8000-000000000042';
export const NOTIFICATION_ID = `sub-1:${SOURCE_EVENT_ID}`;

export const CREATE: CreateNotification = {
  type: 'CreateNotification',
  data: {
    subscriptionId: 'sub-1',
    source: {
      id: SOURCE_EVENT_ID,
      type: 'zoneledger.assessment.v1.ZoneRankChanged',
      subject: 'round-2023',
      streamVersion: 17n,
      time: new Date('2025-06-30T03:59:58Z'),
    },
    followed: [{ zoneId: NANJING, insteadOf: JIANGNING }],
    channelKind: 'CHANNEL_KIND_WEBHOOK',
  },
};

export const NOTIFICATION_CREATED: NotificationCreated = {
  type: 'NotificationCreated',
  data: {
    notificationId: NOTIFICATION_ID,
    subscriptionId: 'sub-1',
    sourceEventId: SOURCE_EVENT_ID,
    sourceEventType: 'zoneledger.assessment.v1.ZoneRankChanged',
    sourceSubject: 'round-2023',
    sourceStreamVersion: '17',
    sourceTime: '2025-06-30T03:59:58.000Z',
    followed: [{ zoneId: NANJING, insteadOf: JIANGNING }],
    channelKind: 'CHANNEL_KIND_WEBHOOK',
  },
};

/** An attempt on the notification ending with `outcome` at `now` (default NOW), in 120 ms. */
export const attempt = (
  outcome: RecordAttempt['data']['outcome'],
  data: Partial<RecordAttempt['data']> = {},
): RecordAttempt => ({
  type: 'RecordAttempt',
  data: { notificationId: NOTIFICATION_ID, outcome, latencyMs: 120, now: NOW, ...data },
});
