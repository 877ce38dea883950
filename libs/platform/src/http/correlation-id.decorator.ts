import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

/** The correlation id the platform's logging gave the request (from X-Correlation-Id or a fresh UUID). */
export function correlationIdOf(request: IncomingMessage & { id?: unknown }): string {
  return String(request.id ?? '');
}

/**
 * The request's correlation id, recorded in the events a command appends so they can be traced
 * to the request.
 */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  correlationIdOf(context.switchToHttp().getRequest<IncomingMessage & { id?: unknown }>()),
);
