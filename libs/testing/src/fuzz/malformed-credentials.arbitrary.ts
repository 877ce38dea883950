import fc from 'fast-check';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { requestOf, type FuzzCase, type RequestClass, type RequestParts } from './fuzz-request';
import { nested } from './malformed-json-contents.arbitrary';
import { validParts, type RequestContext } from './valid-requests.arbitrary';

/**
 * Tokens no service may trust, made from a genuine one: signed with another key, `alg: none`,
 * its claims changed under the old signature, and strings that are no token at all.
 */
export async function forgedTokensFrom(
  genuine: string,
  roles: readonly string[],
): Promise<string[]> {
  const [header, payload, signature] = genuine.split('.');
  const claims = claimsOf(payload);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const elevated = encode({ ...claims, roles: [...roles], sub: 'mallory' });
  return [
    await signedWithAnotherKey(claims, roles, '1h'),
    `${encode({ alg: 'none', typ: 'JWT' })}.${elevated}.`,
    `${header}.${elevated}.${signature}`,
    `${header}.${payload}.${(signature ?? '').split('').reverse().join('')}`,
    // Expired an hour ago, signed with another key still.
    await signedWithAnotherKey(claims, roles, '-1h'),
    'not-a-token',
    'a.b.c',
    `${header}.${payload}`,
  ];
}

// A JWT's claims; none when the service's tokens are not JWTs.
function claimsOf(payload: string | undefined): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

// The genuine token's issuer and audience, signed with a key the service does not know (HS256).
function signedWithAnotherKey(
  claims: Record<string, unknown>,
  roles: readonly string[],
  expiresIn: string,
) {
  return new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('mallory')
    .setIssuer(String(claims.iss ?? 'zoneledger'))
    .setAudience(String(claims.aud ?? 'zoneledger'))
    .setIssuedAt()
    .setExpirationTime(expiresIn.startsWith('-') ? Math.floor(Date.now() / 1000) - 3600 : expiresIn)
    .sign(randomBytes(32));
}

/** Classes of requests a service must refuse before anything else: no token, a forged one, the wrong role. */
export function malformedCredentials(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
): RequestClass[] {
  const { operation } = context;
  if (!operation.secured) return [];
  const send = (
    parts: RequestParts,
    note: string,
    headers: Record<string, string | undefined>,
    body?: Buffer,
  ): FuzzCase => {
    const request = requestOf(operation, parts, { expect: 'refusal', note, headers });
    return [body === undefined ? request : { ...request, body }];
  };
  const authorizations = [
    ...context.forgedTokens.map((token, index) => ({
      value: `Bearer ${token}`,
      note: `forged token #${index + 1}`,
    })),
    { value: 'Bearer', note: 'Bearer without a token' },
    { value: 'Basic YWRtaW46YWRtaW4=', note: 'Basic credentials' },
    { value: `Bearer ${'x'.repeat(12_000)}`, note: '12 KB token' },
  ];
  const classes: RequestClass[] = [
    {
      name: 'auth.missing',
      malformed: true,
      fixed: (parts) => [send(parts, 'no Authorization header', {})],
      // Without a token a body is not read: a malformed or huge one must not change the answer's class.
      arbitrary: fc
        .tuple(valid, fc.constantFrom('deep', 'huge', 'garbage'))
        .map(([parts, kind]) =>
          operation.body === undefined
            ? send(parts, 'no Authorization header', {})
            : send(
                { ...parts, mediaType: parts.mediaType ?? 'application/json' },
                `no Authorization header, ${kind} body`,
                { 'content-type': parts.mediaType ?? 'application/json' },
                kind === 'deep'
                  ? Buffer.from(nested('array', 10_000))
                  : kind === 'huge'
                    ? Buffer.from(JSON.stringify({ text: 'x'.repeat(900_000) }))
                    : Buffer.from([0x7b, 0xff, 0x00, 0x22]),
              ),
        ),
    },
    {
      name: 'auth.forged',
      malformed: true,
      fixed: (parts) =>
        authorizations
          .slice(0, 3)
          .map(({ value, note }) => send(parts, note, { authorization: value })),
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...authorizations))
        .map(([parts, { value, note }]) => send(parts, note, { authorization: value })),
    },
  ];
  if (context.wrongRoleToken !== undefined) {
    const token = context.wrongRoleToken;
    classes.push({
      name: 'auth.wrong-role',
      malformed: true,
      arbitrary: valid.map((parts) =>
        send(parts, 'a token of a role not allowed', { authorization: `Bearer ${token}` }),
      ),
    });
  }
  return classes;
}

/**
 * The same Idempotency-Key with a different body: refused (422) once the key was used, never the
 * first body's answer replayed for the second.
 */
export function reusedIdempotencyKeys(context: RequestContext): RequestClass[] {
  const { operation } = context;
  if (!operation.idempotent || operation.method === 'GET' || !operation.body) return [];
  const parts = validParts(context);
  return [
    {
      name: 'idempotency.key-reused',
      malformed: true,
      arbitrary: fc
        .tuple(parts, parts, fc.uuid())
        .filter(([first, second]) => JSON.stringify(first.body) !== JSON.stringify(second.body))
        .map(([first, second, key]) => [
          requestOf(
            operation,
            { ...first, headers: { ...first.headers, 'idempotency-key': key } },
            { token: context.token, expect: 'any', note: `Idempotency-Key ${key}, first body` },
          ),
          // Same path as the first, so only the body differs.
          requestOf(
            operation,
            { ...second, path: first.path, headers: { ...second.headers, 'idempotency-key': key } },
            {
              token: context.token,
              expect: 'refusal-if-previous-accepted',
              note: `Idempotency-Key ${key} again, another body`,
            },
          ),
        ]),
    },
  ];
}
