import type { ServerResponse } from 'node:http';
import { unreadableRequestTarget } from '../input/request-target';
import { MalformedUrlError } from '../problems/request-errors';
import type { PlatformRequest } from './platform-request';

/** Refuses (400) a request whose path or query holds a bad escape or a control character. */
export function refuseUnreadableRequestTargets(
  request: PlatformRequest,
  _response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const problem = unreadableRequestTarget(request.originalUrl ?? request.url ?? '/');
  next(problem && new MalformedUrlError(`The URL cannot be read: ${problem}`));
}
