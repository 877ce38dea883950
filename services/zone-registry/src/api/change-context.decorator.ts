import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { parseIdempotencyKey, parseIfMatch, type Principal } from '@zoneledger/platform';
import type { IncomingMessage } from 'node:http';
import type { CommandContext } from '../application/zone-command';
import { correlationIdOf } from './correlation-id.decorator';

// Every change to a zone reads the same four things from its request; one parameter gathers
// them so each endpoint states only its route, its body and the command it builds.

/** What the platform attaches to an authenticated request (the auth guard sets `principal`). */
type ChangeRequest = IncomingMessage & { principal?: Principal; id?: unknown };

/**
 * The command context of a change request: the caller (the token's subject), the correlation id,
 * the version If-Match names and the Idempotency-Key. Malformed headers are refused (400) just
 * as @IfMatch() and @IdempotencyKey() refuse them.
 */
export const ChangeContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<ChangeRequest>();
    if (request.principal === undefined)
      throw new Error('@ChangeContext() used on a handler that is not authenticated');
    const key = request.headers['idempotency-key'];
    return {
      actor: request.principal.sub,
      correlationId: correlationIdOf(request),
      expectedVersion: parseIfMatch(request.headers['if-match']),
      idempotencyKey: parseIdempotencyKey(Array.isArray(key) ? key.join(', ') : key),
    };
  },
);

/** Documents the two optional headers ChangeContext reads. */
export const ApiChangeHeaders = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The ETag the change is based on, e.g. "3": 409 CONCURRENCY.CONFLICT when the zone has moved on',
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Makes a retry harmless: a repeated key answers with the first result',
    }),
  );
