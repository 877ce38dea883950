import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import type { Role } from '../auth/principal';
import { ApiIdempotencyKeyHeader } from '../concurrency/command-context';
import { ETagFromVersion } from '../concurrency/etag.interceptor';
import { ApiProblemResponses } from './api-problem-responses.decorator';
import { ApiVersionedResponse } from './api-versioned-response.decorator';

/** What a command endpoint is, for its decorators. */
export interface CommandEndpointOptions {
  /** Who may send it. */
  readonly roles: readonly [Role, ...Role[]];
  readonly summary: string;
  readonly description?: string;
  /** The answer's status (default 201) and body (a command result with the stream's version). */
  readonly status?: 200 | 201;
  readonly type: Type<{ version: number }>;
  /** What the answer means, e.g. "Recorded (or already so)". */
  readonly answer: string;
  /** The problem statuses it may answer. */
  readonly problems: readonly number[];
}

/**
 * Everything a command endpoint of any service declares besides its route: the roles allowed,
 * the ETag of the version it leaves, the Idempotency-Key header, its answer and its problems in
 * OpenAPI. With `@Post(path)` (or another method) it makes the endpoint.
 */
export function CommandEndpoint(options: CommandEndpointOptions): MethodDecorator {
  return applyDecorators(
    Roles(...options.roles),
    ETagFromVersion(),
    ApiOperation({
      summary: options.summary,
      ...(options.description ? { description: options.description } : {}),
    }),
    ApiIdempotencyKeyHeader(),
    ApiVersionedResponse(options.status ?? 201, options.type, options.answer),
    ApiProblemResponses(...options.problems),
  );
}
