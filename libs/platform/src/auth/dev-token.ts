import { SignJWT } from 'jose';
import type { Role } from './principal';

export interface DevTokenRequest {
  readonly secret: string;
  readonly sub: string;
  readonly roles: readonly Role[];
  /** Lifetime such as `1h`, `30m` or `2d`. */
  readonly ttl?: string;
  readonly issuer?: string;
  readonly audience?: string;
}

/** Lifetimes jose reads: a number and a unit (s, m, h, d). */
export const TTL_PATTERN = /^\d+(s|m|h|d)$/;

/** Signs an HS256 token as the services expect it; for development and tests, never production. */
export async function mintDevToken(request: DevTokenRequest): Promise<string> {
  const ttl = request.ttl ?? '1h';
  if (!TTL_PATTERN.test(ttl)) throw new Error(`ttl must look like 30m, 1h or 2d, got "${ttl}"`);
  return new SignJWT({ roles: [...request.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(request.issuer ?? 'zoneledger')
    .setAudience(request.audience ?? 'zoneledger')
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(request.secret));
}
