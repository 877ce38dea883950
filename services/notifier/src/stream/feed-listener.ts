import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@zoneledger/platform';
import { Client } from 'pg';
import { FEED_CHANNEL } from '../delivery/delivery-tables';

/** Something to wake when the feed may have grown. */
export type FeedWaker = () => void;

/** How long the listener waits before connecting again, at first and at most. */
const RECONNECT_MS = { first: 100, most: 5_000 };

/**
 * The one LISTEN connection of this instance on the feed's channel (`notifier_feed`, which the
 * intake NOTIFYs with each row it adds): a dedicated client, not one of the pool's, since a
 * listening session must stay open. Each notification wakes every subscriber (the live streams
 * of this instance, each then reading the feed from its own position). A lost connection is
 * opened again, and the subscribers are woken once it is back, since a notification sent
 * meanwhile is lost; the streams also poll, for the same reason.
 */
@Injectable()
export class FeedListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FeedListener.name);
  private readonly wakers = new Set<FeedWaker>();
  private client?: Client;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectMs = RECONNECT_MS.first;
  private stopped = false;
  private connecting?: Promise<void>;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  onApplicationBootstrap(): void {
    this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Wakes `waker` on every notification (and after a reconnection) until the returned function is called. */
  subscribe(waker: FeedWaker): () => void {
    this.wakers.add(waker);
    return () => this.wakers.delete(waker);
  }

  /** Whether the LISTEN session is open. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  private connect(): void {
    if (this.stopped) return;
    this.connecting = this.open().finally(() => (this.connecting = undefined));
  }

  private async open(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: `${this.config.databaseSchema}-feed-listener`,
    });
    let failed = false;
    const lost = (error?: Error) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(
        { error: error?.message },
        'the feed listener lost its connection; reconnecting',
      );
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel === FEED_CHANNEL) this.wakeAll();
    });
    try {
      await client.connect();
      await client.query(`listen ${FEED_CHANNEL}`);
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (this.stopped || failed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectMs = RECONNECT_MS.first;
    // Whatever was notified while no session listened is read now.
    this.wakeAll();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), this.reconnectMs);
    this.reconnectTimer.unref();
    this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MS.most);
  }

  private wakeAll(): void {
    for (const wake of this.wakers) wake();
  }
}
