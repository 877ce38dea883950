import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Topics } from '@zoneledger/contracts';
import { createProducer, physicalTopic } from '@zoneledger/messaging';
import { configureServiceApp, KAFKA, mintDevToken, PlatformModule } from '@zoneledger/platform';
import type { Kafka, Message, Producer } from 'kafkajs';
import { Pool } from 'pg';
import { POLICY_ERROR_MAPPINGS } from '../../services/policy-registry/src/api/policy-error-mappings';
import { PolicyRegistryMigrations } from '../../services/policy-registry/src/migrations';

const SECRET = 'policy-registry-bench-secret';

/** A policy registry running in this process on a schema and topic prefix of its own. */
export interface BenchedPolicyRegistry {
  readonly schema: string;
  readonly topicPrefix: string;
  /** Calls the API as a policy admin with a JSON body. */
  call(method: string, path: string, body?: unknown): Promise<Response>;
  /** Publishes zone events to its zones topic, as the zone registry's relay would. */
  publishZones(messages: Message[]): Promise<void>;
  /** Closes the app, deletes its topics and drops its schema. */
  stop(): Promise<void>;
}

export interface PolicyRegistrySettings {
  readonly databaseUrl: string;
  readonly brokers: readonly string[];
  readonly schema: string;
  readonly topicPrefix: string;
}

/**
 * Boots the service as main.ts does, on port 0 with the bench's own schema, topic prefix and
 * signing secret, rate limits raised out of the way, logging only warnings.
 */
export async function startPolicyRegistry(
  settings: PolicyRegistrySettings,
): Promise<BenchedPolicyRegistry> {
  const { schema, topicPrefix } = settings;
  // app.module also declares the production AppModule, which reads the environment as it loads.
  process.env.AUTH_JWT_SECRET ??= SECRET;
  const { PolicyRegistryModule } = await import('../../services/policy-registry/src/app.module');

  @Module({
    imports: [
      PlatformModule.forService({
        service: 'policy-registry',
        port: 0,
        databaseSchema: schema,
        migrations: PolicyRegistryMigrations,
        entities: [],
        errorMappings: POLICY_ERROR_MAPPINGS,
        env: {
          ...process.env,
          DATABASE_URL: settings.databaseUrl,
          DATABASE_SCHEMA: schema,
          KAFKA_BROKERS: settings.brokers.join(','),
          TOPIC_PREFIX: topicPrefix,
          AUTH_JWT_SECRET: SECRET,
          AUTH_JWKS_URL: undefined,
          RATE_LIMIT_PER_TOKEN: '100000000',
          RATE_LIMIT_PER_ADDRESS: '100000000',
          LOG_LEVEL: 'warn',
        },
      }),
      PolicyRegistryModule,
    ],
  })
  class BenchedPolicyRegistryModule {}

  const app: INestApplication = await NestFactory.create(BenchedPolicyRegistryModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  configureServiceApp(app, { title: 'policy registry', description: 'under benchmark' });
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const token = await mintDevToken({ secret: SECRET, sub: 'bench', roles: ['policy-admin'] });
  const kafka = app.get<Kafka>(KAFKA);
  let producer: Producer | undefined;

  return {
    schema,
    topicPrefix,
    call: (method, path, body) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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
