import type { KafkaMessage, Producer } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import {
  decodeConsumedEvent,
  isUndecodable,
  isUnknownEventType,
  type ConsumedEvent,
} from './consumed-event';
import { DeadLetterPublishError } from './consumer-errors';
import { deadLetterMessage, errorCodeOf } from './dead-letter-message';
import type { MessagingLogger } from './messaging-logger';
import { backoffDelayMs, type RetryPolicy } from './retry-policy';

/** Where a message sits in Kafka. */
export interface MessagePosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** What the batch loop offers while a message is handled. */
export interface BatchControls {
  heartbeat(): Promise<void>;
  /** True once the consumer stops, or the partition was sought elsewhere: leave the message unresolved. */
  interrupted(): boolean;
}

export type MessageOutcome = 'processed' | 'skipped' | 'dead-lettered' | 'interrupted';

export interface MessageProcessorOptions {
  readonly groupId: string;
  readonly deadLetterTopic: string;
  readonly producer: Producer;
  readonly policy: RetryPolicy;
  readonly logger: MessagingLogger;
  readonly signal: AbortSignal;
  handle(event: ConsumedEvent): Promise<void>;
  handleBatch?(events: readonly ConsumedEvent[]): Promise<void>;
  onDeadLettered?(position: MessagePosition): Promise<void>;
  onSkipped?(position: MessagePosition): Promise<void>;
}

/** Counts a consumer exposes for metrics. */
export interface ConsumerCounters {
  /** Messages the handler completed. */
  readonly processed: number;
  readonly deadLettered: number;
  /** Handler failures followed by another attempt. */
  readonly retried: number;
  /** Messages of event types this consumer does not know (a newer producer's), passed over. */
  readonly unknownTypes: number;
}

// Long backoffs are cut into slices with a heartbeat after each, so the group keeps the member.
const HEARTBEAT_SLICE_MS = 1000;

/**
 * One message's way through a consumer: decode, handle with bounded retries, or dead-letter.
 * Undecodable messages are dead-lettered at once: no retry can fix their bytes. A well-formed
 * message of an event type no contract here describes is passed over: producers add event types
 * without waiting for every consumer's release, and a consumer ignores what it does not know.
 */
export class MessageProcessor {
  private readonly counts = { processed: 0, deadLettered: 0, retried: 0, unknownTypes: 0 };

  constructor(private readonly options: MessageProcessorOptions) {}

  counters(): ConsumerCounters {
    return { ...this.counts };
  }

  /**
   * Hands a run of one partition's decoded events to the batch handler at once: true when it
   * took them all. A failure is only logged: the caller then processes the run one message at a
   * time, so retries and dead letters stay per message.
   */
  async processRun(events: readonly ConsumedEvent[]): Promise<boolean> {
    if (!this.options.handleBatch || events.length === 0) return false;
    try {
      await this.options.handleBatch(events);
    } catch (error) {
      const [first] = events;
      this.options.logger.warn(
        {
          topic: first.topic,
          partition: first.partition,
          fromOffset: first.offset,
          toOffset: events[events.length - 1].offset,
          code: errorCodeOf(error),
          err: String(error),
        },
        'batch handler failed; handling its messages one by one',
      );
      return false;
    }
    this.counts.processed += events.length;
    return true;
  }

  async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    controls: BatchControls,
  ): Promise<MessageOutcome> {
    let event: ConsumedEvent;
    try {
      event = decodeConsumedEvent(topic, partition, message);
    } catch (error) {
      if (!isUndecodable(error)) throw error;
      const at = { topic, partition, offset: message.offset };
      if (isUnknownEventType(error)) {
        await this.skip(at, error.eventType);
        return 'skipped';
      }
      await this.deadLetter(message, at, error, 1);
      return 'dead-lettered';
    }
    const { policy, logger } = this.options;
    for (let attempt = 1, failures = 0; ; attempt++) {
      try {
        await this.options.handle(event);
        this.counts.processed++;
        return 'processed';
      } catch (error) {
        const transient = policy.isTransient(error);
        if (!transient) failures++;
        if (!transient && failures >= policy.attempts) {
          await this.deadLetter(
            message,
            { topic, partition, offset: message.offset },
            error,
            attempt,
          );
          return 'dead-lettered';
        }
        this.counts.retried++;
        logger.warn(
          {
            topic,
            partition,
            offset: message.offset,
            attempt,
            transient,
            code: errorCodeOf(error),
            err: String(error),
          },
          'handler failed; retrying',
        );
        const waited = await this.backoff(
          backoffDelayMs(transient ? attempt : failures, policy),
          controls,
        );
        if (!waited) return 'interrupted';
      }
    }
  }

  private async skip(at: MessagePosition, ceType: string): Promise<void> {
    await this.options.onSkipped?.(at);
    this.counts.unknownTypes++;
    this.options.logger.info(
      { ...at, ceType },
      'message of an event type this consumer does not know: passed over',
    );
  }

  // The dead letter is written (acks from every in-sync replica) before the caller resolves the
  // original offset: a crash in between leaves at worst a duplicate dead letter, never a loss.
  private async deadLetter(
    message: KafkaMessage,
    at: MessagePosition,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const { groupId, deadLetterTopic, producer, logger } = this.options;
    const letter = deadLetterMessage(message, {
      ...at,
      error,
      groupId,
      attempts,
      failedAt: new Date(),
    });
    try {
      await producer.send({ topic: deadLetterTopic, acks: -1, messages: [letter] });
    } catch (cause) {
      throw new DeadLetterPublishError(deadLetterTopic, cause);
    }
    await this.options.onDeadLettered?.({
      topic: at.topic,
      partition: at.partition,
      offset: at.offset,
    });
    this.counts.deadLettered++;
    logger.error(
      {
        topic: at.topic,
        partition: at.partition,
        offset: at.offset,
        attempts,
        code: errorCodeOf(error),
        err: String(error),
        deadLetterTopic,
      },
      'message dead-lettered',
    );
  }

  /** Waits, heartbeating; false when interrupted (stop, seek) before the wait was over. */
  private async backoff(ms: number, controls: BatchControls): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!controls.interrupted()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return true;
      await delay(Math.min(remaining, HEARTBEAT_SLICE_MS), undefined, {
        signal: this.options.signal,
      }).catch(() => undefined);
      await controls.heartbeat();
    }
    return false;
  }
}
