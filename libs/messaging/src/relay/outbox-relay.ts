import {
  EVENTS_APPENDED_CHANNEL,
  type GlobalCheckpoint,
  type PostgresEventStore,
} from '@zoneledger/event-store';
import type { Kafka, Producer } from 'kafkajs';
import type { Notification, Pool, PoolClient } from 'pg';
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
  /**
   * Bytes per Kafka request at most (default DEFAULT_MAX_BATCH_BYTES, 768 KiB): a batch of large
   * events is cut short to stay under the broker's max.message.bytes; a single event larger than
   * this still goes alone.
   */
  readonly maxBatchBytes?: number;
  /**
   * How often to look for new events once caught up, and for leadership while standing by. A
   * leader is also told of committed appends (AppendAnnouncements): directly by its store, and
   * by the NOTIFYs of stores in other processes (EVENTS_APPENDED_CHANNEL), and publishes at once;
   * the poll catches what a lost announcement, or an append in a caller's own transaction, leaves.
   */
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

/** One term of leadership: the session holding the advisory lock, and whether it was lost. */
interface LeadershipTerm {
  readonly client: PoolClient;
  lost: boolean;
  readonly onError: (error: Error) => void;
  /** Wakes the relay when another process announces an append (LISTEN on the lock's session). */
  readonly onNotification: (notification: Notification) => void;
  /** Stops the store's announcements of this process's appends to this relay. */
  stopListening?: () => void;
}

/** Raised when the session holding the lock died: this instance no longer publishes. */
class LeadershipLostError extends Error {
  constructor(name: string) {
    super(`relay ${name}: the session holding leadership was lost`);
  }
}

/** Batches read and encoded ahead of the one Kafka is taking, while the relay is behind. */
const READ_AHEAD = 2;

/** The later of two checkpoints in gap-safe global order (transaction id, then position). */
function laterOf(a: GlobalCheckpoint | null, b: GlobalCheckpoint | null): GlobalCheckpoint | null {
  if (!a || !b) return a ?? b;
  if (a.transactionId !== b.transactionId) return a.transactionId > b.transactionId ? a : b;
  return a.position >= b.position ? a : b;
}

/**
 * Publishes the event store (the outbox) to Kafka in gap-safe global order, key = aggregate id.
 * A checkpoint is stored only after Kafka acknowledged the batch (acks=all), so a crash or an
 * outage re-publishes at worst the batch in flight and the one whose checkpoint was being
 * written (consumers dedupe by stream version) and never loses one. Only the instance holding
 * the service's advisory lock publishes; others stand by. While Kafka takes one batch, the
 * checkpoint of the one before is written and, while the relay is behind, the next two are read
 * and encoded; batches are still sent one after another, so each aggregate's events reach their
 * partition in order. Once a read finds the end of the outbox, the next is made when its batch
 * is acknowledged, so that it carries everything committed meanwhile (ADR 0022).
 *
 * A lost leadership session (a failover, a terminated backend) ends the term: no batch is sent
 * after the loss is known, the checkpoint is written only through the session that holds the
 * lock (a lost one cannot), and the lock is sought again after a backoff. What Kafka
 * acknowledged is remembered across terms, so a checkpoint write the loss cut off does not make
 * this instance publish the batch again.
 */
