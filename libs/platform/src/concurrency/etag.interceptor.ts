import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { map, type Observable } from 'rxjs';
import { etagFor } from './if-match';

/** Sets the ETag header from the `version` of the handler's result. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<ServerResponse>();
    return next.handle().pipe(
      map((result: unknown) => {
        const version = (result as { version?: unknown } | null | undefined)?.version;
        if (typeof version !== 'number') {
          throw new TypeError(
            `@ETagFromVersion() handler ${context.getHandler().name} returned no numeric version`,
          );
        }
        response.setHeader('ETag', etagFor(version));
        return result;
      }),
    );
  }
}

/**
 * Marks a handler whose result carries the `version` of what it returns (a view, or the
 * outcome of a command): the response gets `ETag: "<version>"` for the next If-Match.
 */
export const ETagFromVersion = (): MethodDecorator & ClassDecorator =>
  UseInterceptors(ETagInterceptor);
