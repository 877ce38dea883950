import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { PlatformRequest } from '../http/platform-request';
import { ForbiddenError, UnauthenticatedError } from '../problems/request-errors';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { Role } from './principal';
import { TokenVerifier } from './token-verifier';

/**
 * Global guard: every HTTP handler needs a valid bearer token unless marked @Public(); a
 * handler marked @Roles(...) also needs one of those roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<PlatformRequest>();
    // Requests with a body were authenticated before it was read (authenticateBeforeBody).
    const principal = request.principal ?? (await this.verifier.verify(bearerToken(request)));
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<readonly Role[] | undefined>(
      ROLES_KEY,
      targets,
    );
    if (required !== undefined && !required.some((role) => principal.roles.includes(role))) {
      throw new ForbiddenError(`This operation needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}

/** The bearer token of the request; UnauthenticatedError when it has none or a malformed one. */
export function bearerToken(request: PlatformRequest): string {
  const header = request.headers.authorization;
  if (header === undefined)
    throw new UnauthenticatedError('Send a bearer token in the Authorization header');
  const match = /^Bearer +([A-Za-z0-9\-_.~+/]+=*)$/i.exec(header.trim());
  if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
  return match[1];
}
