/** Calls a service's API as one caller: JSON bodies, a bearer token that headers may replace. */
export type ApiCall = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Response>;

/** An ApiCall to the service at `baseUrl` with `token` (an `authorization` header overrides it). */
export function apiCaller(baseUrl: string, token: string): ApiCall {
  return (method, path, body, headers = {}) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}
