import { Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { SubscriptionIndex } from '../domain';
import { formatPosition, type FeedPosition } from './feed-position';
import { isMerger, mergerOf, type FeedReader, type FeedRow } from './feed-reader';

/** How a live stream paces itself. */
export interface LiveStreamSettings {
  /** Rows read from the feed at once. */
  readonly batchSize: number;
  /** How often a comment keeps the connection (and proxies) awake. */
  readonly heartbeatMs: number;
  /**
   * How long a client may leave what was written unread before it is dropped: while it does not
   * read, nothing more is read for it, so a stalled client holds at most one batch.
   */
  readonly drainTimeoutMs: number;
  /** The first and the longest wait before reading again rows not yet readable (gap rule). */
  readonly pendingRetryMs: { readonly first: number; readonly most: number };
}

/** The ids a stream's own index files its filters under: `stream-0`, `stream-1`. */
export const streamEntry = (index: number): string => `stream-${index}`;

const logger = new Logger('LiveStream');

/**
 * One client's live stream: reads the feed after its position, sends the rows its filter
 * matches as server-sent events (`id: <tx>-<seq>`, `event: <event type>`, `data: <CloudEvent>`),
 * tells its index of each merger it passes, and waits to be woken (a notification, the poll)
 * to read again. Reads are never concurrent and always start from the last row passed, so a row
 * is sent once and in order, whatever wakes it and however often.
 */
export class LiveStream {
  private position: FeedPosition;
  private pumping = false;
  private again = false;
  private closed = false;
  private heartbeat?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private retryMs: number;
  private readonly waiting: (() => void)[] = [];
  private readonly closedHandlers: (() => void)[] = [];

  constructor(
    private readonly response: ServerResponse,
    private readonly reader: FeedReader,
    /** The stream's filters, filed under streamEntry(0..n-1): a row must meet every one. */
    private readonly index: SubscriptionIndex,
    private readonly filters: number,
    start: FeedPosition,
    private readonly settings: LiveStreamSettings,
  ) {
    this.position = start;
    this.retryMs = settings.pendingRetryMs.first;
    response.on('close', () => this.stop());
    this.heartbeat = setInterval(() => {
      // A client that does not read gets nothing more, comments included.
      if (!this.closed && !response.writableNeedDrain) response.write(': heartbeat\n\n');
    }, settings.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Whether the stream has ended (its client went away, was dropped, or the service stops). */
  get ended(): boolean {
    return this.closed;
  }

  /** Calls `handler` once the stream has ended. */
  onEnd(handler: () => void): void {
    if (this.closed) handler();
    else this.closedHandlers.push(handler);
  }

  /** Reads the feed again (now, or when the read under way is done). */
  wake(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    void this.pump();
  }

  /** Resolves after a read that began after this call is done (or the stream has ended). */
  caughtUp(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.wake();
    return done;
  }

  /** Ends the response: the client may reconnect (to another instance) with its Last-Event-ID. */
  end(): void {
    if (this.closed) return;
    this.stop();
    // The connection goes too: a kept-alive socket would hold the server's close.
    this.response.end(() => this.response.socket?.destroy());
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.retryTimer);
    for (const resolve of this.waiting.splice(0)) resolve();
    for (const handler of this.closedHandlers.splice(0)) handler();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.again = false;
        const waiting = this.waiting.splice(0);
        await this.catchUp();
        for (const resolve of waiting) resolve();
      } while (this.again && !this.closed);
    } catch (error) {
      // A lost database connection: the poll (or the retry below) reads again.
      logger.warn({ error: (error as Error).message }, 'a live stream could not read the feed');
      this.retrySoon();
    } finally {
      this.pumping = false;
      if (this.closed) for (const resolve of this.waiting.splice(0)) resolve();
    }
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const batch = await this.reader.after(this.position, this.settings.batchSize);
      for (const row of batch.rows) {
        if (this.closed) return;
        const wanted = this.index.match(row.facts).length === this.filters;
        if (isMerger(row)) {
          const merger = mergerOf(row.cloudEvent.data);
          if (merger) this.index.followMerger(merger.absorbedZoneIds, merger.survivingZoneId);
        }
        this.position = row.position;
        if (wanted && !this.response.write(eventFrame(row))) await this.drained();
      }
      if (batch.rows.length === this.settings.batchSize) continue;
      if (batch.pending) this.retrySoon();
      else this.retryMs = this.settings.pendingRetryMs.first;
      return;
    }
  }

  // Rows after the position exist but a transaction older than them still runs: read again
  // shortly (no notification may come when that transaction ends without adding a row).
  private retrySoon(): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.wake(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.settings.pendingRetryMs.most);
  }

  // Back-pressure: the client has not read what was written. Nothing more is read for it until it
  // does; one that does not within the bound is dropped (it may reconnect with its Last-Event-ID).
  private drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      const timer = setTimeout(() => {
        logger.warn('a live stream client read nothing for too long; dropped');
        done();
        this.stop();
        this.response.destroy();
      }, this.settings.drainTimeoutMs);
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }
}

/** The server-sent event of a feed row: its position, its event type and its CloudEvent. */
export function eventFrame(row: FeedRow): string {
  return `id: ${formatPosition(row.position)}\nevent: ${row.facts.eventType}\ndata: ${JSON.stringify(row.cloudEvent)}\n\n`;
}

/** A server-sent event of the stream itself (ready, gap), at a position of the feed. */
export function controlFrame(event: string, position: FeedPosition, data: unknown): string {
  return `id: ${formatPosition(position)}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
