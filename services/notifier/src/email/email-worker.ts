import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import { PostgresListener } from '../application/postgres-listener';
import { DeliveryQueue, type ClaimedDelivery } from '../delivery/delivery-queue';
import { ScheduleRounds } from '../delivery/schedule-rounds';
import { EmailAttempts } from './email-attempts';
import { EMAIL, IMMEDIATE } from './email-deliveries';
import type { CloudEventJson } from './mail-rendering';
import { notificationMessageId, renderNotificationMail } from './mail-rendering';
import { MailSender } from './mail-sender';

/**
 * Immediate e-mail (EMAIL_MODE_IMMEDIATE): one mail per notification, as soon as it is due. Claims
 * due e-mail deliveries of immediate subscriptions (DeliveryQueue.claim: the per-subject order,
 * SKIP LOCKED and a lease, so instances share the work and none sends a mail another is sending),
 * sends each, and records the attempt on its notification's stream: a failure is tried again on
 * the webhooks' retry schedule (NOTIFIER_RETRY_SCHEDULE). Woken by the NOTIFY a new delivery
 * sends on 'notifier_deliveries' (payload: its channel kind) and by a poll timer (retries falling
 * due, NOTIFYs missed). Without SMTP_URL it does not start: e-mail deliveries stay pending.
 */
@Injectable()
export class EmailWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EmailWorker');
  private readonly rounds = new ScheduleRounds(
    () => this.drain(),
    (error) =>
      this.logger.warn(
        { error: error.message },
        'e-mail round failed; trying again on the next wake',
      ),
  );

  constructor(
    private readonly sender: MailSender,
    private readonly queue: DeliveryQueue,
    private readonly listener: PostgresListener,
    private readonly attempts: EmailAttempts,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.sender.active) return;
    await this.rounds.start(this.listener, EMAIL, this.config.delivery.pollMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.rounds.stop();
  }

  // Claims and sends until nothing is due, a batch of `concurrency` at a time.
  private async drain(): Promise<void> {
    const { concurrency } = this.config.delivery;
    for (;;) {
      if (this.rounds.stopping) return;
      const claimed = await this.queue.claim(EMAIL, concurrency, new Date(), {
        emailMode: IMMEDIATE,
      });
      const results = await Promise.allSettled(claimed.map((row) => this.deliver(row)));
      for (const result of results)
        if (result.status === 'rejected')
          this.logger.warn(
            { error: (result.reason as Error).message },
            'e-mail delivery not finished; its lease runs out and it is tried again',
          );
      if (claimed.length < concurrency && !this.rounds.takeWake()) return;
    }
  }

  private async deliver(row: ClaimedDelivery): Promise<void> {
    const address = row.subscription?.view.channel.address;
    const notification = await this.attempts.mailOf({
      notificationId: row.notificationId,
      ...(row.cloudEvent ? { cloudEvent: row.cloudEvent as unknown as CloudEventJson } : {}),
    });
    if (!notification || !address) {
      await this.queue.release(row.notificationId, row.leaseUntil);
      return;
    }
    const mail = renderNotificationMail(notification);
    const started = performance.now();
    const outcome = await this.sender.send({
      to: address,
      subject: mail.subject,
      text: mail.text,
      messageId: notificationMessageId(row.notificationId, this.sender.messageIdDomain),
      headers: {
        'X-ZoneLedger-Notification-Id': row.notificationId,
        'X-ZoneLedger-Subscription-Id': row.subscriptionId,
      },
    });
    const latencyMs = performance.now() - started;
    await this.attempts.record(row.notificationId, outcome, latencyMs, new Date());
  }
}
