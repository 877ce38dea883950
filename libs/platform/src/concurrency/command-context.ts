import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { correlationIdOf } from '../logging/logging';
import type { PlatformRequest } from '../http/platform-request';
import { parseIfMatch } from './if-match';
import { keyedRequestOf } from './keyed-request';

/** Who issued a command and how: recorded as the events' metadata; the key makes a retry harmless. */
export interface CommandContext {
  readonly actor: string;
  readonly correlationId: string;
  readonly idempotencyKey?: string;
  /** What the request under the key asked for (requestFingerprint); set with the key. */
  readonly idempotencyFingerprint?: string;
  /** The version the caller's If-Match names; undefined when it sent none. */
  readonly expectedVersion?: number;
}

type CommandRequest = PlatformRequest & { id?: unknown; body?: unknown; method?: string };

/**
 * The command context of a request: the caller (the token's subject), the correlation id, the
 * version If-Match names, and the Idempotency-Key with the request's fingerprint. Malformed
 * headers are refused (400) just as @IfMatch() and @IdempotencyKey() refuse them.
 */
export const ChangeContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    if (request.principal === undefined)
      throw new Error('@ChangeContext() used on a handler that is not authenticated');
    const keyed = keyedRequestOf(request);
    return {
      actor: request.principal.sub,
      correlationId: request.id === undefined ? correlationIdOf(request) : String(request.id),
      expectedVersion: parseIfMatch(request.headers['if-match']),
      ...(keyed && { idempotencyKey: keyed.key, idempotencyFingerprint: keyed.fingerprint }),
    };
  },
);

/** Documents the Idempotency-Key header ChangeContext reads (for commands that create). */
export const ApiIdempotencyKeyHeader = (): ClassDecorator & MethodDecorator =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes a retry harmless: a repeated key answers with the first result; the same key with a different request is refused (422 IDEMPOTENCY.KEY_REUSED)',
  });

/** Documents the two optional headers ChangeContext reads (for commands on an existing aggregate). */
export const ApiChangeHeaders = (subject: string): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: `The ETag the change is based on, e.g. "3": 409 CONCURRENCY.CONFLICT when the ${subject} has moved on`,
    }),
    ApiIdempotencyKeyHeader(),
  );
