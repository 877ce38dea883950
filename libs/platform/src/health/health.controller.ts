import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { kafkaAnswers } from '@zoneledger/messaging';
import type { Kafka } from 'kafkajs';
import { Public } from '../auth/auth.decorators';
import { ProblemError } from '../problems/problem-error';
import { ProjectionHost } from '../event-sourcing/projection-host';
import { KAFKA } from '../tokens';

/** A dependency the service needs does not answer; the problem lists every check's state. */
export class ServiceNotReadyError extends ProblemError {
  readonly code = 'HEALTH.NOT_READY';
  readonly status = 503;
  override readonly title = 'Service not ready';

  constructor(readonly checks: HealthCheckResult['details']) {
    const down = Object.entries(checks)
      .filter(([, check]) => check.status !== 'up')
      .map(([name]) => name);
    super(`Not ready: ${down.join(', ') || 'a check failed'} down`);
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { checks: this.checks };
  }
}

const KAFKA_UNREACHABLE =
  'no broker answered a metadata request: commands are still recorded, and published when one answers';

/**
 * Liveness says the process serves HTTP. Readiness says it can take requests: Postgres answers
 * (every command and read needs it). Kafka is reported but does not make the service unready:
 * commands are recorded in the event store (the outbox) and published once a broker answers,
 * so taking replicas out of service during a broker outage would refuse writes for nothing.
 * Projections' states and lags are informational too.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly projections: ProjectionHost,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  async ready() {
    try {
      return await this.health.check([
        () => this.database.pingCheck('postgres', { timeout: 2000 }),
        async () => {
          const kafka = this.indicators.check('kafka');
          return (await kafkaAnswers(this.kafka, 2000))
            ? kafka.up()
            : kafka.up({ broker: 'unreachable', detail: KAFKA_UNREACHABLE });
        },
        // Informational: a read model behind its topic still serves (older) answers.
        async () => this.indicators.check('projections').up(await this.projections.status()),
      ]);
    } catch (error) {
      // Terminus answers 503 with its own body; every error here is problem+json.
      if (error instanceof ServiceUnavailableException) {
        throw new ServiceNotReadyError((error.getResponse() as HealthCheckResult).details);
      }
      throw error;
    }
  }
}