export class OutboxRelay {
  private readonly name: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** An append was announced since the last read: the next pause ends at once. */
  private appended = false;
  /** Heard of a committed append, from this process's store or another process's NOTIFY. */
  private readonly announced = () => {
    this.appended = true;
    this.wake?.();
  };
  private term?: LeadershipTerm;
  /** The furthest checkpoint Kafka acknowledged in this process, stored or not. */
  private acknowledged: GlobalCheckpoint | null = null;
  private prepared = false;
  private producer?: Producer;
  /** Where this term of leadership has published up to (undefined: read the stored checkpoint). */
  private position?: GlobalCheckpoint | null;
  /** The batches after the one in flight, in order, being read and encoded (READ_AHEAD). */
  private prefetched: Promise<OutboxBatch>[] = [];
  /** The last acknowledged batch's checkpoint, being stored while the next batch travels. */
  private checkpointStored: Promise<void> = Promise.resolve();
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
    return { leader: this.term !== undefined && !this.term.lost, ...this.state };
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
        await this.resign();
        await this.pause(delay);
      }
    }
    await this.resign();
  }

  /** Publishes the next batch after the checkpoint; returns how many events it sent. */
  private async publishBatch(): Promise<number> {
    const term = this.term;
    if (!term) return 0;
    const prefetched = this.prefetched.shift();
    // Announcements from here on concern events this read may miss: they end the next pause.
    if (!prefetched) this.appended = false;
    const batch = await (prefetched ?? this.readBatch(await this.publishedUpTo(term)));
    // An empty batch may be stale by now, and so may what was read after it: the next call reads
    // afresh.
    if (batch.size === 0 || !batch.checkpoint) {
      this.prefetched = [];
      await this.checkpointStored;
      return 0;
    }
    const producer = await this.connectedProducer();
    if (term.lost) throw new LeadershipLostError(this.name);
    const sent = producer.sendBatch({ acks: -1, topicMessages: batch.topicMessages });
    // Read ahead only once this batch is on its way: a send that fails discards the read-ahead.
    // Not when this batch's read found the end of the outbox: what comes next is being committed
    // now, and a batch read at once would carry a few events and leave out the rest for the
    // batches after, each one more request, checkpoint and consumer transaction (ADR 0022).
    if (!batch.reachedEnd) this.readAhead(batch);
    // The batch before must be stored for this one to count (a failed write ends the term), but
    // this one's send is settled either way: a batch Kafka took is remembered as acknowledged,
    // or the next term would publish it again.
    const [stored, acked] = await Promise.allSettled([this.checkpointStored, sent]);
    if (acked.status === 'fulfilled') {
      this.acknowledged = laterOf(this.acknowledged, batch.checkpoint);
      this.state.published += batch.size;
    }
    if (stored.status === 'rejected') throw stored.reason;
    if (acked.status === 'rejected') throw acked.reason;
    this.state.checkpoint = batch.checkpoint;
    // Through the lock's own session: an instance that lost it cannot move the checkpoint. Not
    // awaited here: the next batch is sent while it is written, one round trip less per batch.
    this.checkpointStored = this.options.store.storeCheckpoint(
      this.name,
      batch.checkpoint,
      term.client,
    );
    this.checkpointStored.catch(() => undefined); // awaited by the next batch, an idle turn or resign
    this.position = batch.checkpoint;
    return batch.size;
  }

  /**
   * Reads (and encodes) up to READ_AHEAD batches after `sent`, each after the one before it.
   * Two rather than one: the second is read while the relay waits for Kafka's acknowledgement and
   * for its checkpoint to be stored, time in which one batch read ahead is already done.
   */
  private readAhead(sent: OutboxBatch): void {
    let previous = this.prefetched.at(-1) ?? Promise.resolve(sent);
    while (this.prefetched.length < READ_AHEAD) {
      const next = previous.then((batch) =>
        batch.size === 0 || !batch.checkpoint ? batch : this.readBatch(batch.checkpoint),
      );
      next.catch(() => undefined); // awaited by a later call, or dropped on resign
      this.prefetched.push(next);
      previous = next;
    }
  }

  // Through the lock's session while the term lasts: on the service's pool each read waited for a
  // connection behind HTTP commands under load. resign() waits for the reads in flight before it
  // hands the session back, and a read started after it goes through the pool.
  private readBatch(after: GlobalCheckpoint | null): Promise<OutboxBatch> {
    const { store, source, topicPrefix = '' } = this.options;
    return readOutboxBatch(
      store,
      after,
      this.batchSize,
      source,
      topicPrefix,
      this.options.maxBatchBytes,
      this.term?.client,
    );
  }

  // Only the leader stores the checkpoint, so once read it is known for the rest of the term. A
  // batch Kafka took in an earlier term whose checkpoint write was cut off counts as published.
  private async publishedUpTo(term: LeadershipTerm): Promise<GlobalCheckpoint | null> {
    if (this.position === undefined) {
      const stored = await this.options.store.readCheckpoint(this.name, term.client);
      const position = laterOf(stored, this.acknowledged);
      if (position && position !== stored)
        await this.options.store.storeCheckpoint(this.name, position, term.client);
      this.position = position;
    }
    return this.position;
  }

  /** True while this instance holds the lock; the session that holds it is kept open. */
  private async lead(): Promise<boolean> {
    if (this.term) {
      if (!this.term.lost) return true;
      throw new LeadershipLostError(this.name);
    }
    const client = await this.options.pool.connect();
    // If the session dies, Postgres drops the lock: the term ends (see run), a standby or this
    // instance takes over. The listener is there before the first query, which may be cut off.
    const schema = this.options.store.schema;
    const term: LeadershipTerm = {
      client,
      lost: false,
      onError: () => {
        term.lost = true;
        this.wake?.();
      },
      onNotification: ({ channel, payload }) => {
        if (channel === EVENTS_APPENDED_CHANNEL && (!schema || payload === schema))
          this.announced();
      },
    };
    client.on('error', term.onError);
    try {
      // Advisory locks are database-wide: the key names the store's schema, so the services
      // sharing one database each elect their own leader.
      const { rows } = await client.query<{ locked: boolean }>(
        `select pg_try_advisory_lock(hashtext('outbox-relay:' || coalesce($1, current_schema()) || ':' || $2)) as locked`,
        [this.options.store.schema ?? null, this.name],
      );
      if (!rows[0]?.locked || term.lost) {
        client.removeListener('error', term.onError);
        client.release(term.lost);
        return false;
      }
      client.on('notification', term.onNotification);
      await client.query(`listen ${EVENTS_APPENDED_CHANNEL}`);
      // This process's appends are told directly: no NOTIFY for them while this relay leads.
      term.stopListening = this.options.store.announcements.listen(this.announced);
    } catch (error) {
      client.removeListener('error', term.onError);
      client.removeListener('notification', term.onNotification);
      client.release(true);
      throw error;
    }
    this.term = term;
    this.options.log?.('info', `relay ${this.name}: leading`);
    return true;
  }

  private async resign(): Promise<void> {
    const term = this.term;
    this.term = undefined;
    term?.stopListening?.();
    this.prepared = false;
    this.position = undefined;
    this.appended = false; // a backoff or a standby's wait is not cut short
    const prefetched = this.prefetched;
    this.prefetched = [];
    await Promise.all(prefetched.map((batch) => batch.catch(() => undefined)));
    // The last checkpoint is written (or failed) before the session is unlocked and handed back.
    await this.checkpointStored.catch(() => undefined);
    this.checkpointStored = Promise.resolve();
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
    if (!term) return;
    // The session goes back to the pool neither locked nor listening.
    const unlocked =
      !term.lost &&
      (await term.client.query('unlisten *; select pg_advisory_unlock_all()').then(
        () => true,
        () => false,
      ));
    term.client.removeListener('notification', term.onNotification);
    term.client.removeListener('error', term.onError);
    // A session that failed or lost its connection is discarded, never handed to the pool again.
    term.client.release(!unlocked);
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
    if (this.appended) {
      this.appended = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
