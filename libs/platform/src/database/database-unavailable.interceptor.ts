import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { isTransientDatabaseError } from '@zoneledger/projections';
import type { ServerResponse } from 'node:http';
import { catchError, type Observable, throwError } from 'rxjs';
import { DatabaseUnavailableError } from './database-unavailable.error';

/** Seconds a client is asked to wait before retrying: a pool reconnects within moments. */
const RETRY_AFTER_SECONDS = '1';

/**
 * Answers a request that failed on a lost database connection (or a deadlock, or a database
 * refusing connections) with 503 DATABASE.UNAVAILABLE and Retry-After, instead of a 500: the
 * failure is the database's passing state, not the request's, and a retry succeeds.
 */
@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (context.getType() !== 'http' || !isTransientDatabaseError(error))
          return throwError(() => error);
        const response = context.switchToHttp().getResponse<ServerResponse>();
        if (!response.headersSent) response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
        return throwError(() => Object.assign(new DatabaseUnavailableError(), { cause: error }));
      }),
    );
  }
}
