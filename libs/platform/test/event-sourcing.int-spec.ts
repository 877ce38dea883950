import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Topics } from '@zoneledger/contracts';
import type { PostgresEventStore } from '@zoneledger/event-store';
import { decodeCloudEvent, type CloudEvent } from '@zoneledger/messaging';
import { eventually, testIds } from '@zoneledger/testing';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { configureServiceApp, EVENT_STORE, KAFKA, mintDevToken, PlatformModule } from '../src';
import { LedgerProbeController } from './ledger-probe.controller';

const SECRET = 'zoneledger-event-sourcing-test-secret';

describe('a service write path: REST command, event store, outbox relay, Kafka', () => {
  const ids = testIds('ledger');
  const topicPrefix = `${process.env.TOPIC_PREFIX ?? 'test.'}${ids.id}.`;
  let app: INestApplication;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    @Module({
      imports: [
        PlatformModule.forService({
          service: 'zone-registry',
          port: 0,
          databaseSchema: ids.schema,
          migrations: [],
          entities: [],
          env: {
            ...process.env,
            DATABASE_SCHEMA: ids.schema,
            TOPIC_PREFIX: topicPrefix,
            AUTH_JWT_SECRET: SECRET,
          },
        }),
      ],
      controllers: [LedgerProbeController],
    })
    class LedgerProbeModule {}

    const moduleRef = await Test.createTestingModule({ imports: [LedgerProbeModule] }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    configureServiceApp(app, {
      title: 'ledger probe',
      description: 'event-sourced write path probe',
    });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    token = await mintDevToken({ secret: SECRET, sub: 'alice', roles: ['zone-admin'] });
  });

  afterAll(async () => {
    const admin = app?.get<Kafka>(KAFKA).admin();
    await admin?.connect();
    await admin
      ?.deleteTopics({ topics: Object.values(Topics).map((topic) => `${topicPrefix}${topic}`) })
      .catch(() => undefined);
    await admin?.disconnect();
    await app?.get(DataSource).query(`drop schema if exists "${ids.schema}" cascade`);
    await app?.close();
  });

  const post = (path: string, headers: Record<string, string> = {}, body: unknown = {}) =>
    fetch(`${baseUrl}/ledger-probe/zones/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('lets exactly one of two concurrent commands at the same version win; the other gets 409', async () => {
    const zone = `zone-${ids.id}-race`;
    expect((await post(`${zone}/registration`)).headers.get('etag')).toBe('"1"');

    const responses = await Promise.all(
      ['Suzhou Industrial Park', 'China-Singapore Suzhou Industrial Park'].map((nameEn) =>
        post(`${zone}/name`, { 'if-match': '"1"' }, { nameEn }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const conflict = responses.find((response) => response.status === 409);
    expect(conflict?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await conflict?.json()).toMatchObject({ status: 409, code: 'CONCURRENCY.CONFLICT' });

    const stream = await app.get<PostgresEventStore>(EVENT_STORE).readStream(zone);
    expect(stream.events.map((event) => event.type)).toEqual(['ZoneRegistered', 'ZoneRenamed']);
  });

  it('answers a retried command with its first result and appends nothing', async () => {
    const zone = `zone-${ids.id}-retry`;
    await post(`${zone}/registration`);
    const first = await post(
      `${zone}/name`,
      { 'idempotency-key': `rename-${ids.id}` },
      { nameEn: 'Jiangning' },
    );
    const retry = await post(
      `${zone}/name`,
      { 'idempotency-key': `rename-${ids.id}` },
      { nameEn: 'Jiangning' },
    );
    expect(await first.json()).toMatchObject({ version: 2, replayed: false });
    expect(await retry.json()).toMatchObject({ version: 2, replayed: true });
    expect((await app.get<PostgresEventStore>(EVENT_STORE).readStream(zone)).version).toBe(2);
  });

  it('publishes what it recorded to the zones topic, with the actor who issued the command', async () => {
    const zone = `zone-${ids.id}-published`;
    await post(`${zone}/registration`);
    const kafka = app.get<Kafka>(KAFKA);
    const received: CloudEvent[] = [];
    const consumer = kafka.consumer({ groupId: ids.group('published') });
    await eventually(async () => {
      const admin = kafka.admin();
      await admin.connect();
      const topics = await admin.listTopics();
      await admin.disconnect();
      expect(topics).toContain(`${topicPrefix}${Topics.zones}`);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: `${topicPrefix}${Topics.zones}`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void received.push(decodeCloudEvent(message)),
    });
    try {
      await eventually(() => expect(received.some((event) => event.subject === zone)).toBe(true), {
        timeoutMs: 30_000,
      });
      expect(received.find((event) => event.subject === zone)).toMatchObject({
        type: 'zoneledger.zone.v1.ZoneRegistered',
        source: '/zoneledger/zone-registry',
        extensions: expect.objectContaining({ actor: 'alice', streamversion: '1' }),
      });
    } finally {
      await consumer.disconnect();
    }
  });
});
