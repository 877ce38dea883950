import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WrongExpectedVersionError } from '@zoneledger/event-store';
import { ConcurrencyConflictError, Metrics, type CommandContext } from '@zoneledger/platform';
import { Counter, Histogram } from 'prom-client';
import type { DataSource } from 'typeorm';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import { PostgresListener } from '../application/postgres-listener';
import { SubscriptionStreams } from '../application/subscription-streams';
import { WebhookSecrets } from '../application/webhook-secrets';
import {
  endpointDisabled,
  signingSecrets,
  type AttemptOutcome,
  type DisableReason,
  type SubscriptionState,
} from '../domain';
import { DeliveryAttempts } from './delivery-attempts';
import { DeliveryQueue, type ClaimedDelivery } from './delivery-queue';
import { ScheduleRounds } from './schedule-rounds';
import { DELIVERY_ATTEMPTS } from './delivery-tables';
import { webhookBody, WebhookSender, type WebhookResult } from './webhook-sender';

/** Who the notification and subscription streams name as the author of what delivery records. */
export const DELIVERY_ACTOR = 'notifier/delivery';

const WEBHOOK = 'CHANNEL_KIND_WEBHOOK';

// The longest a worker with nothing due sleeps before it looks again, whatever the poll period.
const MAX_IDLE_MS = 60_000;

