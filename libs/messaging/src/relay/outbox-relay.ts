import type { GlobalCheckpoint, PostgresEventStore } from '@zoneledger/event-store';
import type { Kafka, Producer } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';
import { createProducer } from '../kafka-client';
import { readOutboxBatch, type OutboxBatch } from './outbox-message';

export interface OutboxRelayOptions {
  readonly store: PostgresEventStore;
  /** The service's pool; one connection is held while this relay leads (advisory lock). */
  readonly pool: Pool;
  readonly kafka: Kafka;
  /** CloudEvents `source`, e.g. `/zoneledger/zone-registry`. */
  readonly source: string;
  readonly topicPrefix?: string;
  /** Names the checkpoint and the leadership lock; one per service schema. */
  readonly name?: string;
  /**
   * Events per Kafka request (default 1000). Larger batches cost more on a re-publish after a
   * crash, and one partition's share must stay under the broker's message.max.bytes (1 MiB).
   */
  readonly batchSize?: number;
  /** How often to look for new events once caught up, and for leadership while standing by. */
  readonly pollIntervalMs?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, extra?: object) => void;
  /** Runs once per term of leadership before the first publish (e.g. creating topics); retried on failure. */
  readonly prepare?: () => Promise<void>;
}

export interface OutboxRelayStatus {
  readonly leader: boolean;
  readonly published: number;
  readonly checkpoint: GlobalCheckpoint | null;
  readonly lastError?: string;
}

/**
 * Publishes the event store (the outbox) to Kafka in gap-safe global order, key = aggregate id.
 * A checkpoint is stored only after Kafka acknowledged the batch (acks=all), so a crash or an
 * outage re-publishes at worst the batch in flight (consumers dedupe by stream version) and
 * never loses one. Only the instance holding the service's advisory lock publishes; others
 * stand by. While Kafka takes one batch, the next is read and encoded; batches are still sent
 * one after another, so each aggregate's events reach their partition in order.
 */
export class OutboxRelay {
  private readonly name: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private leaderClient?: PoolClient;
  private prepared = false;
  private producer?: Producer;
  /** Where this term of leadership has published up to (undefined: read the stored checkpoint). */
  private position?: GlobalCheckpoint | null;
  /** The batch after the one in flight, being read and encoded. */
  private prefetched?: Promise<OutboxBatch>;
  private state: { published: number; checkpoint: GlobalCheckpoint | null; lastError?: string } = {
    published: 0,
    checkpoint: null,
  };

  constructor(private readonly options: OutboxRelayOptions) {
    this.name = options.name ?? 'relay';
    this.batchSize = options.batchSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.backoff = { initialMs: 200, maxMs: 10_000, ...options.backoff };
  }

  /** Starts leading (or standing by) in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the batch in flight and gives up leadership. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  status(): OutboxRelayStatus {
    return { leader: this.leaderClient !== undefined, ...this.state };
  }

  /** Events recorded but not yet published (0 when caught up). */
  async lag(): Promise<number> {
    const checkpoint = await this.options.store.readCheckpoint(this.name);
    return this.options.store.countAfter(checkpoint);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!(await this.lead())) {
          await this.pause(this.pollIntervalMs * 10);
          continue;
        }
        if (!this.prepared) {
          await this.options.prepare?.();
          this.prepared = true;
        }
        const published = await this.publishBatch();
        failures = 0;
        this.state.lastError = undefined;
        if (published === 0) await this.pause(this.pollIntervalMs);
      } catch (error) {
        failures += 1;
        this.state.lastError = error instanceof Error ? error.message : String(error);
        const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (failures - 1));
        this.options.log?.(
          'warn',
          `relay ${this.name}: publishing failed, retrying in ${delay} ms`,
          { error: this.state.lastError },
        );
        await this.resign(error);
        await this.pause(delay);
      }
    }
    await this.resign();
  }

  /** Publishes the next batch after the checkpoint; returns how many events it sent. */
  private async publishBatch(): Promise<number> {
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    const batch = await (prefetched ?? this.readBatch(await this.publishedUpTo()));
    // An empty batch may be stale by now; the next call reads afresh.
    if (batch.size === 0 || !batch.checkpoint) return 0;
    const producer = await this.connectedProducer();
    const sent = producer.sendBatch({ acks: -1, topicMessages: batch.topicMessages });
    // Read ahead only once this batch is on its way: a send that fails discards the read-ahead.
    const next = this.readBatch(batch.checkpoint);
    next.catch(() => undefined); // awaited by the next call, or dropped on resign
    this.prefetched = next;
    await sent;
    await this.options.store.storeCheckpoint(this.name, batch.checkpoint);
    this.position = batch.checkpoint;
    this.state.published += batch.size;
    this.state.checkpoint = batch.checkpoint;
    return batch.size;
  }

  private readBatch(after: GlobalCheckpoint | null): Promise<OutboxBatch> {
    const { store, source, topicPrefix = '' } = this.options;
    return readOutboxBatch(store, after, this.batchSize, source, topicPrefix);
  }

  // Only the leader stores the checkpoint, so once read it is known for the rest of the term.
  private async publishedUpTo(): Promise<GlobalCheckpoint | null> {
    if (this.position === undefined)
      this.position = await this.options.store.readCheckpoint(this.name);
    return this.position;
  }

  /** True while this instance holds the lock; the session that holds it is kept open. */
  private async lead(): Promise<boolean> {
    if (this.leaderClient) return true;
    const client = await this.options.pool.connect();
    // Advisory locks are database-wide: the key names the store's schema, so the services
    // sharing one database each elect their own leader.
    const { rows } = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_lock(hashtext('outbox-relay:' || coalesce($1, current_schema()) || ':' || $2)) as locked`,
      [this.options.store.schema ?? null, this.name],
    );
    if (!rows[0]?.locked) {
      client.release();
      return false;
    }
    // If the session dies, Postgres drops the lock: resign so a standby (or we) can take over.
    client.on('error', (error) => void this.resign(error));
    this.leaderClient = client;
    this.options.log?.('info', `relay ${this.name}: leading`);
    return true;
  }

  private async resign(error?: unknown): Promise<void> {
    const client = this.leaderClient;
    this.leaderClient = undefined;
    this.prepared = false;
    this.position = undefined;
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    await prefetched?.catch(() => undefined);
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
    if (!client) return;
    await client.query('select pg_advisory_unlock_all()').catch(() => undefined);
    client.release(error instanceof Error ? error : undefined);
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      // One request in flight per connection keeps each partition's order through retries.
      const producer = createProducer(this.options.kafka, {
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
