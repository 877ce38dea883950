import type {
  Admin,
  Consumer,
  ConsumerConfig,
  EachBatchPayload,
  Kafka,
  KafkaMessage,
  Producer,
} from 'kafkajs';
import { createProducer } from '../kafka-client';
import { deadLetterTopic, deadLetterTopicSpec, provisionTopics } from '../topic-provisioning';
import { decodeConsumedRun, type ConsumedEvent } from './consumed-event';
import { lagOf, partitionPosition, type PartitionLag } from './consumer-lag';
import {
  MessageProcessor,
  type BatchControls,
  type ConsumerCounters,
  type MessagePosition,
} from './message-processor';
import { stderrMessagingLogger, type MessagingLogger } from './messaging-logger';
import { partitionKey } from './partition-key';
import { retryPolicy, type RetryPolicy } from './retry-policy';

export interface DeadLetterOptions {
  /** Defaults to a producer of the runner's own. */
  readonly producer?: Producer;
  /** Defaults to deadLetterTopic(groupId). */
  readonly topic?: string;
  /** The topic is created at start unless it exists; false leaves that to the deployment. */
  readonly provision?:
    | false
    | { readonly replicationFactor?: number; readonly retentionMs?: number };
}

export interface ConsumerRunnerOptions {
  readonly kafka: Kafka;
  /** The consumer group; physical, like topic names (include the prefix where one is used). */
  readonly groupId: string;
  /** Physical topic names. */
  readonly topics: readonly string[];
  /** Handles one event; throwing means retry, then dead-letter. */
  handle(event: ConsumedEvent): Promise<void>;
  /**
   * Optional: handles consecutive events of one partition at once, all or nothing (e.g. in one
   * database transaction). When it throws, those events go through `handle` one by one, so
   * retries and dead letters stay per event; batches resume after them.
   */
  handleBatch?(events: readonly ConsumedEvent[]): Promise<void>;
  /** Most events per handleBatch call. Default 500. */
  readonly maxBatchSize?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly deadLetter?: DeadLetterOptions;
  /** Where a group without committed offsets starts: the first message (true) or the next one. */
  readonly fromBeginning?: boolean;
  /** Partitions handled at once; order holds within each partition. Default 1. */
  readonly partitionsConsumedConcurrently?: number;
  readonly logger?: MessagingLogger;
  /** kafkajs consumer settings (session timeout, fetch sizes, maxWaitTimeInMs: default 1000...). */
  readonly consumer?: Partial<Omit<ConsumerConfig, 'groupId'>>;
  /** After a message's dead letter is written and before its offset is resolved. */
  onDeadLettered?(position: MessagePosition): Promise<void>;
  /** When a message of an event type no contract here describes is passed over, before its offset is resolved. */
  onSkipped?(position: MessagePosition): Promise<void>;
  /**
   * Lets kafkajs fetch a partition's next batch while the batch before it is handled: the
   * batch's offsets are resolved, and may be committed, as soon as it is taken over, so a crash
   * or a rebalance may leave Kafka's offsets up to one batch per partition past what was
   * handled. Only for handlers that keep their own checkpoint in their store and seek back to
   * it (the projection runner). At most one batch per partition is in hand. Default false.
   */
  readonly fetchAhead?: boolean;
  /** When this member has (re)joined its group: its partitions may have changed. */
  onGroupJoin?(): void;
}

/**
 * Runs a consumer group over ZoneLedger events: per-partition order, partitions in parallel,
 * bounded retries, dead letters, offsets resolved as messages are handled (so a crash redelivers
 * at most the message, or the batch, in hand), heartbeats between them so slow handlers keep
 * their partitions.
 */
export class ConsumerRunner {
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly processor: MessageProcessor;
  private readonly logger: MessagingLogger;
  private readonly stopping = new AbortController();
  private readonly maxBatchSize: number;
  /** Next offset to handle per `topic:partition`, as this process knows it (commits trail behind). */
  private readonly positions = new Map<string, string>();
  /** fetchAhead, per `topic:partition`: the batch being handled, seeks so far, a failure to raise. */
  private readonly inHand = new Map<string, Promise<void>>();
  private readonly seeks = new Map<string, number>();
  private readonly failures = new Map<string, unknown>();

