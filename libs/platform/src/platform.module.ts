import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import {
  AnnounceAppends1796400000000,
  CreateEventStore1764400000000,
  PostgresEventStore,
  StopAnnouncingAppendsByTrigger1796600000000,
} from '@zoneledger/event-store';
import { CreateProjectionCheckpoints1764500000000 } from '@zoneledger/projections';
import { createKafkaClient } from '@zoneledger/messaging';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { BackgroundThread } from './background/background-thread';
import {
  loadServiceConfig,
  type ServiceConfig,
  type ServiceDefaults,
} from './config/service-config';
import { openServiceDatabase, serviceDataSourceOptions } from './database/database';
import { IdempotencyKeyInterceptor } from './concurrency/idempotency-key.interceptor';
import { CreateIdempotencyRequests1796100000000 } from './concurrency/idempotency-requests.migration';
import { HealthController } from './health/health.controller';
import { loggerParams } from './logging/logging';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { CommandMetrics } from './metrics/command-metrics';
import { ERROR_MAPPINGS, ProblemFilter } from './problems/problem.filter';
import { KeepAliveOnShutdown } from './http/keep-alive-on-shutdown';
import type { ErrorMapping } from './problems/problem-mapping';
import { platformValidationPipe } from './problems/validation';
import { OutboxRelayService, postgresPool } from './event-sourcing/outbox-relay.service';
import { ProjectionHost } from './event-sourcing/projection-host';
import { ProjectionsAdminController } from './event-sourcing/projections-admin.controller';
import { ROUTE_BODY_LIMITS } from './http/route-body-limits';
import { RateLimitGuard, rateLimitOptions } from './http/rate-limits';
import { EVENT_STORE, KAFKA, SERVICE_CONFIG, SERVICE_ENV } from './tokens';

export interface PlatformOptions extends ServiceDefaults {
  readonly migrations: MixedList<Function | string>;
  readonly entities: MixedList<Function | string | EntitySchema>;
  /** Defaults to process.env; tests pass their own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Statuses for errors of libraries the platform does not know, by their `code`, e.g.
   * `{ code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', status: 409, as: 'CONCURRENCY.CONFLICT' }`.
   * Errors extending ProblemError (DomainError) need no mapping.
   */
  readonly errorMappings?: readonly ErrorMapping[];
}

/**
 * What every service stands on: validated config, JSON logging, its own Postgres schema
 * (migrated at start-up), a Kafka client, health and metrics endpoints, and for every HTTP
 * handler: bearer-token auth, DTO validation and problem+json errors.
 */
/** A stale expected version is the client's conflict to resolve: 409, never a lost update. */
const EVENT_SOURCING_ERRORS: readonly ErrorMapping[] = [
  { code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', status: 409, as: 'CONCURRENCY.CONFLICT' },
  // A key raced by two different requests: the store's own check, behind eventsRecordedUnderKey.
  { code: 'EVENT_STORE.IDEMPOTENCY_KEY_REUSED', status: 422, as: 'IDEMPOTENCY.KEY_REUSED' },
];

function asArray<T>(list: MixedList<T>): T[] {
  return Array.isArray(list) ? list : Object.values(list);
}

@Global()
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const env = options.env ?? process.env;
    const config = loadServiceConfig(env, options);
    const database = {
      url: config.databaseUrl,
      schema: config.databaseSchema,
      // Every service is event-sourced and projects: the event store and the projection
      // checkpoints come first in its migrations.
      migrations: [
        CreateEventStore1764400000000,
        CreateProjectionCheckpoints1764500000000,
        CreateIdempotencyRequests1796100000000,
        AnnounceAppends1796400000000,
        StopAnnouncingAppendsByTrigger1796600000000,
        ...asArray(options.migrations),
      ],
      entities: options.entities,
    };
    return {
      module: PlatformModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config)),
        TypeOrmModule.forRootAsync({
          useFactory: () => serviceDataSourceOptions(database),
          dataSourceFactory: () => openServiceDatabase(database),
        }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        ThrottlerModule.forRoot(rateLimitOptions(config.rateLimits)),
      ],
      controllers: [HealthController, MetricsController, ProjectionsAdminController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_ENV, useValue: env },
        // Every route takes HTTP_BODY_LIMIT unless a module declares otherwise (routeBodyLimits).
        { provide: ROUTE_BODY_LIMITS, useValue: [] },
        {
          provide: KAFKA,
          useFactory: (serviceConfig: ServiceConfig) =>
            createKafkaClient({
              clientId: serviceConfig.service,
              brokers: serviceConfig.kafkaBrokers,
            }),
          inject: [SERVICE_CONFIG],
        },
        { provide: TokenVerifier, useValue: TokenVerifier.fromConfig(config.auth) },
        {
          provide: EVENT_STORE,
          useFactory: (dataSource: DataSource) =>
            new PostgresEventStore(postgresPool(dataSource), {
              schema: config.databaseSchema,
              // The relay may lead in another process or thread (BACKGROUND_WORK,
              // BACKGROUND_THREAD, replicas): tell it.
              announceAcrossProcesses: true,
            }),
          inject: [getDataSourceToken()],
        },
        OutboxRelayService,
        ProjectionHost,
        BackgroundThread,
        KeepAliveOnShutdown,
        {
          provide: ERROR_MAPPINGS,
          useValue: [...EVENT_SOURCING_ERRORS, ...(options.errorMappings ?? [])],
        },
        Metrics,
        CommandMetrics,
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyKeyInterceptor },
        // Limits first: a flood of bad tokens is throttled before any is verified.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useFactory: platformValidationPipe },
      ],
      exports: [
        SERVICE_CONFIG,
        SERVICE_ENV,
        KAFKA,
        EVENT_STORE,
        Metrics,
        TokenVerifier,
        OutboxRelayService,
        ProjectionHost,
      ],
    };
  }
}
