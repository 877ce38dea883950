import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { domainTopicSpecs, physicalTopic, provisionTopics } from '@zoneledger/messaging';
import {
  installProjection,
  ProjectionRunner,
  rebuildProjection,
  type Projection,
  type ProjectionLag,
  type ProjectionRunnerOptions,
  type RebuildReport,
} from '@zoneledger/projections';
import type { Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { BackgroundThread } from '../background/background-thread';
import type { ServiceConfig } from '../config/service-config';
import { separatePool } from '../database/database';
import { Metrics } from '../metrics/metrics';
import { KAFKA, SERVICE_CONFIG } from '../tokens';
import {
  ProjectionRebuildRunningError,
  ServiceStoppingError,
  UnknownProjectionError,
} from './projection-errors';

/** Where one hosted projection stands, for health and operators. */
export interface HostedProjectionStatus {
  readonly state: 'starting' | 'running' | 'stopped';
  /** Events written to its topics and not yet applied; absent until it runs. */
  readonly lag?: number;
  readonly applied: number;
  readonly deadLettered: number;
  /** Events of types this build has no contract for (a newer producer's), passed over. */
  readonly unknownTypes: number;
  readonly lastError?: string;
}

/** A rebuild of a hosted projection (see rebuildProjection), as this replica started it. */
export interface ProjectionRebuildStatus {
  readonly projection: string;
  readonly state: 'running' | 'completed' | 'failed';
  readonly startedAt: Date;
  readonly finishedAt?: Date;
  /** What the rebuild did, once completed. */
  readonly report?: RebuildReport;
  /** Why it failed, e.g. PROJECTIONS.REBUILD_CONFLICT when another replica rebuilds it. */
  readonly error?: { readonly code?: string; readonly message: string };
}

/**
 * Connections of the projections' own pool: each projection applies one batch at a time, and a
 * service hosts a few.
 */
const PROJECTION_POOL_SIZE = 4;

/** Longest a readiness probe or a metrics scrape waits for a projection's lag. */
const LAG_DEADLINE_MS = 1000;

interface Rebuild {
  status: ProjectionRebuildStatus;
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

interface Hosted {
  readonly projection: Projection;
  /** A fresh runner per start attempt: a kafkajs consumer that failed to join is not reused. */
  runner: ProjectionRunner;
  state: HostedProjectionStatus['state'];
  lastError?: string;
  /** Settles when its consumer has started, or given up because the service stops. */
  started?: Promise<void>;
}

/**
 * Runs a service's projections: each in its own consumer group (`<service>.<projection>`),
 * started in the background and retried while Kafka is away, so a service boots and takes
 * commands without the broker. Publishes lag, applied and dead-lettered counts as metrics.
 */
@Injectable()
export class ProjectionHost implements BeforeApplicationShutdown {
  private readonly hosted = new Map<string, Hosted>();
  private readonly rebuilds = new Map<string, Rebuild>();
  private stopping = false;
  /** Aborted when the service stops: cuts a start attempt's backoff short. */
  private readonly shutdown = new AbortController();
  /**
   * The projections apply their batches through a pool of their own: on the service's pool, a
   * batch's four round trips each waited for a connection behind HTTP commands under load.
   */
  private readonly pool: DataSource;
  private poolOpened?: Promise<unknown>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
    metrics: Metrics,
    private readonly thread: BackgroundThread,
  ) {
    logger.setContext('ProjectionHost');
    this.pool = separatePool(dataSource, 'projections', PROJECTION_POOL_SIZE);
    const byProjection = ['projection'] as const;
    metrics.gauge(
      'zoneledger_projection_lag_events',
      'Events on a projection topic partition not yet applied to its read model',
      ['projection', 'topic', 'partition'],
      async (gauge) => {
        gauge.reset();
        for (const [name, { runner, state }] of this.hosted) {
          if (state !== 'running') continue;
          for (const { topic, partition, lag } of (await this.lagWithin(runner)) ?? []) {
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
   * it starts consuming as soon as Kafka answers, unless this process leaves projections to
   * another (BACKGROUND_WORK) or to its background thread (BACKGROUND_THREAD), which hosts it
   * there.
   */
  async host(projection: Projection): Promise<void> {
    await installProjection(this.dataSource, projection);
    if (!this.config.backgroundWork.projections) {
      this.logger.info(
        { projection: projection.name },
        this.config.backgroundThreadWork.projections
          ? 'projection kept by the background thread (BACKGROUND_THREAD)'
          : 'projection kept by another process (BACKGROUND_WORK leaves out projections)',
      );
      return;
    }
    this.poolOpened ??= this.pool.initialize().catch((error: unknown) => {
      this.poolOpened = undefined;
      throw error;
    });
    await this.poolOpened;
    const hosted: Hosted = { projection, runner: this.runnerFor(projection), state: 'starting' };
    this.hosted.set(projection.name, hosted);
    hosted.started = this.startWithRetries(hosted);
  }

  /** The runner of a hosted projection (replaced while it retries its start). */
  runner(name: string): ProjectionRunner | undefined {
    return this.hosted.get(name)?.runner;
  }

  // Lag asks Kafka for the partitions' ends, and the client retries an unreachable broker for
  // most of a minute: readiness and metrics must answer within their probes' deadlines, without it.
  private lagWithin(runner: ProjectionRunner): Promise<ProjectionLag[] | undefined> {
    return Promise.race([
      runner.lag().catch(() => undefined),
      sleep(LAG_DEADLINE_MS, undefined, { ref: false }),
    ]);
  }

  /**
   * Starts rebuilding a hosted projection from the start of its topics, in the background and
   * without downtime (rebuildProjection): reads keep the current generation until the new one
   * has caught up. One rebuild per projection at a time; the database lock also keeps other
   * replicas from rebuilding it at once (their attempt fails with PROJECTIONS.REBUILD_CONFLICT).
   * Asks the background thread when it hosts the projections.
   */
  async rebuild(name: string): Promise<ProjectionRebuildStatus> {
    if (this.thread.running) return this.thread.call('projections.rebuild', name);
    // The background thread has stopped: the service is stopping.
    if (this.config.backgroundThreadWork.projections) throw new ServiceStoppingError();
    const hosted = this.hosted.get(name);
    if (!hosted) throw new UnknownProjectionError(name, [...this.hosted.keys()]);
    // HTTP still answers while the service stops; a rebuild started now would outlive it.
    if (this.stopping) throw new ServiceStoppingError();
    if (this.rebuilds.get(name)?.status.state === 'running')
      throw new ProjectionRebuildRunningError(name);
    const abort = new AbortController();
    const status: ProjectionRebuildStatus = {
      projection: name,
      state: 'running',
      startedAt: new Date(),
    };
    // On the service's pool, as before: a rebuild's bulk writes would hold the projections' own.
    const done = rebuildProjection({
      ...this.runnerOptions(hosted.projection),
      dataSource: this.dataSource,
      signal: abort.signal,
    }).then(
      (report) => this.finishRebuild(name, { report, state: 'completed' }),
      (error: unknown) => this.finishRebuild(name, { state: 'failed', error: errorOf(error) }),
    );
    this.rebuilds.set(name, { status, abort, done });
    this.logger.info({ projection: name }, 'projection rebuild started');
    return status;
  }

  /** The last rebuild of the projection this replica started, if any. */
  async rebuildStatus(name: string): Promise<ProjectionRebuildStatus | undefined> {
    if (this.thread.running) return this.thread.call('projections.rebuildStatus', name);
    if (!this.hosted.has(name)) throw new UnknownProjectionError(name, [...this.hosted.keys()]);
    return this.rebuilds.get(name)?.status;
  }

  private finishRebuild(
    name: string,
    outcome: Pick<ProjectionRebuildStatus, 'state' | 'report' | 'error'>,
  ): void {
    const rebuild = this.rebuilds.get(name);
    if (!rebuild) return;
    rebuild.status = { ...rebuild.status, ...outcome, finishedAt: new Date() };
    if (outcome.state === 'completed') {
      this.logger.info({ projection: name, report: outcome.report }, 'projection rebuilt');
    } else {
      this.logger.error({ projection: name, error: outcome.error }, 'projection rebuild failed');
    }
  }

  private runnerFor(projection: Projection): ProjectionRunner {
    return new ProjectionRunner(this.runnerOptions(projection));
  }

  private runnerOptions(projection: Projection): ProjectionRunnerOptions {
    return {
      dataSource: this.pool,
      kafka: this.kafka,
      projection,
      groupId: `${this.config.topicPrefix}${this.config.service}.${projection.name}`,
      logger: {
        info: (fields, message) => this.logger.info(fields, message),
        warn: (fields, message) => this.logger.warn(fields, message),
        error: (fields, message) => this.logger.error(fields, message),
      },
    };
  }

  /** Every hosted projection's state and lag (the background thread's, when it hosts them). */
  async status(): Promise<Record<string, HostedProjectionStatus>> {
    if (this.thread.running) return this.thread.call('projections.status');
    const statuses = await Promise.all(
      [...this.hosted].map(async ([name, { runner, state, lastError }]) => {
        const { applied, deadLettered, unknownTypes } = runner.counters();
        const partitions = state === 'running' ? await this.lagWithin(runner) : undefined;
        const lag = partitions?.reduce((sum, partition) => sum + partition.lag, 0);
        const status: HostedProjectionStatus = {
          state,
          applied,
          deadLettered,
          unknownTypes,
          ...(lag === undefined ? {} : { lag }),
          ...(lastError ? { lastError } : {}),
        };
        return [name, status] as const;
      }),
    );
    return Object.fromEntries(statuses);
  }

  // Before TypeORM closes the pool on application shutdown: the last batch still commits.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.shutdown.abort();
    // A rebuild stopped halfway drops its unfinished generation; the current one stays.
    for (const rebuild of this.rebuilds.values()) rebuild.abort.abort();
    await Promise.all([...this.rebuilds.values()].map((rebuild) => rebuild.done));
    // A consumer still joining its group is let finish and then stopped by its own attempt:
    // nothing of it may outlive the service (nor the pool TypeORM closes next).
    await Promise.all([...this.hosted.values()].map((hosted) => hosted.started));
    for (const hosted of this.hosted.values()) {
      if (hosted.state === 'running') await hosted.runner.stop();
      hosted.state = 'stopped';
    }
    await this.poolOpened?.catch(() => undefined);
    if (this.pool.isInitialized) await this.pool.destroy();
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
        await sleep(delay, undefined, { signal: this.shutdown.signal }).catch(() => undefined);
      }
    }
  }
}

function errorOf(error: unknown): NonNullable<ProjectionRebuildStatus['error']> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}
