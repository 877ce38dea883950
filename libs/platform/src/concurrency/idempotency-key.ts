import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { InvalidHeaderError } from '../problems/request-errors';

export interface IdempotencyKeyOptions {
  /** Refuse the request (400) when the header is absent. */
  readonly required?: boolean;
}

/** 1-200 printable ASCII characters: a UUID or any client-chosen token fits. */
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,200}$/;

/**
 * Reads an Idempotency-Key header: undefined when absent (unless required); a 400
 * REQUEST.INVALID_IDEMPOTENCY_KEY when empty, too long or holding unprintable characters.
 */
export function parseIdempotencyKey(
  header: string | undefined,
  options: IdempotencyKeyOptions = {},
): string | undefined {
  if (header === undefined) {
    if (options.required) {
      throw new InvalidHeaderError(
        'REQUEST.INVALID_IDEMPOTENCY_KEY',
        'This operation needs an Idempotency-Key header',
      );
    }
    return undefined;
  }
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new InvalidHeaderError(
      'REQUEST.INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 1 to 200 printable ASCII characters',
    );
  }
  return header;
}

/** The request's Idempotency-Key header, validated as parseIdempotencyKey does. */
export function idempotencyKeyOf(
  request: IncomingMessage,
  options: IdempotencyKeyOptions = {},
): string | undefined {
  const header = request.headers['idempotency-key'];
  return parseIdempotencyKey(Array.isArray(header) ? header.join(', ') : header, options);
}

/** The request's Idempotency-Key header, validated; `@IdempotencyKey({ required: true })` demands it. */
export const IdempotencyKey = createParamDecorator(
  (options: IdempotencyKeyOptions | undefined, context: ExecutionContext) =>
    idempotencyKeyOf(context.switchToHttp().getRequest<IncomingMessage>(), options),
);
