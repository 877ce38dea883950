import { Inject, Injectable, Logger } from '@nestjs/common';
import { WrongExpectedVersionError } from '@zoneledger/event-store';
import { ConcurrencyConflictError } from '@zoneledger/platform';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import { NotificationClosedError, type AttemptOutcome } from '../domain';
import { NotificationStreams } from './notification-streams';

/** How one attempt to deliver a notification ended. */
export interface AttemptResult {
  readonly outcome: AttemptOutcome;
  /** Milliseconds from its start to its end. */
  readonly latencyMs: number;
  /** The start of what the receiver answered, if it answered. */
  readonly responseExcerpt?: string;
}

/**
 * Records the attempts of every channel's workers on the notifications' streams (RecordAttempt on
 * the configured retry schedule), which moves each delivery on: delivered, due again at its
 * retry, given up. An attempt another worker recorded first (its lease ran out while this one was
 * under way), or on a notification that moved on meanwhile, is logged and left: undefined.
 */
@Injectable()
export class DeliveryAttempts {
  private readonly logger = new Logger('DeliveryAttempts');

  constructor(
    private readonly notifications: NotificationStreams,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  /** Records the attempt by `actor`; answers the event recorded, undefined if none was. */
  async record(
    notificationId: string,
    { outcome, latencyMs, responseExcerpt }: AttemptResult,
    now: Date,
    actor: string,
  ): Promise<'NotificationDelivered' | 'NotificationFailed' | undefined> {
    try {
      const { recorded } = await this.notifications.decide(
        notificationId,
        () => ({
          type: 'RecordAttempt',
          data: {
            notificationId,
            outcome,
            latencyMs: Math.max(0, Math.round(latencyMs)),
            now,
            schedule: this.config.delivery.schedule,
            ...(responseExcerpt ? { responseExcerpt } : {}),
          },
        }),
        { actor, correlationId: notificationId },
      );
      return recorded[0] as 'NotificationDelivered' | 'NotificationFailed' | undefined;
    } catch (error) {
      if (
        !(error instanceof WrongExpectedVersionError) &&
        !(error instanceof ConcurrencyConflictError) &&
        !(error instanceof NotificationClosedError)
      )
        throw error;
      this.logger.warn(
        { notificationId, error: (error as Error).message },
        'attempt not recorded: another worker recorded it first, or the notification moved on',
      );
      return undefined;
    }
  }
}
