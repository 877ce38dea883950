import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule } from '@zoneledger/platform';
import { NOTIFIER_ERROR_MAPPINGS } from './api/notifier-error-mappings';
import { SubscriptionsHttpController } from './api/subscriptions.http.controller';
import {
  EndpointAddresses,
  HOST_LOOKUP,
  systemLookup,
  type HostLookup,
} from './application/endpoint-addresses';
import { notifierConfigProvider } from './application/notifier-config';
import { PostgresListener } from './application/postgres-listener';
import { SubscriptionStreams } from './application/subscription-streams';
import { SubscriptionCommandHandlers } from './application/subscription.handlers';
import { WebhookSecrets } from './application/webhook-secrets';
import { DELIVERY_CONTROLLERS, DELIVERY_PROVIDERS } from './delivery/delivery.providers';
import { EMAIL_CONTROLLERS, EMAIL_PROVIDERS } from './email/email.providers';
import { INTAKE_CONTROLLERS, INTAKE_PROVIDERS } from './intake/intake.providers';
import { NotifierMigrations } from './migrations';
import { SubscriptionQueries } from './queries/subscription.queries';
import { STREAM_CONTROLLERS, STREAM_PROVIDERS } from './stream/stream.providers';

export interface NotifierOptions {
  /** How webhook hosts are resolved (default: the system resolver); tests give names of their own. */
  readonly lookup?: HostLookup;
}

/**
 * The notifier's HTTP API, command handlers, reads and workers (no platform): subscriptions; the
 * intake that turns domain events into notifications; their delivery by webhook and e-mail; the
 * live stream.
 */
@Module({})
export class NotifierModule {
  static forRoot(options: NotifierOptions = {}): DynamicModule {
    return {
      module: NotifierModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        SubscriptionsHttpController,
        ...DELIVERY_CONTROLLERS,
        ...STREAM_CONTROLLERS,
        ...EMAIL_CONTROLLERS,
        ...INTAKE_CONTROLLERS,
      ],
      providers: [
        notifierConfigProvider,
        { provide: HOST_LOOKUP, useValue: options.lookup ?? systemLookup },
        EndpointAddresses,
        PostgresListener,
        WebhookSecrets,
        SubscriptionStreams,
        ...SubscriptionCommandHandlers,
        SubscriptionQueries,
        ...INTAKE_PROVIDERS,
        ...DELIVERY_PROVIDERS,
        ...STREAM_PROVIDERS,
        ...EMAIL_PROVIDERS,
      ],
    };
  }
}

/** The notifier service: the platform and the notifier. */
@Module({
  imports: [
    PlatformModule.forService({
      service: 'notifier',
      port: 3104,
      databaseSchema: 'notifier',
      migrations: NotifierMigrations,
      entities: [],
      errorMappings: NOTIFIER_ERROR_MAPPINGS,
    }),
    NotifierModule.forRoot(),
  ],
})
export class AppModule {}
