import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { from, type Observable, switchMap } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { PlatformRequest } from '../http/platform-request';
import { IdempotencyKeyReusedError } from '../problems/request-errors';
import { keyedRequestOf } from './keyed-request';

/** How long a key stays bound to its first request; the IETF draft leaves it to the server. */
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 7;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type WriteRequest = PlatformRequest & { body?: unknown; method?: string };

/**
 * Binds each caller's Idempotency-Key to the first request that used it, before the handler
 * runs: the same key with another method, path or body is refused with 422, whatever the first
 * request did. (Retries of the same request pass, and the handlers answer them from the events
 * the key recorded.) A key unused for IDEMPOTENCY_KEY_RETENTION_DAYS is free again.
 */
@Injectable()
export class IdempotencyKeyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<WriteRequest>();
    if (!WRITES.has(request.method ?? '') || !request.principal) return next.handle();
    const keyed = keyedRequestOf(request);
    if (keyed === undefined) return next.handle();
    return from(this.bind(request.principal.sub, keyed.key, keyed.fingerprint)).pipe(
      switchMap(() => next.handle()),
    );
  }

  private async bind(actor: string, key: string, fingerprint: string): Promise<void> {
    const rows = (await this.dataSource.query(
      `insert into idempotency_requests as r (actor, key, fingerprint) values ($1, $2, $3)
       on conflict (actor, key) do update
         set fingerprint = excluded.fingerprint, first_used_at = now()
         where r.first_used_at < now() - make_interval(days => $4)
       returning 1`,
      [actor, key, fingerprint, IDEMPOTENCY_KEY_RETENTION_DAYS],
    )) as unknown[];
    if (rows.length > 0) return;
    const [bound] = (await this.dataSource.query(
      'select fingerprint from idempotency_requests where actor = $1 and key = $2',
      [actor, key],
    )) as { fingerprint: string }[];
    if (bound !== undefined && bound.fingerprint !== fingerprint) {
      throw new IdempotencyKeyReusedError();
    }
  }
}
