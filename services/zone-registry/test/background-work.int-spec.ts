import { Topics } from '@zoneledger/contracts';
import { physicalTopic } from '@zoneledger/messaging';
import { KAFKA, OutboxRelayService, ProjectionHost } from '@zoneledger/platform';
import { eventually } from '@zoneledger/testing';
import type { Kafka } from 'kafkajs';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

// One registry as two processes on one database and one set of topics (BACKGROUND_WORK): the
// first answers HTTP only; the second publishes the outbox and keeps the read models.
describe('the zone registry with its HTTP side and its background work in processes of their own', () => {
  let http: ZoneRegistryUnderTest;
  let background: ZoneRegistryUnderTest | undefined;

  beforeAll(async () => {
    http = await startZoneRegistry('split_http', { BACKGROUND_WORK: 'none' });
  });

  afterAll(async () => {
    // The background process first: the HTTP one's stop drops the schema both use.
    await background?.stop();
    await http?.stop();
  });

  it('records commands in one process and publishes and projects them in the other', async () => {
    const body = zoneRegistration(http, 'split');
    expect((await http.call('POST', '/v1/zones', body)).status).toBe(201);

    // Recorded, but this process neither publishes it nor keeps the read model.
    const relay = http.app.get(OutboxRelayService).relay;
    expect(await relay.lag()).toBe(1);
    expect(relay.status()).toMatchObject({ leader: false, published: 0 });
    expect(http.app.get(ProjectionHost).runner('zone-view')).toBeUndefined();
    const listed = async () => {
      const answer = await http.call('GET', `/v1/zones?q=${encodeURIComponent(body.nameEn)}`);
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { items: { zoneId: string }[] }).items;
    };
    expect(await listed()).toEqual([]);

    background = await startZoneRegistry('split_background', {
      BACKGROUND_WORK: 'relay,projections',
      DATABASE_SCHEMA: http.schema,
      TOPIC_PREFIX: http.topicPrefix,
    });

    // The HTTP process lists zones from the read model (zone_view) the background process keeps.
    await eventually(
      async () => {
        expect(await listed()).toEqual([expect.objectContaining({ zoneId: body.zoneId })]);
      },
      { timeoutMs: 30_000 },
    );
    await eventually(async () => expect(await relay.lag()).toBe(0), { timeoutMs: 30_000 });
    expect(background.app.get(OutboxRelayService).relay.status().published).toBe(1);
    expect(relay.status().published).toBe(0);

    // And the event is on the zones topic, once.
    const kafka = http.app.get<Kafka>(KAFKA);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topic = physicalTopic(http.topicPrefix, Topics.zones);
      const offsets = await admin.fetchTopicOffsets(topic);
      const records = offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
      expect(records).toBe(1);
    } finally {
      await admin.disconnect();
    }
  }, 90_000);
});
