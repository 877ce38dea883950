import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, KAFKA, mintDevToken, PlatformModule } from '@zoneledger/platform';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { ZONE_ERROR_MAPPINGS } from '../../services/zone-registry/src/api/zone-error-mappings';
import { ZoneRegistryMigrations } from '../../services/zone-registry/src/migrations';

const SECRET = 'zone-registry-bench-secret';

/** A zone registry running in this process on a schema and topic prefix of its own. */
export interface BenchedZoneRegistry {
  readonly schema: string;
  readonly topicPrefix: string;
  /** Calls the API as a zone admin; a string body is sent as CSV, anything else as JSON. */
  call(method: string, path: string, body?: unknown): Promise<Response>;
  /** Closes the app, deletes its topics and drops its schema. */
  stop(): Promise<void>;
}

export interface ZoneRegistrySettings {
  readonly databaseUrl: string;
  readonly brokers: readonly string[];
  readonly schema: string;
  readonly topicPrefix: string;
}

/**
 * Boots the service as main.ts does (NestFactory, the platform's body parsing and limits: 32 MiB
 * for imports), but on port 0 with the bench's own schema, topic prefix and signing secret,
 * logging only warnings.
 */
export async function startZoneRegistry(
  settings: ZoneRegistrySettings,
): Promise<BenchedZoneRegistry> {
  const { schema, topicPrefix } = settings;
  // app.module also declares the production AppModule, which reads the environment as it loads
  // and refuses to without a way to verify tokens: load it only once the bench's secret is set.
  process.env.AUTH_JWT_SECRET ??= SECRET;
  const { ZoneRegistryModule } = await import('../../services/zone-registry/src/app.module');

  @Module({
    imports: [
      PlatformModule.forService({
        service: 'zone-registry',
        port: 0,
        databaseSchema: schema,
        migrations: ZoneRegistryMigrations,
        entities: [],
        errorMappings: ZONE_ERROR_MAPPINGS,
        env: {
          ...process.env,
          DATABASE_URL: settings.databaseUrl,
          DATABASE_SCHEMA: schema,
          KAFKA_BROKERS: settings.brokers.join(','),
          TOPIC_PREFIX: topicPrefix,
          AUTH_JWT_SECRET: SECRET,
          LOG_LEVEL: 'warn',
        },
      }),
      ZoneRegistryModule,
    ],
  })
  class BenchedZoneRegistryModule {}

  const app: INestApplication = await NestFactory.create(BenchedZoneRegistryModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  configureServiceApp(app, { title: 'zone registry', description: 'under benchmark' });
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const token = await mintDevToken({ secret: SECRET, sub: 'bench', roles: ['zone-admin'] });

  return {
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
    async stop() {
      const kafka = app.get<Kafka>(KAFKA);
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
