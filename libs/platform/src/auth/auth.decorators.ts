import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { PlatformRequest } from '../http/platform-request';
import type { Principal, Role } from './principal';

export const PUBLIC_KEY = 'zoneledger:public';
export const ROLES_KEY = 'zoneledger:roles';

/** Lets a controller or handler be called without a token (health, metrics). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/**
 * Allows the handler (or every handler of the controller) only to callers holding at least one
 * of these roles. Without it, any valid token will do: reads are open to every role.
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

/** The verified caller of the request; its `sub` is what events record as their actor. */
export const Actor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<PlatformRequest>().principal;
    // Only a @Public() handler can get here without one, and such a handler has no actor.
    if (principal === undefined)
      throw new Error('@Actor() used on a handler that is not authenticated');
    return principal;
  },
);
