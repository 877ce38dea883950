import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PostgresEventStore } from '@zoneledger/event-store';
import { domainTopicSpecs, OutboxRelay, provisionTopics } from '@zoneledger/messaging';
import type { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { ServiceConfig } from '../config/service-config';
import { Metrics } from '../metrics/metrics';
import { EVENT_STORE, KAFKA, SERVICE_CONFIG } from '../tokens';

/** Runs the service's outbox relay for as long as the app runs, and exposes its lag. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(EVENT_STORE) store: PostgresEventStore,
    @Inject(KAFKA) kafka: Kafka,
    @InjectDataSource() dataSource: DataSource,
    metrics: Metrics,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('OutboxRelay');
    this.relay = new OutboxRelay({
      store,
      pool: postgresPool(dataSource),
      kafka,
      source: `/zoneledger/${config.service}`,
      topicPrefix: config.topicPrefix,
      log: (level, message, extra) => logger[level](extra ?? {}, message),
      // The relay never lets Kafka invent a topic: it creates the domain topics as configured.
      prepare: async () => {
        const { partitions, replicationFactor } = config.kafkaTopics;
        const report = await provisionTopics(
          kafka,
          domainTopicSpecs(partitions, replicationFactor),
          {
            prefix: config.topicPrefix,
          },
        );
        for (const problem of report.problems)
          logger.warn({ problem }, 'domain topic differs from its configuration');
      },
    });
    // Reported by the process or thread that runs the relay: there it leads or stands by.
    if (!config.backgroundWork.relay) return;
    metrics.gauge(
      'zoneledger_relay_lag_events',
      'Events recorded but not yet published to Kafka',
      [],
      async (gauge) => gauge.set(await this.relay.lag()),
    );
    metrics.gauge(
      'zoneledger_relay_leader',
      '1 while this instance publishes the outbox',
      [],
      (gauge) => gauge.set(this.relay.status().leader ? 1 : 0),
    );
    metrics.gauge(
      'zoneledger_relay_published_events',
      'Events this instance published since it started',
      [],
      (gauge) => gauge.set(this.relay.status().published),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.backgroundWork.relay) this.relay.start();
    else if (this.config.backgroundThreadWork.relay)
      this.logger.info('outbox published by the background thread (BACKGROUND_THREAD)');
    else this.logger.info('outbox published by another process (BACKGROUND_WORK leaves out relay)');
  }

  // Before TypeORM closes the pool on application shutdown: the last batch still commits.
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/** The pg pool TypeORM opened for the service's schema (search_path already set). */
export function postgresPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
