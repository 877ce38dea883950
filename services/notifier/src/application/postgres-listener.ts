import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@zoneledger/platform';
import { Client } from 'pg';

/**
 * What to do with a NOTIFY's payload; `undefined` after the listening session was lost and
 * opened again: notifications may have been missed meanwhile, look again.
 */
export type OnNotify = (payload: string | undefined) => void;

/** How long the listener waits before connecting again, at first and at most. */
const RECONNECT_MS = { first: 100, most: 5_000 };

/**
 * This instance's one LISTEN session (a dedicated client, not one of the pool's: a listening
 * session must stay open) for every channel its parts subscribe to: the feed's (the live
 * streams) and the delivery schedule's (the webhook and e-mail workers). A lost session is opened
 * again with backoff, every channel listened again, and every subscriber told it may have missed
 * something; subscribers also poll, for the time no session listens.
 */
@Injectable()
export class PostgresListener implements OnModuleDestroy {
  private readonly logger = new Logger(PostgresListener.name);
  private readonly subscribers = new Map<string, Set<OnNotify>>();
  private client?: Client;
  private connecting?: Promise<void>;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectMs = RECONNECT_MS.first;
  private stopped = false;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  /** Calls `onNotify` on each NOTIFY on `channel` until the returned function is called. */
  async subscribe(channel: string, onNotify: OnNotify): Promise<() => void> {
    const listeners = this.subscribers.get(channel) ?? new Set<OnNotify>();
    const first = listeners.size === 0;
    listeners.add(onNotify);
    this.subscribers.set(channel, listeners);
    if (!this.client && !this.connecting) this.connect();
    await this.connecting;
    if (first && this.client) await this.listen(this.client, channel).catch(() => undefined);
    return () => listeners.delete(onNotify);
  }

  /** Whether the LISTEN session is open. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): void {
    if (this.stopped) return;
    this.connecting = this.open().finally(() => (this.connecting = undefined));
  }

  private async open(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: `${this.config.databaseSchema}-listener`,
    });
    let failed = false;
    const lost = (error?: Error) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn({ error: error?.message }, 'the LISTEN session was lost; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', ({ channel, payload }) => {
      for (const onNotify of this.subscribers.get(channel) ?? []) onNotify(payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.subscribers.keys()) await this.listen(client, channel);
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (this.stopped || failed) {
      await client.end().catch(() => undefined);
      return;
    }
    const reconnected = this.reconnectMs !== RECONNECT_MS.first;
    this.client = client;
    this.reconnectMs = RECONNECT_MS.first;
    // Whatever was notified while no session listened is looked for now.
    if (reconnected)
      for (const listeners of this.subscribers.values())
        for (const onNotify of listeners) onNotify(undefined);
  }

  private listen(client: Client, channel: string): Promise<unknown> {
    return client.query(`listen ${client.escapeIdentifier(channel)}`);
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), this.reconnectMs);
    this.reconnectTimer.unref();
    this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MS.most);
  }
}