  constructor(private readonly options: ConsumerRunnerOptions) {
    this.logger = options.logger ?? stderrMessagingLogger;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    // A fetch waits at most a second for data: stopping and seeking wait for the fetch in flight.
    this.consumer = options.kafka.consumer({
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 1000,
      ...options.consumer,
      // kafkajs restarts a crashed consumer on a timer even after disconnect() (a broker lost while
      // the service stops): a stopped runner must not come back and hold the process open.
      retry: {
        ...options.consumer?.retry,
        restartOnFailure: async () => !this.stopping.signal.aborted,
      },
      groupId: options.groupId,
    });
    this.admin = options.kafka.admin();
    this.producer = options.deadLetter?.producer ?? createProducer(options.kafka);
    this.processor = new MessageProcessor({
      groupId: options.groupId,
      deadLetterTopic: this.deadLetterTopic,
      producer: this.producer,
      policy: retryPolicy(options.retry),
      logger: this.logger,
      signal: this.stopping.signal,
      handle: (event) => options.handle(event),
      handleBatch: options.handleBatch?.bind(options),
      onDeadLettered: async (position) => options.onDeadLettered?.(position),
      onSkipped: async (position) => options.onSkipped?.(position),
    });
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get deadLetterTopic(): string {
    return this.options.deadLetter?.topic ?? deadLetterTopic(this.options.groupId);
  }

  /** Resolves once the consumer has joined its group and consumes. */
  async start(): Promise<void> {
    await this.provisionDeadLetterTopic();
    if (!this.options.deadLetter?.producer) await this.producer.connect();
    await this.admin.connect();
    const { consumer } = this;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.positions.clear(); // partitions may have moved to other members
      // fetchAhead: a failure kept for a partition's next batch is moot after a join; the
      // handler's checkpoint decides where the partition resumes.
      this.failures.clear();
      this.options.onGroupJoin?.();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      this.logger.error(
        { groupId: this.groupId, err: String(payload.error), restart: payload.restart },
        'consumer crashed',
      ),
    );
    await consumer.connect();
    await consumer.subscribe({
      topics: [...this.options.topics],
      fromBeginning: this.options.fromBeginning ?? false,
    });
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      // Commits at the end of each batch and at least every second within a long one.
      autoCommitInterval: 1000,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
  }

  /**
   * Stops after the message or batch in hand (a handler in backoff gives up; its message is
   * redelivered).
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.consumer.disconnect();
    // fetchAhead: batches taken over stop after the run in hand (they may still dead-letter).
    await Promise.all(this.inHand.values());
    if (!this.options.deadLetter?.producer) await this.producer.disconnect();
    await this.admin.disconnect();
  }

  /** Moves a partition: the next fetch starts at `offset`; the batch in hand stops unresolved. */
  seek(topic: string, partition: number, offset: string): void {
    const key = partitionKey(topic, partition);
    this.seeks.set(key, (this.seeks.get(key) ?? 0) + 1);
    this.positions.delete(key);
    this.consumer.seek({ topic, partition, offset });
  }

  counters(): ConsumerCounters {
    return this.processor.counters();
  }

  /** Messages not yet handled, per partition of every subscribed topic (for metrics and health). */
  async lag(): Promise<PartitionLag[]> {
    const topics = [...this.options.topics];
    const committed = await this.admin.fetchOffsets({ groupId: this.groupId, topics });
    const result: PartitionLag[] = [];
    for (const topic of topics) {
      const committedByPartition = new Map(
        (committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [
          p.partition,
          p.offset,
        ]),
      );
      for (const { partition, high, low } of await this.admin.fetchTopicOffsets(topic)) {
        const position = partitionPosition(
          committedByPartition.get(partition),
          this.positions.get(partitionKey(topic, partition)),
          { low, high },
          this.options.fromBeginning ?? false,
        );
        result.push({
          topic,
          partition,
          highWatermark: high,
          position: String(position),
          lag: lagOf(high, position),
        });
      }
    }
    return result;
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    if (this.options.fetchAhead) return this.takeOver(payload);
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } =
      payload;
    const { topic, partition, messages } = batch;
    await this.handleMessages(
      topic,
      partition,
      messages,
      {
        heartbeat,
        interrupted: () => this.stopping.signal.aborted || !isRunning() || isStale(),
        moved: isStale,
      },
      async (last) => {
        resolveOffset(last);
        this.positions.set(partitionKey(topic, partition), String(BigInt(last) + 1n));
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    );
  }

