import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  configureServiceApp,
  mintDevToken,
  PlatformModule,
  ROLES,
  type Role,
} from '@zoneledger/platform';
import { randomBytes } from 'node:crypto';
import type { MixedList } from 'typeorm';
import { dropTestSchema, testIds } from '@zoneledger/testing';

/** A service built on the platform, running in this process on a schema and topics of its own. */
export interface PlatformServiceUnderTest {
  readonly app: INestApplication;
  readonly baseUrl: string;
  /** Its database schema (its event store is `<schema>.events`). */
  readonly schema: string;
  /** A token per role, signed with the service's own secret. */
  readonly tokens: Readonly<Record<Role, string>>;
  stop(): Promise<void>;
}

export interface PlatformServiceSetup {
  readonly service: string;
  /** The service's own migrations, after the platform's. */
  readonly migrations: MixedList<Function | string>;
  /** The service's modules (its domain, CQRS); the platform comes first. */
  readonly imports: readonly (Type | DynamicModule)[];
  /** Environment over the test's, e.g. rate limits. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts a service as main.ts would, but on a fresh schema and topic prefix, with a secret of its
 * own: for tests of any service whose harness needs nothing more (the fuzz of a new service).
 */
export async function startPlatformService(
  setup: PlatformServiceSetup,
): Promise<PlatformServiceUnderTest> {
  const ids = testIds(setup.service.replace(/-/g, '_'));
  const secret = randomBytes(24).toString('hex');

  @Module({
    imports: [
      PlatformModule.forService({
        service: setup.service,
        port: 0,
        databaseSchema: ids.schema,
        migrations: setup.migrations,
        entities: [],
        env: {
          ...process.env,
          DATABASE_SCHEMA: ids.schema,
          TOPIC_PREFIX: `${process.env.TOPIC_PREFIX ?? 'test.'}${ids.id}.`,
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
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = await mintDevToken({ secret, sub: `${role}-${ids.id}`, roles: [role] });
  }
  return {
    app,
    baseUrl: await app.getUrl(),
    schema: ids.schema,
    tokens,
    async stop() {
      await app.close();
      await dropTestSchema(ids.schema);
    },
  };
}
