import 'reflect-metadata';
import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  configureServiceApp,
  KAFKA,
  mintDevToken,
  PlatformModule,
  type ErrorMapping,
  type Role,
} from '@zoneledger/platform';
import { Topics } from '@zoneledger/contracts';
import { createProducer, physicalTopic } from '@zoneledger/messaging';
import type { Kafka, Message, Producer } from 'kafkajs';
import { Pool } from 'pg';

/** Where a benchmark runs a service: its own schema and topic prefix on the given servers. */
export interface BenchSettings {
  readonly databaseUrl: string;
  readonly brokers: readonly string[];
  readonly schema: string;
  readonly topicPrefix: string;
}

/** What a benchmark starts: the service's name, module, migrations and error mappings. */
export interface BenchedServiceSetup {
  readonly service: string;
  readonly title: string;
  /** Loads the service's module (after the bench's secret is set: see startBenchedService). */
  readonly module: () => Promise<Type>;
  readonly migrations: Function[];
  readonly errorMappings: readonly ErrorMapping[];
  /** The role the bench calls the API with. */
  readonly role: Role;
}

/** A service running in this process for a benchmark. */
export interface BenchedService {
  readonly app: INestApplication;
  readonly schema: string;
  readonly topicPrefix: string;
  /** Calls the API with the setup's role; a string body is sent as CSV, anything else as JSON. */
  call(method: string, path: string, body?: unknown): Promise<Response>;
  /** Publishes zone events to its zones topic, as the zone registry's relay would. */
  publishZones(messages: Message[]): Promise<void>;
  /** Closes the app, deletes its topics and drops its schema. */
  stop(): Promise<void>;
}

const SECRET = 'zoneledger-bench-secret';

/**
 * Boots a service as main.ts does (NestFactory, the platform's body parsing and limits), but on
 * port 0 with the bench's own schema, topic prefix and signing secret, rate limits out of the
 * way, logging only warnings.
 */
export async function startBenchedService(
  setup: BenchedServiceSetup,
  settings: BenchSettings,
): Promise<BenchedService> {
  const { schema, topicPrefix } = settings;
  // A service's app.module also declares its production AppModule, which reads the environment
  // as it loads and refuses to without a way to verify tokens: load it once the secret is set.
  process.env.AUTH_JWT_SECRET ??= SECRET;
  const serviceModule = await setup.module();

  @Module({
    imports: [
      PlatformModule.forService({
        service: setup.service,
        port: 0,
        databaseSchema: schema,
        migrations: setup.migrations,
        entities: [],
        errorMappings: setup.errorMappings,
        env: {
          ...process.env,
          DATABASE_URL: settings.databaseUrl,
          DATABASE_SCHEMA: schema,
          KAFKA_BROKERS: settings.brokers.join(','),
          TOPIC_PREFIX: topicPrefix,
          AUTH_JWT_SECRET: SECRET,
          AUTH_JWKS_URL: undefined,
          RATE_LIMIT_PER_TOKEN: '0',
          RATE_LIMIT_PER_ADDRESS: '0',
          LOG_LEVEL: 'warn',
        },
      }),
      serviceModule,
    ],
  })
  class BenchedServiceModule {}

  const app: INestApplication = await NestFactory.create(BenchedServiceModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  configureServiceApp(app, { title: setup.title, description: 'under benchmark' });
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const token = await mintDevToken({ secret: SECRET, sub: 'bench', roles: [setup.role] });
  const kafka = app.get<Kafka>(KAFKA);
  let producer: Producer | undefined;

  return {
    app,
    schema,
    topicPrefix,
    call: (method, path, body) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined
            ? {}
            : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }),
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    async publishZones(messages) {
      if (!producer) {
        producer = createProducer(kafka);
        await producer.connect();
      }
      await producer.send({ topic: physicalTopic(topicPrefix, Topics.zones), messages });
    },
    async stop() {
      await producer?.disconnect();
      await app.close();
      const admin = kafka.admin();
      await admin.connect();
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
      // The app's pool is closed by now: drop its schema over a connection of our own.
      const pool = new Pool({ connectionString: settings.databaseUrl, max: 1 });
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.end();
    },
  };
}