  /**
   * fetchAhead: takes the batch over and returns, so kafkajs fetches the partition's next batch
   * while this one is handled. Its offsets are resolved at once; the next batch of the partition
   * waits here until this one is handled, and is dropped when this one sought elsewhere.
   */
  private async takeOver(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } =
      payload;
    const { topic, partition, messages } = batch;
    const key = partitionKey(topic, partition);
    const seeks = this.seeks.get(key) ?? 0;
    await this.inHand.get(key);
    const moved = () => isStale() || (this.seeks.get(key) ?? 0) !== seeks;
    const interrupted = () => this.stopping.signal.aborted || !isRunning() || moved();
    // A batch fetched before the partition was sought elsewhere is dropped.
    if (interrupted()) return;
    const failure = this.failures.get(key);
    if (failure !== undefined) {
      // The batch before failed after its offsets were resolved, and the partition was sought
      // back to its message in hand, where this batch starts: kafkajs restarts the consumer
      // from there, as after a failure in place.
      this.failures.delete(key);
      throw failure;
    }
    if (messages.length === 0) return;
    const lastOffset = messages[messages.length - 1].offset;
    resolveOffset(lastOffset);
    this.positions.set(key, String(BigInt(lastOffset) + 1n));
    let unhandled = messages[0].offset;
    const handling = this.handleMessages(
      topic,
      partition,
      messages,
      { heartbeat, interrupted, moved },
      async (last) => {
        unhandled = String(BigInt(last) + 1n);
        await heartbeat();
      },
    ).catch((error: unknown) => {
      if (interrupted()) return;
      this.failures.set(key, error);
      this.seek(topic, partition, unhandled);
    });
    this.inHand.set(key, handling);
    await commitOffsetsIfNecessary();
    await heartbeat();
  }

  /**
   * Handles one partition's messages in order: runs of up to maxBatchSize through the batch
   * handler, a failed run one message at a time. `handled` follows each run or message handled.
   */
  private async handleMessages(
    topic: string,
    partition: number,
    messages: readonly KafkaMessage[],
    controls: BatchControls & { moved(): boolean },
    handled: (lastOffset: string) => Promise<void>,
  ): Promise<void> {
    const decodeRun = (from: number) =>
      decodeConsumedRun(topic, partition, messages.slice(from, from + this.maxBatchSize));
    // Messages before this index go one by one: a batch handler failed on them.
    let oneByOneUntil = 0;
    // The run starting at `next`, decoded while the run before it was being handled.
    let decodedAhead: ConsumedEvent[] | undefined;
    for (let next = 0; next < messages.length; ) {
      if (controls.interrupted()) return;
      const run =
        this.options.handleBatch && next >= oneByOneUntil ? (decodedAhead ?? decodeRun(next)) : [];
      decodedAhead = undefined;
      let count = run.length;
      const handling = this.processor.processRun(run);
      // While the handler waits (on its database), the next run is decoded: decoding is pure, and
      // thrown away if this run fails and goes one by one.
      const following = next + run.length;
      if (run.length > 0 && following < messages.length) {
        try {
          decodedAhead = decodeRun(following);
        } catch {
          // Decoded again in its turn, where its error surfaces after this run's outcome.
        }
      }
      if (!(await handling)) {
        decodedAhead = undefined;
        oneByOneUntil = next + Math.max(run.length, 1);
        count = 1;
        const outcome = await this.processor.process(topic, partition, messages[next], controls);
        if (outcome === 'interrupted') return;
      }
      // A seek during the handler (a projection repositioning itself) leaves the messages unresolved.
      if (controls.moved()) return;
      await handled(messages[next + count - 1].offset);
      next += count;
    }
  }

  private async provisionDeadLetterTopic(): Promise<void> {
    const provision = this.options.deadLetter?.provision;
    if (provision === false) return;
    const spec = { ...deadLetterTopicSpec(this.groupId, provision), topic: this.deadLetterTopic };
    const report = await provisionTopics(this.options.kafka, [spec]);
    for (const problem of report.problems) this.logger.warn({ topic: spec.topic }, problem);
  }
}
