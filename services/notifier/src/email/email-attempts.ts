import { Inject, Injectable, Logger } from '@nestjs/common';
import { WrongExpectedVersionError } from '@zoneledger/event-store';
import { ConcurrencyConflictError, type CommandContext } from '@zoneledger/platform';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import { NotificationStreams } from '../delivery/notification-streams';
import { NotifierError, type AttemptOutcome, type Notification } from '../domain';
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
  private readonly logger = new Logger('EmailAttempts');

  constructor(
    private readonly notifications: NotificationStreams,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  /** The claimed delivery's notification as a mail tells it; undefined if no longer pending. */
  async mailOf(row: ClaimedEmail): Promise<MailNotification | undefined> {
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

  /**
   * Records an attempt. A notification moved on meanwhile (NOTIFIER.NOTIFICATION_CLOSED, or a
   * concurrent append) is logged and left as it is.
   */
  async record(
    notificationId: string,
    outcome: AttemptOutcome,
    latencyMs: number,
    now: Date,
  ): Promise<void> {
    const context: CommandContext = { actor: EMAIL_ACTOR, correlationId: notificationId };
    try {
      await this.notifications.decide(
        notificationId,
        () => ({
          type: 'RecordAttempt',
          data: {
            notificationId,
            outcome,
            latencyMs: Math.max(0, Math.round(latencyMs)),
            now,
            schedule: this.config.delivery.schedule,
          },
        }),
        context,
      );
    } catch (error) {
      if (
        !(error instanceof NotifierError) &&
        !(error instanceof ConcurrencyConflictError) &&
        !(error instanceof WrongExpectedVersionError)
      )
        throw error;
      this.logger.warn(
        { notificationId, error: (error as Error).message },
        'e-mail attempt not recorded: the notification moved on',
      );
    }
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
