import { Logger } from '@nestjs/common';
import { Client, type Pool } from 'pg';

/**
 * A LISTEN on one channel over a connection of its own (not one of the pool's), calling
 * `onPayload` with each NOTIFY's payload. A lost connection is opened again after a pause; the
 * worker's poll timer covers what was notified meanwhile.
 */
export class NotificationListener {
  private readonly logger = new Logger('NotificationListener');
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
    private readonly retryMs = 1000,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    // The pool's own connection settings (search_path included).
    const client = new Client((this.pool as unknown as { options: object }).options);
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.onPayload(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(this.channel)}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: Client, error: Error): void {
    if (this.stopped) return;
    if (this.client === client) this.client = undefined;
    client.end().catch(() => undefined);
    this.logger.warn(
      { channel: this.channel, error: error.message },
      'lost the LISTEN connection; opening it again',
    );
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), this.retryMs);
    this.retry.unref();
  }
}
