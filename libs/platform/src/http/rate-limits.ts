import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
} from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { TooManyRequestsError } from '../problems/request-errors';
import type { PlatformRequest } from './platform-request';

/** Requests allowed per window, per bearer token and per client address; 0 turns one off. */
export interface RateLimits {
  readonly perToken: number;
  readonly perAddress: number;
  readonly windowSeconds: number;
}

// Probes and scrapes must never be throttled: a throttled probe restarts a healthy pod.
const UNLIMITED_PATHS = /^\/(health|metrics)(\/|$)/;

/**
 * The throttlers of RateLimits: one counts by token (its digest; the token need not be valid
 * yet, since the guard runs before authentication), one by address. Counts are kept by each
 * replica, so N replicas allow N times the limit (see docs/reliability.md).
 */
export function rateLimitOptions(limits: RateLimits): ThrottlerModuleOptions {
  const ttl = limits.windowSeconds * 1000;
  const throttlers: ThrottlerOptions[] = [];
  if (limits.perToken > 0) {
    throttlers.push({ name: 'token', ttl, limit: limits.perToken, getTracker: tokenTracker });
  }
  if (limits.perAddress > 0) {
    throttlers.push({ name: 'address', ttl, limit: limits.perAddress });
  }
  return {
    throttlers,
    skipIf: (context) => UNLIMITED_PATHS.test(requestOf(context).path ?? ''),
    // One count per caller across all routes, not one per route.
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
  };
}

/** Applies the limits, and answers 429 problem+json with Retry-After when one is exceeded. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || this.throttlers.length === 0) return true;
    return super.canActivate(context);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfterSeconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context
      .switchToHttp()
      .getResponse<ServerResponse>()
      .setHeader('Retry-After', retryAfterSeconds);
    throw new TooManyRequestsError(detail.limit, Math.round(detail.ttl / 1000), retryAfterSeconds);
  }
}

function requestOf(context: ExecutionContext): PlatformRequest & { path?: string } {
  return context.switchToHttp().getRequest<PlatformRequest & { path?: string }>();
}

/** A token's digest (the token itself must not sit in memory as a key); the address without one. */
function tokenTracker(request: Record<string, unknown>): Promise<string> {
  const headers = (request as unknown as PlatformRequest).headers;
  const authorization = headers.authorization;
  if (authorization === undefined) return Promise.resolve(`address:${String(request.ip)}`);
  return Promise.resolve(createHash('sha256').update(authorization).digest('base64url'));
}
