import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { configureServiceApp, KAFKA, mintDevToken, PlatformModule } from '@zoneledger/platform';
import { deleteTestTopics, dropTestSchema, testIds, apiCaller } from '@zoneledger/testing';
import type { Kafka } from 'kafkajs';
import { ZONE_ERROR_MAPPINGS } from '../src/api/zone-error-mappings';
import { ZoneRegistryModule } from '../src/app.module';
import { ZoneRegistryMigrations } from '../src/migrations';

const SECRET = 'zone-registry-api-test-secret';

/** A running zone registry of its own (schema, topics, consumer group) and a client for it. */
export interface ZoneRegistryUnderTest {
  readonly app: INestApplication;
  /** Unique in this run: a suffix for zone ids and names (lower-case letters, digits and -). */
  readonly id: string;
  /** The prefix of its topics' physical names (e.g. of the policies topic it consumes). */
  readonly topicPrefix: string;
  /** Its database schema: another process of the same registry runs on it too. */
  readonly schema: string;
  /** Calls the API as a zone admin (or with the given token). */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** Where it listens, e.g. http://127.0.0.1:41234, for requests `call` cannot make (raw bodies). */
  readonly baseUrl: string;
  /** The zone admin's token that `call` sends. */
  readonly adminToken: string;
  /** A token holding only the analyst role: reads, no writes. */
  readonly analystToken: string;
  /** A token holding only the ops role: the operators' endpoints (/v1/admin/...). */
  readonly opsToken: string;
  stop(): Promise<void>;
}

/** A registration body for a national ETDZ in Suzhou, its id and names unique to the registry. */
export function zoneRegistration(
  registry: Pick<ZoneRegistryUnderTest, 'id'>,
  name: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    zoneId: `${name}-${registry.id}`,
    nameZh: `${name}开发区${registry.id}`,
    nameEn: `${name} Development Zone ${registry.id}`,
    kind: 'ZONE_KIND_ETDZ',
    level: 'ZONE_LEVEL_NATIONAL',
    province: '江苏',
    city: '苏州市',
    approvedOn: { year: 1994, month: 2 },
    ...overrides,
  };
}

/**
 * Starts the zone registry in-process on a fresh schema and topic prefix, as main.ts would;
 * `env` overrides the configuration (e.g. KAFKA_BROKERS of a broker the test stops).
 */
export async function startZoneRegistry(
  label: string,
  env: Record<string, string> = {},
): Promise<ZoneRegistryUnderTest> {
  const ids = testIds(label);
  const topicPrefix = `${process.env.TOPIC_PREFIX ?? 'test.'}${ids.id}.`;

  @Module({
    imports: [
      PlatformModule.forService({
        service: 'zone-registry',
        port: 0,
        databaseSchema: ids.schema,
        migrations: ZoneRegistryMigrations,
        entities: [],
        errorMappings: ZONE_ERROR_MAPPINGS,
        env: {
          ...process.env,
          DATABASE_SCHEMA: ids.schema,
          TOPIC_PREFIX: topicPrefix,
          AUTH_JWT_SECRET: SECRET,
          LOG_LEVEL: 'warn',
          ...env,
        },
      }),
      ZoneRegistryModule,
    ],
  })
  class ZoneRegistryUnderTestModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [ZoneRegistryUnderTestModule],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureServiceApp(app, { title: 'zone registry', description: 'under test' });
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const adminToken = await mintDevToken({ secret: SECRET, sub: 'alice', roles: ['zone-admin'] });
  const analystToken = await mintDevToken({ secret: SECRET, sub: 'bob', roles: ['analyst'] });
  const opsToken = await mintDevToken({ secret: SECRET, sub: 'carol', roles: ['ops'] });

  return {
    app,
    id: ids.id.replace(/_/g, '-'),
    topicPrefix,
    schema: ids.schema,
    baseUrl,
    adminToken,
    analystToken,
    opsToken,
    call: apiCaller(baseUrl, adminToken),
    async stop() {
      const kafka = app.get<Kafka>(KAFKA);
      await app.close();
      await deleteTestTopics(kafka, topicPrefix);
      // The app's own connections are closed by now: its schema can go.
      await dropTestSchema(ids.schema);
    },
  };
}
