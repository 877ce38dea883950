import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { domainTopicSpecs, physicalTopic, provisionTopics } from '@zoneledger/messaging';
import { installProjection, ProjectionRunner, type Projection } from '@zoneledger/projections';
import type { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import type { ServiceConfig } from '../config/service-config';
import { Metrics } from '../metrics/metrics';
import { KAFKA, SERVICE_CONFIG } from '../tokens';

/** Where one hosted projection stands, for health and operators. */
export interface HostedProjectionStatus {
  readonly state: 'starting' | 'running' | 'stopped';
  /** Events written to its topics and not yet applied; absent until it runs. */
  readonly lag?: number;
  readonly applied: number;
  readonly deadLettered: number;
  readonly lastError?: string;
}

interface Hosted {
  readonly projection: Projection;
  /** A fresh runner per start attempt: a kafkajs consumer that failed to join is not reused. */
  runner: ProjectionRunner;
  state: HostedProjectionStatus['state'];
  lastError?: string;
}

/**
 * Runs a service's projections: each in its own consumer group (`<service>.<projection>`),
 * started in the background and retried while Kafka is away, so a service boots and takes
 * commands without the broker. Publishes lag, applied and dead-lettered counts as metrics.
 */
@Injectable()
export class ProjectionHost implements BeforeApplicationShutdown {
  private readonly hosted = new Map<string, Hosted>();
  private stopping = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
    metrics: Metrics,
  ) {
    logger.setContext('ProjectionHost');
    const byProjection = ['projection'] as const;
    metrics.gauge(
      'zoneledger_projection_lag_events',
      'Events on a projection topic partition not yet applied to its read model',
      ['projection', 'topic', 'partition'],
      async (gauge) => {
        gauge.reset();
        for (const [name, { runner, state }] of this.hosted) {
          if (state !== 'running') continue;
          for (const { topic, partition, lag } of await runner.lag()) {
            gauge.set({ projection: name, topic, partition: String(partition) }, lag);
          }
        }
      },
    );
    metrics.gauge(
      'zoneledger_projection_applied_events',
      'Events applied to a read model since start',
      byProjection,
      (gauge) => {
        for (const [name, { runner }] of this.hosted)
          gauge.set({ projection: name }, runner.counters().applied);
      },
    );
    metrics.gauge(
      'zoneledger_dead_lettered_events',
      'Messages a projection sent to its dead-letter topic since start',
      byProjection,
      (gauge) => {
        for (const [name, { runner }] of this.hosted)
          gauge.set({ projection: name }, runner.counters().deadLettered);
      },
    );
  }

  /**
   * Hosts a projection: its read-model tables exist when this resolves (queries can run), and
   * it starts consuming as soon as Kafka answers.
   */
  async host(projection: Projection): Promise<void> {
    await installProjection(this.dataSource, projection);
    const hosted: Hosted = { projection, runner: this.runnerFor(projection), state: 'starting' };
    this.hosted.set(projection.name, hosted);
    void this.startWithRetries(hosted);
  }

  /** The runner of a hosted projection (replaced while it retries its start). */
  runner(name: string): ProjectionRunner | undefined {
    return this.hosted.get(name)?.runner;
  }

  private runnerFor(projection: Projection): ProjectionRunner {
    return new ProjectionRunner({
      dataSource: this.dataSource,
      kafka: this.kafka,
      projection,
      groupId: `${this.config.topicPrefix}${this.config.service}.${projection.name}`,
      logger: {
        info: (fields, message) => this.logger.info(fields, message),
        warn: (fields, message) => this.logger.warn(fields, message),
        error: (fields, message) => this.logger.error(fields, message),
      },
    });
  }

  /** Every hosted projection's state and lag. */
  async status(): Promise<Record<string, HostedProjectionStatus>> {
    const result: Record<string, HostedProjectionStatus> = {};
    for (const [name, { runner, state, lastError }] of this.hosted) {
      const { applied, deadLettered } = runner.counters();
      const lag =
        state === 'running'
          ? (await runner.lag().catch(() => [])).reduce((sum, partition) => sum + partition.lag, 0)
          : undefined;
      result[name] = {
        state,
        applied,
        deadLettered,
        ...(lag === undefined ? {} : { lag }),
        ...(lastError ? { lastError } : {}),
      };
    }
    return result;
  }

  // Before TypeORM closes the pool on application shutdown: the last batch still commits.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const hosted of this.hosted.values()) {
      if (hosted.state === 'running') await hosted.runner.stop();
      hosted.state = 'stopped';
    }
  }

  private async startWithRetries(hosted: Hosted): Promise<void> {
    const { projection } = hosted;
    for (let attempt = 1; !this.stopping; attempt += 1) {
      try {
        // The consumer must not subscribe before its topics exist, nor let the broker invent them.
        const { partitions, replicationFactor } = this.config.kafkaTopics;
        const specs = domainTopicSpecs(partitions, replicationFactor).filter((spec) =>
          projection.topics.includes(physicalTopic(this.config.topicPrefix, spec.topic)),
        );
        await provisionTopics(this.kafka, specs, { prefix: this.config.topicPrefix });
        await hosted.runner.start();
        if (this.stopping) {
          await hosted.runner.stop();
          return;
        }
        hosted.state = 'running';
        hosted.lastError = undefined;
        return;
      } catch (error) {
        hosted.lastError = error instanceof Error ? error.message : String(error);
        const delay = Math.min(10_000, 250 * 2 ** (attempt - 1));
        this.logger.warn(
          { projection: projection.name, error: hosted.lastError, retryInMs: delay },
          'projection could not start; retrying',
        );
        await hosted.runner.stop().catch(() => undefined);
        hosted.runner = this.runnerFor(projection);
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }
}
