import { createHash } from 'node:crypto';

/**
 * A digest of what a request asks for (method, path, body) to store beside its Idempotency-Key:
 * a retry has the same one, another request under the same key does not. Object members are
 * taken in sorted order, so a client that re-serialises the body differently still matches.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n`)
    .update(canonicalJson(body) ?? '')
    .digest('base64url');
}

/** JSON with object members in sorted order; undefined for undefined (no body). */
function canonicalJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item) ?? 'null').join(',')}]`;
  }
  const members = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const member = canonicalJson((value as Record<string, unknown>)[key]);
      return member === undefined ? [] : [`${JSON.stringify(key)}:${member}`];
    });
  return `{${members.join(',')}}`;
}
