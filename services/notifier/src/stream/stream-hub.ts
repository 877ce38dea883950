import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ProblemError, ServiceStoppingError } from '@zoneledger/platform';
import type { ServerResponse } from 'node:http';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import { SubscriptionIndex, type SubscriptionFilter } from '../domain';
import { comparePositions, formatPosition, type FeedPosition } from './feed-position';
import { PostgresListener } from '../application/postgres-listener';
import { FEED_CHANNEL } from '../delivery/delivery-tables';
import { FeedReader } from './feed-reader';
import { controlFrame, LiveStream, streamEntry, type LiveStreamSettings } from './live-stream';

/** How many streams one caller (token subject) may hold open at once on one instance. */
export const MAX_STREAMS_PER_CALLER = 5;

/** How long a client waits before reconnecting (the `retry:` hint). */
export const RECONNECT_HINT_MS = 2_000;

/** How often every stream reads the feed unwoken, catching a notification that was lost. */
const POLL_MS = 5_000;

/** The headers of a live stream's answer. */
const STREAM_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-store',
  // Proxies (nginx) must pass each event on as it comes.
  'X-Accel-Buffering': 'no',
} as const;

/** Settings of the instance's live streams. */
export const STREAM_SETTINGS = Symbol('STREAM_SETTINGS');

export const DEFAULT_STREAM_SETTINGS: LiveStreamSettings = {
  batchSize: 200,
  heartbeatMs: 15_000,
  drainTimeoutMs: 30_000,
  pendingRetryMs: { first: 25, most: 1_000 },
};

/** The caller holds as many live streams as one may. */
export class TooManyStreamsError extends ProblemError {
  readonly code = 'STREAM.TOO_MANY';
  readonly status = 429;
  override readonly title = 'Too many live streams';

  constructor(readonly limit: number) {
    super(
      `The caller already holds ${limit} live streams, as many as one may; close one (or wait for it to end) first`,
    );
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { limit: this.limit };
  }
}

/** What a stream is opened with. */
export interface StreamRequest {
  /** The token's subject: the streams counted against the limit. */
  readonly caller: string;
  /** What to send: the rows every one of them matches (a saved filter, narrowed by the query's). */
  readonly filters: readonly SubscriptionFilter[];
  /** Resume after this position (Last-Event-ID); from now when absent. */
  readonly resume?: FeedPosition;
  readonly response: ServerResponse;
}

/**
 * The live streams of this instance: opens them (where each starts, whether events were pruned
 * since its Last-Event-ID, the mergers its zones follow), wakes them all on each notification of
 * the feed's one listener and on a slow poll, limits them per caller, and ends them when the
 * service stops so that closing the server does not wait for clients that never hang up.
 */
@Injectable()
export class StreamHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly streams = new Set<LiveStream>();
  private readonly perCaller = new Map<string, number>();
  private poll?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private stopping = false;

  constructor(
    private readonly reader: FeedReader,
    private readonly listener: PostgresListener,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(STREAM_SETTINGS) private readonly settings: LiveStreamSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.listener.subscribe(FEED_CHANNEL, () => this.wakeAll());
    this.poll = setInterval(() => this.wakeAll(), POLL_MS);
    this.poll.unref();
  }

  onModuleDestroy(): void {
    this.stopping = true;
    clearInterval(this.poll);
    this.unsubscribe?.();
    this.endAll();
  }

  /**
   * Ends every open stream: its client reconnects (after the retry hint) with its Last-Event-ID,
   * to this instance or another, as after a restart or a proxy's idle timeout.
   */
  endAll(): void {
    for (const stream of [...this.streams]) stream.end();
    this.streams.clear();
  }

  /** How many streams are open. */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Opens a stream on the response: refuses a caller at the limit (429) before anything is
   * written; then answers 200 text/event-stream, sends where the stream starts (`ready`, or
   * `gap` when events after the Last-Event-ID were pruned) and follows the feed until the
   * client goes away or the service stops.
   */
  async open(request: StreamRequest): Promise<void> {
    if (this.stopping) throw new ServiceStoppingError();
    const release = this.reserve(request.caller);
    try {
      const { start, gap } = await this.startOf(request.resume);
      const { response } = request;
      // A HEAD request gets the answer's headers, and no stream to hold open.
      if (response.req?.method === 'HEAD') {
        response.writeHead(200, STREAM_HEADERS).end();
        release();
        return;
      }
      const index = new SubscriptionIndex();
      request.filters.forEach((filter, position) => index.add(streamEntry(position), filter));
      if (request.filters.some((filter) => filter.zoneIds.length > 0))
        for (const merger of await this.reader.mergersUpTo(start))
          index.followMerger(merger.absorbedZoneIds, merger.survivingZoneId);
      if (response.destroyed || response.writableEnded) {
        release();
        return;
      }
      if (this.stopping) throw new ServiceStoppingError();
      response.writeHead(200, STREAM_HEADERS);
      response.socket?.setNoDelay(true);
      response.write(`retry: ${RECONNECT_HINT_MS}\n`);
      response.write(
        gap
          ? controlFrame('gap', start, {
              lastEventId: formatPosition(gap.after),
              resumesAfter: formatPosition(start),
              detail: gap.detail,
            })
          : controlFrame('ready', start, { resumesAfter: formatPosition(start) }),
      );
      const stream = new LiveStream(
        response,
        this.reader,
        index,
        request.filters.length,
        start,
        this.settings,
      );
      this.streams.add(stream);
      stream.onEnd(() => {
        this.streams.delete(stream);
        release();
      });
      stream.wake();
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Resolves once every open stream has read the feed after this call (tests: a row committed
   * before it has been sent, or found not yet readable).
   */
  async caughtUp(): Promise<void> {
    await Promise.all([...this.streams].map((stream) => stream.caughtUp()));
  }

  // Where to start: after the Last-Event-ID; or now, without one; or, with a gap event, after
  // the retention horizon when the Last-Event-ID is older, or now when it lies ahead of the feed
  // (an id of another deployment, or of a database since restored from a backup): waiting for
  // the feed to reach it would miss everything until then.
  private async startOf(
    resume: FeedPosition | undefined,
  ): Promise<{ start: FeedPosition; gap?: { after: FeedPosition; detail: string } }> {
    const now = await this.reader.now();
    if (!resume) return { start: now };
    if (comparePositions(resume, now) > 0)
      return {
        start: now,
        gap: {
          after: resume,
          detail: `${formatPosition(resume)} is ahead of the feed (an event id of another deployment, or of a database since restored): the stream starts now`,
        },
      };
    const horizon = await this.reader.horizon(this.config.streamRetentionMs);
    if (horizon && comparePositions(resume, horizon) < 0)
      return {
        start: horizon,
        gap: {
          after: resume,
          detail: `events after ${formatPosition(resume)} were pruned: the stream keeps ${this.config.streamRetentionMs} ms of events and resumes with the oldest kept`,
        },
      };
    return { start: resume };
  }

  private reserve(caller: string): () => void {
    const held = this.perCaller.get(caller) ?? 0;
    if (held >= MAX_STREAMS_PER_CALLER) throw new TooManyStreamsError(MAX_STREAMS_PER_CALLER);
    this.perCaller.set(caller, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.perCaller.get(caller) ?? 1) - 1;
      if (now > 0) this.perCaller.set(caller, now);
      else this.perCaller.delete(caller);
    };
  }

  private wakeAll(): void {
    for (const stream of this.streams) stream.wake();
  }
}
