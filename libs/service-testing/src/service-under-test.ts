import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createProducer, physicalTopic } from '@zoneledger/messaging';
import {
  configureServiceApp,
  KAFKA,
  mintDevToken,
  PlatformModule,
  ROLES,
  type ErrorMapping,
  type Role,
} from '@zoneledger/platform';
import type { Kafka, Message, Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { DataSource, type MixedList } from 'typeorm';
import {
  apiCaller,
  deleteTestTopics,
  dropTestSchema,
  testIds,
  type ApiCall,
} from '@zoneledger/testing';

/** A service built on the platform, running in this process on a schema and topics of its own. */
export interface ServiceUnderTest {
  readonly app: INestApplication;
  readonly baseUrl: string;
  /** Unique in this run: a suffix for ids (lower-case letters, digits and -). */
  readonly id: string;
  /** Its database schema (its event store is `<schema>.events`). */
  readonly schema: string;
  /** The prefix of its topics' physical names. */
  readonly topicPrefix: string;
  /** Its database, for awaiting its read models. */
  readonly dataSource: DataSource;
  /** A token per role, signed with the service's own secret (subject `<role>-<id>`). */
  readonly tokens: Readonly<Record<Role, string>>;
  /** Calls the API with the token of `role`. */
  as(role: Role): ApiCall;
  /** Publishes records to one of its topics (by logical name), as another service's relay would. */
  publish(topic: string, messages: readonly Message[]): Promise<void>;
  /** The number of events in its event store. */
  eventCount(): Promise<number>;
  /** Closes it, deletes its topics and drops its schema. */
  stop(): Promise<void>;
  /** Closes it and leaves its topics and schema, for another on them (ServiceSetup.restartOf). */
  close(): Promise<void>;
}

export interface ServiceSetup {
  readonly service: string;
  /** Names its schema and topics (default: the service's name). */
  readonly label?: string;
  /** The service's own migrations, after the platform's. */
  readonly migrations: MixedList<Function | string>;
  /** The service's modules (its domain, CQRS); the platform comes first. */
  readonly imports: readonly (Type | DynamicModule)[];
  /** How its domain's errors read over HTTP. */
  readonly errorMappings?: readonly ErrorMapping[];
  /** Environment over the test's, e.g. rate limits. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * A service under test, closed, whose schema and topics this one takes over (a restart): its
   * migrations have run, its consumer groups resume from their offsets.
   */
  readonly restartOf?: Pick<ServiceUnderTest, 'id' | 'schema' | 'topicPrefix'>;
}

/**
 * Starts a service as main.ts would, but on a fresh schema and topic prefix, with a secret of its
 * own: the harness of every service's API, fuzz and integration tests.
 */
export async function startServiceUnderTest(setup: ServiceSetup): Promise<ServiceUnderTest> {
  const fresh = testIds(setup.label ?? setup.service.replace(/-/g, '_'));
  const ids = setup.restartOf
    ? { id: setup.restartOf.id.replace(/-/g, '_'), schema: setup.restartOf.schema }
    : fresh;
  const secret = randomBytes(24).toString('hex');
  const topicPrefix =
    setup.restartOf?.topicPrefix ?? `${process.env.TOPIC_PREFIX ?? 'test.'}${ids.id}.`;

  @Module({
    imports: [
      PlatformModule.forService({
        service: setup.service,
        port: 0,
        databaseSchema: ids.schema,
        migrations: setup.migrations,
        entities: [],
        ...(setup.errorMappings ? { errorMappings: setup.errorMappings } : {}),
        env: {
          ...process.env,
          DATABASE_SCHEMA: ids.schema,
          TOPIC_PREFIX: topicPrefix,
          AUTH_JWT_SECRET: secret,
          AUTH_JWKS_URL: undefined,
          LOG_LEVEL: 'warn',
          ...setup.env,
        },
      }),
      ...setup.imports,
    ],
  })
  class ServiceUnderTestModule {}

  const moduleRef = await Test.createTestingModule({ imports: [ServiceUnderTestModule] }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureServiceApp(app, { title: setup.service, description: 'under test' });
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const id = ids.id.replace(/_/g, '-');
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = await mintDevToken({ secret, sub: `${role}-${id}`, roles: [role] });
  }
  const kafka = app.get<Kafka>(KAFKA);
  const dataSource = app.get(DataSource);
  let producer: Producer | undefined;
  return {
    app,
    baseUrl,
    id,
    schema: ids.schema,
    topicPrefix,
    dataSource,
    tokens,
    as: (role) => apiCaller(baseUrl, tokens[role]),
    async publish(topic, messages) {
      if (!producer) {
        producer = createProducer(kafka);
        await producer.connect();
      }
      await producer.send({ topic: physicalTopic(topicPrefix, topic), messages: [...messages] });
    },
    async eventCount() {
      const [{ count }]: { count: number }[] = await dataSource.query(
        'select count(*)::int as count from events',
      );
      return count;
    },
    async close() {
      await producer?.disconnect();
      producer = undefined;
      await app.close();
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
