import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';

const logger = new Logger('Database');

/**
 * The pg Client class of a service's pool: every connection carries an 'error' listener from
 * birth. node-postgres reports a lost connection (a terminated backend, a failover, a restart)
 * as an 'error' event on the Client, fatal to the process when nobody listens, and pg-pool
 * listens only while a client sits idle in the pool: not while it is checked out for a
 * transaction, an append, a projection batch or the relay's leadership session. A listener on
 * the pool's 'connect' event would come too late for the first client, which TypeORM checks out
 * while it creates the pool. The loss is logged once per connection; the client is then no
 * longer queryable, so the pool discards it when it is released and opens a new one on demand.
 * Whoever was using it sees the failed query and retries or answers 503.
 */
export class LostConnectionLoggingClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    let reported = false;
    this.on('error', (error: Error & { code?: string }) => {
      if (reported) return;
      reported = true;
      logger.warn(
        { error: error.message, code: error.code },
        'database connection lost; discarded, the pool opens another when needed',
      );
    });
  }
}
