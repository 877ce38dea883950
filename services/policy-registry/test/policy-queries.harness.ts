import { fromJson, toBinary, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { Topics } from '@zoneledger/contracts';
import { createProducer, encodeCloudEvent, physicalTopic } from '@zoneledger/messaging';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { configureServiceApp, KAFKA, mintDevToken, PlatformModule } from '@zoneledger/platform';
import { eventually, testIds } from '@zoneledger/testing';
import type { Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PolicyRegistryMigrations } from '../src/migrations';
import { PolicyQueriesModule } from '../src/queries/policy-queries.module';

/** An event as its producer records it: when (recorded time), and its place in its stream. */
export interface Recorded {
  readonly time?: Date;
  readonly streamVersion?: number;
  /** The CloudEvent id; the same id again is a redelivery. */
  readonly id?: string;
}

/** The policy register's read side, running on a schema and topics of its own, and a client. */
export interface PolicyQueriesUnderTest {
  /** Unique in this run: a suffix for ids. */
  readonly id: string;
  /** GETs a path as an analyst (every role may read). */
  get(path: string): Promise<Response>;
  /** GETs a path expecting 200 and returns its JSON body. */
  read<T>(path: string): Promise<T>;
  /** Publishes a policy event as the policy-registry would (key `policy-<id>`). */
  publishPolicyEvent(
    schema: DescMessage,
    data: Record<string, JsonValue>,
    at?: Recorded,
  ): Promise<void>;
  /** Publishes a zone event as the zone-registry would (key `zone-<id>`, its stream version). */
  publishZoneEvent(
    zoneId: string,
    schema: DescMessage,
    data: Record<string, JsonValue>,
    at?: Recorded,
  ): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the read side (platform and PolicyQueriesModule only) and waits until it is ready. */
export async function startPolicyQueries(label: string): Promise<PolicyQueriesUnderTest> {
  const ids = testIds(label);
  const topicPrefix = `${process.env.TOPIC_PREFIX ?? 'test.'}${ids.id}.`;
  const secret = `policy-queries-${ids.id}`;

  @Module({
    imports: [
      PlatformModule.forService({
        service: 'policy-registry',
        port: 0,
        databaseSchema: ids.schema,
        migrations: PolicyRegistryMigrations,
        entities: [],
        env: {
          ...process.env,
          DATABASE_SCHEMA: ids.schema,
          TOPIC_PREFIX: topicPrefix,
          AUTH_JWT_SECRET: secret,
          LOG_LEVEL: 'warn',
        },
      }),
      PolicyQueriesModule,
    ],
  })
  class PolicyQueriesUnderTestModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [PolicyQueriesUnderTestModule],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureServiceApp(app, { title: 'policy registry reads', description: 'under test' });
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const token = await mintDevToken({ secret, sub: 'bob', roles: ['analyst'] });
  const kafka = app.get<Kafka>(KAFKA);
  const producer: Producer = createProducer(kafka);
  await producer.connect();
  await eventually(async () => {
    expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
  });
  const get = (path: string) =>
    fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  const publish = async (
    topic: string,
    subject: string,
    schema: DescMessage,
    data: Record<string, JsonValue>,
    at: Recorded,
  ) => {
    const message = encodeCloudEvent({
      id: at.id ?? randomUUID(),
      source: `/zoneledger/${topic === Topics.zones ? 'zone' : 'policy'}-registry`,
      type: schema.typeName,
      subject,
      time: at.time ?? new Date(),
      dataschema: `urn:zoneledger:proto:${schema.typeName}`,
      data: toBinary(schema, fromJson(schema, data)),
      ...(at.streamVersion === undefined
        ? {}
        : { extensions: { streamversion: String(at.streamVersion) } }),
    });
    await producer.send({ topic: physicalTopic(topicPrefix, topic), messages: [message] });
  };
  return {
    id: ids.id.replace(/_/g, '-'),
    get,
    async read<T>(path: string) {
      const response = await get(path);
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    },
    publishPolicyEvent: (schema, data, at = {}) =>
      publish(Topics.policies, `policy-${String(data.policyId)}`, schema, data, at),
    publishZoneEvent: (zoneId, schema, data, at = {}) =>
      publish(Topics.zones, `zone-${zoneId}`, schema, data, at),
    async stop() {
      await producer.disconnect();
      const admin = kafka.admin();
      await app.close();
      await admin.connect();
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
      // The app's connections are closed by now: drop its schema over a connection of our own.
      const dataSource = await new DataSource({
        type: 'postgres',
        url: process.env.DATABASE_URL,
      }).initialize();
      await dataSource.query(`drop schema if exists "${ids.schema}" cascade`);
      await dataSource.destroy();
    },
  };
}
