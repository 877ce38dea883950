import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

/**
 * The request's correlation id (the platform's logging sets it from X-Correlation-Id or a fresh
 * UUID), recorded in the events a command appends so they can be traced to the request.
 */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<IncomingMessage & { id?: unknown }>();
  return String(request.id ?? '');
});
