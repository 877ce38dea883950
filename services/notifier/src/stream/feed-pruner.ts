import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import { FeedReader } from './feed-reader';

/** Rows deleted per statement, so that pruning a large backlog holds no long transaction. */
const PRUNE_BATCH = 5_000;

/**
 * Prunes the feed of rows older than the live stream's retention (NOTIFIER_STREAM_RETENTION_MS,
 * a week by default), every tenth of it (at least a minute apart, at most an hour). It keeps the
 * newest of them (the retention horizon, by which a stream knows a Last-Event-ID is too old)
 * and the rows pending deliveries still need. Every instance prunes; deleting twice is harmless.
 */
@Injectable()
export class FeedPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FeedPruner.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly reader: FeedReader,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = Math.min(Math.max(this.config.streamRetentionMs / 10, 60_000), 3_600_000);
    this.timer = setInterval(() => {
      this.prune().catch((error: Error) =>
        this.logger.warn({ error: error.message }, 'pruning the feed failed; tried again later'),
      );
    }, everyMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Prunes now; answers how many rows went. */
  prune(): Promise<number> {
    this.running ??= this.pruneAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pruneAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.reader.prune(this.config.streamRetentionMs, PRUNE_BATCH);
      total += deleted;
      if (deleted < PRUNE_BATCH) break;
    }
    if (total > 0) this.logger.log({ deleted: total }, 'pruned the feed');
    return total;
  }
}
