import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
  type JWTVerifyResult,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { createSecretKey } from 'node:crypto';
import type { AuthConfig } from '../config/service-config';
import { UnauthenticatedError } from '../problems/request-errors';
import { isRole, type Principal } from './principal';

/** Asymmetric algorithms accepted from a JWKS; HS* there would let a public key act as a secret. */
const JWKS_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** Tolerated clock difference between the token issuer and this service. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Tokens whose verification is remembered: a client sends one token for its whole life. */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * The longest a verification is remembered, whatever the token's `exp`: a key withdrawn from a
 * JWKS stops being honoured within this, as within jose's own cache of the JWKS (10 minutes).
 */
const REMEMBERED_AT_MOST_MS = 10 * 60_000;

/**
 * Verifies bearer tokens (signature, expiry, issuer, audience) and reads their principal. A token
 * found valid is remembered until its `exp` (10 minutes at most), so a client sending the same
 * token with every request has it verified once in a while, not every time (verification was
 * about 3% of a service's CPU under load); remembering never makes a token valid for longer than
 * it is. Only valid tokens are remembered.
 */
export class TokenVerifier {
  private readonly verified = new LRUCache<string, VerifiedToken>({ max: VERIFIED_TOKENS_KEPT });

  private constructor(
    private readonly verifySignature: (
      token: string,
      options: JWTVerifyOptions,
    ) => Promise<JWTVerifyResult>,
    private readonly algorithms: string[],
    private readonly config: AuthConfig,
  ) {}

  /** A verifier for the configured shared secret (HS256) or JWKS URL. */
  static fromConfig(config: AuthConfig): TokenVerifier {
    if (config.jwtSecret !== undefined) {
      // A KeyObject made once: given bytes, jose would import the key again on every request.
      const secret = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
      return new TokenVerifier(
        (token, options) => jwtVerify(token, secret, options),
        ['HS256'],
        config,
      );
    }
    if (config.jwksUrl !== undefined) {
      const keys = createRemoteJWKSet(new URL(config.jwksUrl));
      return new TokenVerifier(
        (token, options) => jwtVerify(token, keys, options),
        JWKS_ALGORITHMS,
        config,
      );
    }
    throw new Error('AuthConfig names neither a JWT secret nor a JWKS URL');
  }

  /** The principal of a valid token; UnauthenticatedError saying why otherwise. */
  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAtMs) return known.principal;
    let payload: JWTPayload;
    try {
      ({ payload } = await this.verifySignature(token, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: this.algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw rejection(error);
    }
    const principal = principalOf(payload);
    // Until `exp` exactly: jose accepts a token a little longer (the clock tolerance), never less.
    const expiresAtMs = Math.min(
      (payload.exp as number) * 1000,
      Date.now() + REMEMBERED_AT_MOST_MS,
    );
    this.verified.set(token, { principal, expiresAtMs });
    return principal;
  }
}

/** A token found valid: its principal, and when it stops being valid. */
interface VerifiedToken {
  readonly principal: Principal;
  readonly expiresAtMs: number;
}

function rejection(error: unknown): unknown {
  // A JWKS endpoint that does not answer is our outage, not the caller's bad token.
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) return error;
  if (error instanceof errors.JWTExpired)
    return new UnauthenticatedError('The bearer token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new UnauthenticatedError(
      `The bearer token's "${error.claim}" claim is not acceptable (${error.reason})`,
    );
  }
  return new UnauthenticatedError('The bearer token is not valid');
}

function principalOf(payload: JWTPayload): Principal {
  const roles = payload.roles ?? [];
  if (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string')) {
    throw new UnauthenticatedError('The bearer token\'s "roles" claim must be an array of strings');
  }
  // Roles this version does not know are ignored, so an issuer can add roles before services do.
  return { sub: payload.sub as string, roles: roles.filter(isRole) };
}
