import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Topics } from '@zoneledger/contracts';
import { domainTopicSpecs, physicalTopic, provisionTopics } from '@zoneledger/messaging';
import { KAFKA, SERVICE_CONFIG, type ServiceConfig } from '@zoneledger/platform';
import { ProjectionRunner } from '@zoneledger/projections';
import type { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { ZONE_VIEW, zoneViewProjection } from './zone-view.projection';

/** Keeps the zone_view read model up to date from the zones topic while the service runs. */
@Injectable()
export class ZoneViewRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runner: ProjectionRunner;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @InjectDataSource() dataSource: DataSource,
    logger: PinoLogger,
  ) {
    logger.setContext('ZoneViewProjection');
    this.runner = new ProjectionRunner({
      dataSource,
      kafka,
      projection: zoneViewProjection(physicalTopic(config.topicPrefix, Topics.zones)),
      groupId: `${config.topicPrefix}zone-registry.${ZONE_VIEW}`,
      logger: {
        info: (fields, message) => logger.info(fields, message),
        warn: (fields, message) => logger.warn(fields, message),
        error: (fields, message) => logger.error(fields, message),
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // The relay creates the domain topics too, but in the background: the consumer must not
    // subscribe before the zones topic exists (nor let the broker invent it).
    const { partitions, replicationFactor } = this.config.kafkaTopics;
    await provisionTopics(this.kafka, domainTopicSpecs(partitions, replicationFactor), {
      prefix: this.config.topicPrefix,
    });
    await this.runner.start();
  }

  // Before TypeORM closes the pool on application shutdown: the last batch still commits.
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
