import { Injectable } from '@nestjs/common';
import { DeliveryAttempts } from '../delivery/delivery-attempts';
import { NotificationStreams } from '../delivery/notification-streams';
import type { AttemptOutcome, Notification } from '../domain';
import type { ClaimedEmail } from './email-deliveries';
import type { MailNotification } from './mail-rendering';

/** Who records the e-mail attempts, in the events' metadata. */
export const EMAIL_ACTOR = 'notifier/email';

/**
 * The notification streams as the e-mail workers use them: what a claimed delivery's mail says
 * (its CloudEvent from the feed, the zones followed from its NotificationCreated), and each
 * attempt recorded on its stream (RecordAttempt, on the configured retry schedule), which moves
 * its `deliveries` row: delivered, due again at the retry, or given up.
 */
@Injectable()
export class EmailAttempts {
  constructor(
    private readonly notifications: NotificationStreams,
    private readonly attempts: DeliveryAttempts,
  ) {}

  /** The claimed delivery's notification as a mail tells it; undefined if no longer pending. */
  async mailOf(
    row: Pick<ClaimedEmail, 'notificationId' | 'cloudEvent'>,
  ): Promise<MailNotification | undefined> {
    const { state } = await this.notifications.read(row.notificationId);
    if (!state.exists || state.status !== 'pending') return undefined;
    return {
      notificationId: row.notificationId,
      // The feed keeps events for a while (NOTIFIER_STREAM_RETENTION_MS): past it, what the
      // notification itself says of its source.
      cloudEvent: row.cloudEvent ?? sourceOf(state),
      followed: state.followed,
    };
  }

  /** Records an attempt (DeliveryAttempts), as the e-mail workers' own. */
  async record(
    notificationId: string,
    outcome: AttemptOutcome,
    latencyMs: number,
    now: Date,
  ): Promise<void> {
    await this.attempts.record(notificationId, { outcome, latencyMs }, now, EMAIL_ACTOR);
  }
}

function sourceOf(state: Notification): MailNotification['cloudEvent'] {
  return {
    id: state.source.eventId,
    type: state.source.eventType,
    subject: state.source.subject,
    time: state.source.time.toISOString(),
  };
}
