import { Topics } from '@zoneledger/contracts';
import { physicalTopic } from '@zoneledger/messaging';
import { KAFKA } from '@zoneledger/platform';
import type { Consumer, Kafka } from 'kafkajs';
import { zoneEvent, zoneRankChanged, zoneRegistered } from '@zoneledger/service-testing';
import { eventually, type ApiCall } from '@zoneledger/testing';
import { randomUUID } from 'node:crypto';
import { DELIVERIES, NOTIFIABLE_EVENTS } from '../src/delivery/delivery-tables';
import { startNotifier, type NotifierUnderTest } from './notifier.harness';

// The intake end to end on real Kafka and PostgreSQL: zone and assessment events published on
// the notifier's topics become feed rows, and notifications (with their scheduled delivery) for
// the subscriptions they match, once each, whatever Kafka redelivers.

const ids = () => randomUUID().slice(0, 8);

const rankChanged = (roundId: string, zoneId: string, rank: number, previousRank: number) =>
  zoneRankChanged({ roundId, zoneId, rank, previousRank, streamVersion: 10 + rank });

describe('the notification intake', () => {
  let notifier: NotifierUnderTest;
  let analyst: ApiCall;

  beforeAll(async () => {
    // Deliveries go nowhere: the worker's attempts do not matter here, only what is scheduled.
    notifier = await startNotifier({
      NOTIFIER_ALLOW_HTTP: 'true',
      NOTIFIER_ALLOWED_NETWORKS: '127.0.0.1/32',
      NOTIFIER_RETRY_SCHEDULE: '600000',
    });
    analyst = await notifier.caller('analyst-intake', 'analyst');
  });
  afterAll(async () => {
    await notifier?.stop();
  });

  const subscribe = async (filter: unknown): Promise<string> => {
    const response = await analyst('POST', '/v1/subscriptions', {
      filter,
      channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: 'http://127.0.0.1:9/hook' },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { subscriptionId: string }).subscriptionId;
  };

  const deliveriesOf = async (subscriptionId: string) =>
    (await notifier.dataSource.query(
      `select notification_id, source_event_id, subject, position::int as position, status
       from ${notifier.schema}.${DELIVERIES} where subscription_id = $1 order by position`,
      [subscriptionId],
    )) as {
      notification_id: string;
      source_event_id: string;
      subject: string;
      position: number;
      status: string;
    }[];

  const feedHas = (eventId: string) =>
    eventually(async () => {
      const rows = await notifier.dataSource.query(
        `select cloud_event, facts from ${notifier.schema}.${NOTIFIABLE_EVENTS} where event_id = $1`,
        [eventId],
      );
      expect(rows).toHaveLength(1);
      return rows[0] as { cloud_event: Record<string, unknown>; facts: Record<string, unknown> };
    });

  const eventIdOf = (message: { headers?: Record<string, unknown> }) =>
    String(message.headers?.ce_id);

  it('notifies a subscription of a matching event once, however often Kafka delivers it', async () => {
    const zone = `z-${ids()}`;
    const other = `z-${ids()}`;
    const subscriptionId = await subscribe({ zoneIds: [zone] });
    const registered = zoneRegistered({ zoneId: zone, nameZh: '苏州工业园区' });
    await notifier.publish(Topics.zones, [zoneRegistered({ zoneId: other }), registered]);
    // The copy again, then a later event of the zone: one partition keeps their order, so once
    // the later one is fed, the copy has been handled.
    const renamed = zoneEvent(zone, 2, 'ZoneRenamed', { zoneId: zone, nameZh: '苏州工业园' });
    await notifier.publish(Topics.zones, [registered, renamed]);
    await feedHas(eventIdOf(renamed));

    const feed = await feedHas(eventIdOf(registered));
    expect(feed.cloud_event).toMatchObject({
      specversion: '1.0',
      id: eventIdOf(registered),
      type: 'zoneledger.zone.v1.ZoneRegistered',
      subject: `zone-${zone}`,
      datacontenttype: 'application/json',
      streamversion: '1',
      data: { zoneId: zone, nameZh: '苏州工业园区', province: '江苏省' },
    });
    expect(feed.facts).toMatchObject({ eventType: 'ZoneRegistered', zoneIds: [zone] });

    const delivered = await eventually(async () => {
      const rows = await deliveriesOf(subscriptionId);
      expect(rows).toHaveLength(2);
      return rows;
    });
    expect(delivered[1].source_event_id).toBe(eventIdOf(renamed));
    expect(delivered[0]).toMatchObject({
      notification_id: `${subscriptionId}:${eventIdOf(registered)}`,
      subject: `zone-${zone}`,
      position: 1,
      status: 'pending',
    });
    const streams = await notifier.dataSource.query(
      `select count(*)::int as n from ${notifier.schema}.events
       where stream_id = $1 and event_type = 'NotificationCreated'`,
      [`notification-${subscriptionId}:${eventIdOf(registered)}`],
    );
    expect(streams[0].n).toBe(1);
  });

  it('matches a province filter on a rank change through what it knows of the zone', async () => {
    const inGuangdong = `z-${ids()}`;
    const inJiangsu = `z-${ids()}`;
    const subscriptionId = await subscribe({
      provinces: ['广东'],
      rankMoved: { atLeast: 5, direction: 'CHANGE_DIRECTION_DOWN' },
    });
    const zones = [
      zoneRegistered({ zoneId: inGuangdong, province: '广东省', region: 'REGION_EAST' }),
      zoneRegistered({ zoneId: inJiangsu }),
    ];
    await notifier.publish(Topics.zones, zones);
    // The zones first: the rank changes are about zones the intake has heard of.
    for (const zone of zones) await feedHas(eventIdOf(zone));
    const round = `round-${ids()}`;
    const droppedSix = rankChanged(round, inGuangdong, 16, 10);
    const climbed = rankChanged(round, inGuangdong, 3, 10);
    const otherProvince = rankChanged(round, inJiangsu, 30, 10);
    await notifier.publish(Topics.assessments, [droppedSix, climbed, otherProvince]);
    await feedHas(eventIdOf(otherProvince));
    await feedHas(eventIdOf(climbed));
    const rows = await eventually(async () => {
      const found = await deliveriesOf(subscriptionId);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(rows[0].source_event_id).toBe(eventIdOf(droppedSix));
  });

  it('follows a merged zone to its survivor, and says so in the notification', async () => {
    const absorbed = `z-${ids()}`;
    const survivor = `z-${ids()}`;
    const subscriptionId = await subscribe({ zoneIds: [absorbed] });
    const merged = zoneEvent(survivor, 2, 'ZonesMerged', {
      mergerId: `m-${ids()}`,
      survivingZoneId: survivor,
      absorbedZoneIds: [absorbed],
    });
    await notifier.publish(Topics.zones, [
      zoneRegistered({ zoneId: absorbed }),
      zoneRegistered({ zoneId: survivor }),
      merged,
    ]);
    await feedHas(eventIdOf(merged));
    const later = rankChanged(`round-${ids()}`, survivor, 4, 9);
    await notifier.publish(Topics.assessments, [later]);
    const notification = `notification-${subscriptionId}:${eventIdOf(later)}`;
    const created = await eventually(async () => {
      const rows = await notifier.dataSource.query(
        `select data from ${notifier.schema}.events where stream_id = $1`,
        [notification],
      );
      expect(rows).toHaveLength(1);
      return rows[0].data as { followed: unknown; sourceSubject: string };
    });
    expect(created.followed).toEqual([{ zoneId: survivor, insteadOf: absorbed }]);
    // The registration and the merger itself named the zone: notified too, not followed.
    const subjects = (await deliveriesOf(subscriptionId)).map((row) => row.source_event_id);
    expect(subjects).toEqual(expect.arrayContaining([eventIdOf(merged), eventIdOf(later)]));
  });

  it('notifies no paused subscription, and no stream subscription (the live stream reads the feed)', async () => {
    const zone = `z-${ids()}`;
    const paused = await subscribe({ zoneIds: [zone] });
    const pausing = await analyst('POST', `/v1/subscriptions/${paused}/pause`);
    expect(pausing.status).toBeLessThan(300);
    const streamed = await analyst('POST', '/v1/subscriptions', {
      filter: { zoneIds: [zone] },
      channel: { kind: 'CHANNEL_KIND_SSE' },
    });
    expect(streamed.status).toBe(201);
    const streamId = ((await streamed.json()) as { subscriptionId: string }).subscriptionId;
    const active = await subscribe({ zoneIds: [zone] });

    const registered = zoneRegistered({ zoneId: zone });
    await notifier.publish(Topics.zones, [registered]);
    await eventually(async () => expect(await deliveriesOf(active)).toHaveLength(1));
    expect(await deliveriesOf(paused)).toEqual([]);
    const notifications = await notifier.dataSource.query(
      `select stream_id from ${notifier.schema}.events
       where event_type = 'NotificationCreated' and stream_id like any ($1)`,
      [[`notification-${paused}:%`, `notification-${streamId}:%`]],
    );
    expect(notifications).toEqual([]);
  });

  it('publishes its subscription and notification events to zoneledger.notifications.v1', async () => {
    const zone = `z-${ids()}`;
    const subscriptionId = await subscribe({ zoneIds: [zone] });
    const registered = zoneRegistered({ zoneId: zone });
    await notifier.publish(Topics.zones, [registered]);
    const kafka = notifier.app.get<Kafka>(KAFKA);
    const seen: string[] = [];
    const consumer: Consumer = kafka.consumer({
      groupId: `notifications-${notifier.id}`,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({
        topic: physicalTopic(notifier.topicPrefix, Topics.notifications),
        fromBeginning: true,
      });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(`${message.key?.toString()} ${message.headers?.ce_type?.toString()}`);
        },
      });
      await eventually(
        () =>
          expect(seen).toEqual(
            expect.arrayContaining([
              `subscription-${subscriptionId} zoneledger.notification.v1.SubscriptionCreated`,
              `notification-${subscriptionId}:${eventIdOf(registered)} zoneledger.notification.v1.NotificationCreated`,
            ]),
          ),
        { timeoutMs: 30_000 },
      );
    } finally {
      await consumer.disconnect();
    }
  });
});