/**
 * Delivers webhooks while the service runs: claims due webhook deliveries (DeliveryQueue: the
 * per-subject order, SKIP LOCKED and a lease, so instances share the work), keeps up to
 * NOTIFIER_DELIVERY_CONCURRENCY attempts in flight, and records each attempt on its
 * notification's stream (RecordAttempt with the configured schedule), which moves the delivery
 * on: delivered, retried at its time, given up. Woken by the NOTIFY a new or redelivered
 * notification sends on 'notifier_deliveries', by the end of an attempt, at the earliest due
 * retry, and by a poll timer (NOTIFYs missed, another instance's leases run out).
 *
 * An endpoint answering 410 Gone, or failing without a success for NOTIFIER_DISABLE_AFTER_MS, is
 * disabled on its subscription's stream (SubscriptionEndpointDisabled): its deliveries then wait
 * (the claim passes over them) until the subscription is resumed, as those of a paused
 * subscription do; a cancelled subscription's are never sent.
 *
 * On shutdown it claims nothing more and waits for the attempts in flight (each ends within the
 * attempt timeout); one cut short leaves its lease to run out, and it is tried again (at least
 * once: the webhook-id lets a receiver drop the repeat).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliveryWorker');
  private readonly inFlight = new Set<Promise<void>>();
  private readonly rounds = new ScheduleRounds(
    () => this.pump(),
    (error) =>
      this.logger.warn(
        { error: error.message },
        'could not claim webhook deliveries; trying again on the next wake',
      ),
  );
  private dueTimer?: NodeJS.Timeout;
  // Subscription states by id at a version (a claim names the current version), and the
  // secrets they name, opened once.
  private readonly subscriptionCache = new Map<
    string,
    { version: number; state: SubscriptionState }
  >();
  private readonly secretCache = new Map<string, string>();
  private readonly deliveries: Counter<'outcome'>;
  private readonly latency: Histogram<'outcome'>;

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: DeliveryQueue,
    private readonly listener: PostgresListener,
    private readonly attempts: DeliveryAttempts,
    private readonly subscriptions: SubscriptionStreams,
    private readonly secrets: WebhookSecrets,
    private readonly sender: WebhookSender,
    metrics: Metrics,
  ) {
    this.deliveries = metrics.counter(
      'notifier_webhook_attempts_total',
      'Webhook delivery attempts, by outcome (delivered, http_4xx, http_5xx, timeout, network_error, address_not_allowed, ...)',
      ['outcome'],
    );
    this.latency = metricHistogram(metrics, 'notifier_webhook_attempt_duration_seconds');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rounds.start(this.listener, WEBHOOK, this.config.delivery.pollMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.dueTimer);
    await this.rounds.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  // Claims as many due deliveries as there are free slots, until none is due or no slot is free;
  // then sets the timer for the earliest retry falling due.
  private async pump(): Promise<void> {
    const { concurrency } = this.config.delivery;
    for (;;) {
      if (this.rounds.stopping) return;
      const free = concurrency - this.inFlight.size;
      if (free <= 0) return; // an attempt's end wakes it
      const claimed = await this.queue.claim(WEBHOOK, free, new Date());
      for (const delivery of claimed) this.start(delivery);
      if (claimed.length < free && !this.rounds.takeWake()) break;
    }
    await this.timeNextDue();
  }

  private start(delivery: ClaimedDelivery): void {
    const attempt: Promise<void> = this.deliver(delivery)
      .catch((error: Error) =>
        this.logger.warn(
          { notificationId: delivery.notificationId, error: error.message },
          'webhook attempt not recorded; its lease runs out and it is tried again',
        ),
      )
      .finally(() => {
        this.inFlight.delete(attempt);
        // Claims go in batches: once half the slots are free (at once when few are busy).
        if (this.inFlight.size <= this.config.delivery.concurrency / 2) this.rounds.wake();
      });
    this.inFlight.add(attempt);
  }

  private async timeNextDue(): Promise<void> {
    const now = new Date();
    const next = await this.queue.nextDueAt(WEBHOOK, now);
    clearTimeout(this.dueTimer);
    if (!next || this.rounds.stopping) return;
    const delay = Math.min(Math.max(next.getTime() - now.getTime(), 0), MAX_IDLE_MS);
    if (delay >= this.config.delivery.pollMs) return; // the poll comes first
    this.dueTimer = setTimeout(() => this.rounds.wake(), delay + 1);
    this.dueTimer.unref();
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const subscription = await this.subscriptionOf(delivery);
    if (
      !subscription?.exists ||
      subscription.status !== 'active' ||
      subscription.endpointDisabled ||
      subscription.channel.kind !== WEBHOOK
    ) {
      // Changed since the claim: it waits (paused, disabled) or is never sent (cancelled).
      await this.queue.release(delivery.notificationId, delivery.leaseUntil);
      return;
    }
    // The claim holds what the attempt needs: the row is pending (a notification another worker
    // recorded meanwhile, its lease having run out, refuses the attempt's record: logged, left).
    const now = new Date();
    let result: WebhookResult;
    if (delivery.cloudEvent) {
      const secrets = await this.secretsOf(subscription, now);
      result = await this.sender.send({
        url: subscription.channel.url,
        messageId: delivery.notificationId,
        body: webhookBody(delivery.cloudEvent, delivery.subscriptionId, delivery.followed),
        secrets,
        timestamp: now,
      });
    } else {
      // The feed no longer holds the event (past its retention): nothing to send.
      result = {
        outcome: { kind: 'network-error', error: 'the event is no longer kept: nothing to send' },
        latencyMs: 0,
      };
    }
    this.measure(result);
    const recordedAt = new Date();
    const recorded = await this.attempts.record(
      delivery.notificationId,
      result,
      recordedAt,
      DELIVERY_ACTOR,
    );
    if (!recorded || recorded === 'NotificationDelivered') return;
    await this.disableIfDue(delivery.subscriptionId, result.outcome, recordedAt);
  }

  // After a failed attempt: 410 Gone disables the endpoint; so does failing, with no success,
  // for NOTIFIER_DISABLE_AFTER_MS (failing since: the first failure after the later of the last
  // success and the last resume).
  private async disableIfDue(
    subscriptionId: string,
    outcome: AttemptOutcome,
    now: Date,
  ): Promise<void> {
    let reason: DisableReason | undefined;
    if (outcome.kind === 'response' && outcome.status === 410) reason = { kind: 'gone' };
    else {
      const since = await this.failingSince(subscriptionId);
      if (endpointDisabled(since, now, this.config.delivery.disableAfterMs) && since)
        reason = { kind: 'failing', since };
    }
    if (!reason) return;
    const disable = reason;
    try {
      const { recorded } = await this.subscriptions.decide(
        subscriptionId,
        () => ({ type: 'DisableEndpoint', data: { subscriptionId, reason: disable, now } }),
        this.context(subscriptionId),
      );
      if (recorded.length > 0)
        this.logger.warn(
          { subscriptionId, reason: disable.kind },
          'webhook endpoint disabled until the subscription is resumed',
        );
    } catch (error) {
      // Another change to the subscription came first: the next failure asks again.
      if (
        !(error instanceof WrongExpectedVersionError || error instanceof ConcurrencyConflictError)
      )
        throw error;
    }
  }

  /** When the subscription's endpoint began failing (undefined: it is not failing). */
  private async failingSince(subscriptionId: string): Promise<Date | undefined> {
    const { events } = await this.subscriptions.read(subscriptionId);
    const resumed = events
      .filter((event) => event.type === 'SubscriptionResumed')
      .map((event) => event.recordedAt)
      .pop();
    const rows: { since: Date | null }[] = await this.db.query(
      `select min(attempted_at) as since from ${DELIVERY_ATTEMPTS}
       where subscription_id = $1 and outcome = 'failed'
         and attempted_at > greatest(
           coalesce((select max(attempted_at) from ${DELIVERY_ATTEMPTS}
                     where subscription_id = $1 and outcome = 'delivered'), '-infinity'),
           coalesce($2::timestamptz, '-infinity'))`,
      [subscriptionId, resumed ?? null],
    );
    return rows[0]?.since ? new Date(rows[0].since) : undefined;
  }

  // The subscription's state at the version the claim saw (read again when it moved on).
  private async subscriptionOf(delivery: ClaimedDelivery): Promise<SubscriptionState | undefined> {
    const version = delivery.subscription?.view.version;
    const cached = this.subscriptionCache.get(delivery.subscriptionId);
    if (cached && version !== undefined && cached.version >= version) return cached.state;
    const { state, version: current } = await this.subscriptions.read(delivery.subscriptionId);
    this.subscriptionCache.set(delivery.subscriptionId, { version: current, state });
    return state;
  }

  private async secretsOf(subscription: SubscriptionState, now: Date): Promise<string[]> {
    const references = signingSecrets(subscription, now);
    const missing = references.filter(({ secretRef }) => !this.secretCache.has(secretRef));
    const opened = await this.secrets.reveal(missing);
    missing.forEach(({ secretRef }, i) => this.secretCache.set(secretRef, opened[i]));
    return references.map(({ secretRef }) => this.secretCache.get(secretRef) as string);
  }

  private measure({ outcome, latencyMs }: WebhookResult): void {
    const label =
      outcome.kind === 'response'
        ? outcome.status >= 200 && outcome.status < 300
          ? 'delivered'
          : `http_${Math.floor(outcome.status / 100)}xx`
        : outcome.kind.replace(/-/g, '_');
    this.deliveries.inc({ outcome: label });
    this.latency.observe({ outcome: label }, latencyMs / 1000);
  }

  private context(correlationId: string): CommandContext {
    return { actor: DELIVERY_ACTOR, correlationId };
  }
}

// The attempt latency histogram, registered once per app's registry.
function metricHistogram(metrics: Metrics, name: string): Histogram<'outcome'> {
  const existing = metrics.registry.getSingleMetric(name);
  if (existing) return existing as Histogram<'outcome'>;
  return new Histogram({
    name,
    help: 'Time from the start of a webhook attempt to its answer read or its failure, by outcome',
    labelNames: ['outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [metrics.registry],
  });
}
