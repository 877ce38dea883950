import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { isTransientDatabaseError } from '@zoneledger/projections';
import { DatabaseUnavailableError } from '../database/database-unavailable.error';
import { requestPath, type PlatformRequest } from '../http/platform-request';
import { ProblemError } from './problem-error';
import { PROBLEM_JSON } from './problem-details';
import { problemFor, type ErrorMapping } from './problem-mapping';

/** Injection token of the service's ErrorMapping list (PlatformOptions.errorMappings). */
export const ERROR_MAPPINGS = Symbol('ERROR_MAPPINGS');

/** Seconds a client is asked to wait before retrying: a pool reconnects within moments. */
const DATABASE_RETRY_AFTER_SECONDS = '1';

/**
 * Renders every error of every HTTP request as application/problem+json. A request that failed on
 * a lost database connection (or a deadlock, or a database refusing connections) is answered
 * 503 DATABASE.UNAVAILABLE with Retry-After, not 500: the failure is the database's passing
 * state, not the request's, and a retry succeeds.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(@Inject(ERROR_MAPPINGS) private readonly mappings: readonly ErrorMapping[]) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    // Errors of Kafka consumers or CQRS handlers are theirs to handle; only HTTP gets documents.
    if (host.getType() !== 'http') throw thrown;
    const error = isTransientDatabaseError(thrown)
      ? Object.assign(new DatabaseUnavailableError(), { cause: thrown })
      : thrown;
    const request = host.switchToHttp().getRequest<PlatformRequest>();
    const response = host.switchToHttp().getResponse<ServerResponse>();
    // Set by correlationIdMiddleware; absent only in an app not set up by configureServiceApp.
    const correlationId = request.id === undefined ? randomUUID() : String(request.id);
    const problem = problemFor(
      error,
      { instance: requestPath(request), correlationId },
      this.mappings,
    );

    if (problem.status >= 500 && error instanceof ProblemError) {
      // A deliberate 5xx (not ready) says what is wrong in its detail; no stack needed.
      this.logger.warn(
        { correlationId, code: problem.code, detail: problem.detail },
        'request refused',
      );
    } else if (problem.status >= 500) {
      this.logger.error({ err: error, correlationId, code: problem.code }, 'request failed');
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.statusCode = problem.status;
    response.setHeader('Content-Type', `${PROBLEM_JSON}; charset=utf-8`);
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="zoneledger"');
    if (error instanceof DatabaseUnavailableError)
      response.setHeader('Retry-After', DATABASE_RETRY_AFTER_SECONDS);
    response.end(JSON.stringify(problem));
  }
}
