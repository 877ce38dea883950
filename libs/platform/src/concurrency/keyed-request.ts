import { requestPath, type PlatformRequest } from '../http/platform-request';
import { idempotencyKeyOf } from './idempotency-key';
import { requestFingerprint } from './request-fingerprint';

/** A request's Idempotency-Key and the fingerprint of what it asks for. */
export interface KeyedRequest {
  readonly key: string;
  readonly fingerprint: string;
}

type RequestWithBody = PlatformRequest & { body?: unknown; method?: string };

// The interceptor binding the key and the handler's ChangeContext both need it; a large body
// (an import) is canonicalised and hashed once.
const computed = new WeakMap<object, KeyedRequest | null>();

/**
 * The request's Idempotency-Key (400 when malformed) with its fingerprint (method, path, body);
 * undefined when it sends no key. Computed once per request.
 */
export function keyedRequestOf(request: RequestWithBody): KeyedRequest | undefined {
  const known = computed.get(request);
  if (known !== undefined) return known ?? undefined;
  const key = idempotencyKeyOf(request);
  const keyed =
    key === undefined
      ? null
      : {
          key,
          fingerprint: requestFingerprint(request.method ?? '', requestPath(request), request.body),
        };
  computed.set(request, keyed);
  return keyed ?? undefined;
}
