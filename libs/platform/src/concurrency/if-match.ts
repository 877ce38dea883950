import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { InvalidHeaderError } from '../problems/request-errors';

/** The ETag of a stream or view at a version: `"7"` (strong; versions are exact). */
export function etagFor(version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new RangeError(`A version is a non-negative integer, got ${version}`);
  }
  return `"${version}"`;
}

/**
 * The version an If-Match header expects: `"7"` and `W/"7"` both mean 7; absent or `*` (any
 * version) mean undefined. Anything else, lists included, is a 400 REQUEST.INVALID_IF_MATCH.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(value);
  if (!match) {
    throw new InvalidHeaderError(
      'REQUEST.INVALID_IF_MATCH',
      `If-Match must be one ETag such as "7" (the version the change is based on), got ${JSON.stringify(header)}`,
    );
  }
  return Number(match[1]);
}

/** The version the caller's If-Match header expects, or undefined when it sent none. */
export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  parseIfMatch(context.switchToHttp().getRequest<IncomingMessage>().headers['if-match']),
);
