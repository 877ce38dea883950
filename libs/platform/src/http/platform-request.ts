import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/principal';

/**
 * What the platform reads from and attaches to Express's request, typed without Express's types.
 * `id`, the correlation id, comes from pino-http's augmentation of IncomingMessage.
 */
export interface PlatformRequest extends IncomingMessage {
  /** The verified caller, set by the auth guard. */
  principal?: Principal;
  /** The matched route; Express sets it once a route handles the request. */
  route?: { readonly path?: unknown };
  originalUrl?: string;
}

/** The request path without its query string (which may carry anything). */
export function requestPath(request: PlatformRequest): string {
  const url = request.originalUrl ?? request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
