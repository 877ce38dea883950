import type { ServerResponse } from 'node:http';
import type { PlatformRequest } from '../http/platform-request';
import { carriesBody } from '../http/request-body';
import { bearerToken } from './auth.guard';
import type { TokenVerifier } from './token-verifier';

/**
 * Verifies the bearer token of every request that carries a body before the body is read, so an
 * unauthenticated caller gets 401 without making the service parse anything (no public route
 * takes a body). The auth guard reuses the principal and checks the route's roles.
 */
export function authenticateBeforeBody(verifier: TokenVerifier) {
  return (request: PlatformRequest, _response: ServerResponse, next: (error?: unknown) => void) => {
    if (!carriesBody(request)) return next();
    let token: string;
    try {
      token = bearerToken(request);
    } catch (error) {
      return next(error);
    }
    verifier.verify(token).then(
      (principal) => {
        request.principal = principal;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
