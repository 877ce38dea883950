import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PostgresEventStore } from '@zoneledger/event-store';
import { EVENT_STORE, postgresPool } from '@zoneledger/platform';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import { digestDue, nextDigestAt } from './digest-period';
import { EmailAttempts } from './email-attempts';
import {
  claimDigest,
  digestSubscriptions,
  releaseLeases,
  type ClaimedEmail,
} from './email-deliveries';
import { digestMessageId, renderDigestMail, type MailNotification } from './mail-rendering';
import { MailSender } from './mail-sender';

/**
 * The daily digest (EMAIL_MODE_DAILY_DIGEST): at NOTIFIER_DIGEST_AT (UTC) and every
 * NOTIFIER_DIGEST_INTERVAL_MS after it (digestDue), one mail per digest subscription listing its
 * pending e-mail deliveries from before the cut-off (digestContents), then each one's attempt
 * recorded on its notification's stream: delivered, or failed and in a later digest once the
 * retry schedule makes it due again.
 *
 * Durable and once only: the pending `deliveries` rows are the digest's state, so an instance
 * starting (or restarting) sends the digest of the latest period that has ended if nobody has;
 * a subscription's digest is claimed under a transaction-scoped advisory lock and its rows leased
 * (claimDigest), so two instances never send the same digest, and recorded rows are no longer
 * pending. A crash after the mail went out but before the attempts were recorded leaves the rows
 * leased: once the lease runs out they are mailed again, by the same period's digest (the same
 * Message-ID) if an instance starts before the next cut-off, else in the next one.
 */
@Injectable()
export class EmailDigest implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EmailDigest');
  private readonly pool: Pool;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private completed?: Date;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    private readonly sender: MailSender,
    private readonly attempts: EmailAttempts,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {
    this.pool = postgresPool(dataSource);
  }

  onApplicationBootstrap(): void {
    if (!this.sender.active) return;
    this.stopped = false;
    // The latest period that has ended, if its digest has not gone out (a restart), then each
    // cut-off as it comes.
    this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** The cut-off of the latest scheduled round that went through every subscription. */
  get completedThrough(): Date | undefined {
    return this.completed;
  }

  private run(): void {
    if (this.stopped) return;
    const { digestAt, digestIntervalMs } = this.config.email;
    const cutoff = digestDue(new Date(), digestAt, digestIntervalMs);
    this.running = this.sendDigests(cutoff)
      .then(() => {
        if (!this.stopped) this.completed = cutoff;
      })
      .catch((error: Error) =>
        this.logger.warn(
          { error: error.message, cutoff },
          'digest round failed; the next one retries',
        ),
      )
      .finally(() => {
        this.running = undefined;
        this.schedule();
      });
  }

  private schedule(): void {
    if (this.stopped) return;
    const { digestAt, digestIntervalMs } = this.config.email;
    const next = nextDigestAt(new Date(), digestAt, digestIntervalMs);
    // A round that overran its period still waits for the next cut-off; rows left over are
    // taken by it, as they are created before it. A lease left by a crash runs out by then too.
    this.timer = setTimeout(() => this.run(), Math.max(0, next.getTime() - Date.now()));
    this.timer.unref();
  }

  /** Sends the digest of the period ending at `cutoff` to every digest subscription due one. */
  async sendDigests(cutoff: Date): Promise<void> {
    for (const subscriptionId of await digestSubscriptions(this.pool, cutoff)) {
      if (this.stopped) return;
      try {
        await this.sendDigest(subscriptionId, cutoff);
      } catch (error) {
        this.logger.warn(
          { subscriptionId, cutoff, error: (error as Error).message },
          'digest not finished; its lease runs out and the next round sends it',
        );
      }
    }
  }

  private async sendDigest(subscriptionId: string, cutoff: Date): Promise<void> {
    const { leaseMs } = this.config.delivery;
    const claimed = await claimDigest(this.store, subscriptionId, cutoff, new Date(), leaseMs);
    if (claimed.length === 0) return;
    const included: { row: ClaimedEmail; notification: MailNotification }[] = [];
    for (const row of claimed) {
      const notification = await this.attempts.mailOf(row);
      if (notification) included.push({ row, notification });
    }
    if (included.length === 0) {
      await releaseLeases(
        this.pool,
        claimed.map((row) => row.notificationId),
      );
      return;
    }
    const mail = renderDigestMail({
      notifications: included.map(({ notification }) => notification),
      until: cutoff,
    });
    const started = performance.now();
    const outcome = await this.sender.send({
      to: included[0].row.address,
      subject: mail.subject,
      text: mail.text,
      messageId: digestMessageId(subscriptionId, cutoff, this.sender.messageIdDomain),
      headers: {
        'X-ZoneLedger-Subscription-Id': subscriptionId,
        'X-ZoneLedger-Digest-Until': cutoff.toISOString(),
      },
    });
    const latencyMs = performance.now() - started;
    const now = new Date();
    for (const { row } of included)
      await this.attempts.record(row.notificationId, outcome, latencyMs, now);
  }
}
