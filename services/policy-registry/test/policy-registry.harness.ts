import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Topics } from '@zoneledger/contracts';
import { createProducer, physicalTopic } from '@zoneledger/messaging';
import { configureServiceApp, KAFKA, mintDevToken, PlatformModule } from '@zoneledger/platform';
import {
  deleteTestTopics,
  dropTestSchema,
  eventually,
  testIds,
  apiCaller,
} from '@zoneledger/testing';
import type { Kafka, Message, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { POLICY_ERROR_MAPPINGS } from '../src/api/policy-error-mappings';
import { PolicyRegistryModule } from '../src/app.module';
import { PolicyRegistryMigrations } from '../src/migrations';

const SECRET = 'policy-registry-api-test-secret';

/** A running policy registry of its own (schema, topics, consumer groups) and a client for it. */
export interface PolicyRegistryUnderTest {
  readonly app: INestApplication;
  /** Unique in this run: a suffix for policy and zone ids (lower-case letters, digits and -). */
  readonly id: string;
  /** The prefix of its topics' physical names. */
  readonly topicPrefix: string;
  readonly baseUrl: string;
  /** Calls the API as a policy admin (or with the given headers, e.g. another token). */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  readonly adminToken: string;
  /** A token holding only the analyst role: reads, no writes. */
  readonly analystToken: string;
  /** Publishes zone events to its zones topic, as the zone registry's relay would. */
  publishZones(messages: readonly Message[]): Promise<void>;
  /** Waits until its zone directory holds these zones at these stream versions. */
  zonesKnown(versions: Readonly<Record<string, number>>): Promise<void>;
  /** The number of events in its event store. */
  eventCount(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the policy registry in-process on a fresh schema and topic prefix, as main.ts would;
 * `env` overrides the configuration.
 */
export async function startPolicyRegistry(
  label: string,
  env: Record<string, string> = {},
): Promise<PolicyRegistryUnderTest> {
  const ids = testIds(label);
  const topicPrefix = `${process.env.TOPIC_PREFIX ?? 'test.'}${ids.id}.`;

  @Module({
    imports: [
      PlatformModule.forService({
        service: 'policy-registry',
        port: 0,
        databaseSchema: ids.schema,
        migrations: PolicyRegistryMigrations,
        entities: [],
        errorMappings: POLICY_ERROR_MAPPINGS,
        env: {
          ...process.env,
          DATABASE_SCHEMA: ids.schema,
          TOPIC_PREFIX: topicPrefix,
          AUTH_JWT_SECRET: SECRET,
          AUTH_JWKS_URL: undefined,
          LOG_LEVEL: 'warn',
          ...env,
        },
      }),
      PolicyRegistryModule,
    ],
  })
  class PolicyRegistryUnderTestModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [PolicyRegistryUnderTestModule],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureServiceApp(app, { title: 'policy registry', description: 'under test' });
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const adminToken = await mintDevToken({ secret: SECRET, sub: 'paula', roles: ['policy-admin'] });
  const analystToken = await mintDevToken({ secret: SECRET, sub: 'bob', roles: ['analyst'] });
  const kafka = app.get<Kafka>(KAFKA);
  const dataSource = app.get(DataSource);
  let producer: Producer | undefined;

  return {
    app,
    id: ids.id.replace(/_/g, '-'),
    topicPrefix,
    baseUrl,
    adminToken,
    analystToken,
    call: apiCaller(baseUrl, adminToken),
    async publishZones(messages) {
      if (!producer) {
        producer = createProducer(kafka);
        await producer.connect();
      }
      const topic = physicalTopic(topicPrefix, Topics.zones);
      await producer.send({ topic, messages: [...messages] });
    },
    async zonesKnown(versions) {
      const zoneIds = Object.keys(versions);
      await eventually(async () => {
        const rows: { zone_id: string; stream_version: number }[] = await dataSource.query(
          `select zone_id, stream_version from zone_directory where zone_id = any($1::text[])`,
          [zoneIds],
        );
        const known = Object.fromEntries(rows.map((row) => [row.zone_id, row.stream_version]));
        const missing = zoneIds.filter((zoneId) => (known[zoneId] ?? 0) < versions[zoneId]);
        if (missing.length > 0) throw new Error(`zone directory lacks ${missing.join(', ')}`);
      });
    },
    async eventCount() {
      const [{ count }]: { count: number }[] = await dataSource.query(
        'select count(*)::int as count from events',
      );
      return count;
    },
    async stop() {
      await producer?.disconnect();
      await app.close();
      await deleteTestTopics(kafka, topicPrefix);
      // The app's own connections are closed by now: its schema can go.
      await dropTestSchema(ids.schema);
    },
  };
}
