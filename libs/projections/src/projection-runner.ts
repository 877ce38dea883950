import {
  ConsumerRunner,
  lagOf,
  partitionKey,
  type ConsumedEvent,
  type ConsumerRunnerOptions,
  type MessagePosition,
  type MessagingLogger,
  type RetryPolicy,
} from '@zoneledger/messaging';
import type { Admin, Kafka } from 'kafkajs';
import { escapeLiteral } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { PartitionPositions } from './partition-positions';
import {
  assertProjectionTables,
  checkpointName,
  generationTable,
  projectionContext,
  type Projection,
  type ProjectionContext,
  type ProjectionStatements,
} from './projection';
import {
  atCheckpointInTwoRoundTrips,
  atKnownCheckpoint,
  inCheckpointTransaction,
  OVERTAKEN_SQLSTATE,
  type CheckpointTarget,
  type KnownCheckpoint,
  type SeenCheckpoint,
  type StatementsWork,
} from './checkpoint-transaction';
import { NO_CHECKPOINT, readCheckpoints } from './projection-checkpoints';
import { UnknownProjectionTableError } from './projection-errors';
import { currentGeneration, installProjection } from './projection-generations';
import { isTransientDatabaseError } from './transient-database-error';

export interface ProjectionRunnerOptions {
  readonly dataSource: DataSource;
  readonly kafka: Kafka;
  readonly projection: Projection;
  /** The service's consumer group for this projection (physical, like topic names). */
  readonly groupId: string;
  /** Defaults: 5 attempts; database outages and conflicts retried without bound. */
  readonly retry?: Partial<RetryPolicy>;
  readonly deadLetter?: ConsumerRunnerOptions['deadLetter'];
  readonly partitionsConsumedConcurrently?: number;
  /** Most events of a partition applied in one transaction. Default 2,000 (ADR 0015). */
  readonly maxBatchSize?: number;
  readonly consumer?: ConsumerRunnerOptions['consumer'];
  readonly logger?: MessagingLogger;
  /** Writes this generation whatever the views show: what a rebuild runs. Default: follow the current one. */
  readonly generation?: number;
}

/**
 * Events per transaction when catching up: larger batches mean fewer round trips and commits per
 * event (a rebuild ran 10-19% faster at 2,000 than at 500); a failed batch goes one by one.
 */
export const DEFAULT_MAX_BATCH_SIZE = 2000;

/** What a projection runner did, for metrics. */
export interface ProjectionCounters {
  readonly applied: number;
  /** Redelivered events, recognised by their checkpoint and left alone. */
  readonly skipped: number;
  readonly deadLettered: number;
  readonly retried: number;
  /** Events of types no contract here describes (a newer producer's), passed over. */
  readonly unknownTypes: number;
}

/** How far a read model is behind one partition. */
export interface ProjectionLag {
  readonly topic: string;
  readonly partition: number;
  readonly highWatermark: string;
  /** Offset applied last; -1 when none. */
  readonly checkpoint: string;
  /** Events written to the partition and not yet applied: highWatermark - 1 - checkpoint. */
  readonly lag: number;
}

/** What one transaction did: how many events it applied and skipped, or that it sought back. */
type Outcome = { readonly applied: number; readonly skipped: number } | 'moved';

/** A batch against its partition's checkpoint: seek elsewhere, or apply the fresh positions. */
type Step<Position extends MessagePosition = MessagePosition> =
  | { readonly seekTo: string; readonly appliedUpTo?: undefined }
  | {
      readonly fresh: Position[];
      readonly appliedUpTo?: string;
      readonly outcome: Exclude<Outcome, 'moved'>;
    };

/** A batch written as statements: its step, and the checkpoint it was taken at. */
interface WrittenStep {
  readonly step: Step<ConsumedEvent>;
  readonly at: KnownCheckpoint;
}

/**
 * Keeps a read model effectively-once: the events Kafka hands over for a partition (up to
 * maxBatchSize) are applied in one database transaction that locks and advances its
 * (projection generation, topic, partition) checkpoint to the last of them, so a redelivered
 * event changes nothing. The checkpoint, not Kafka's committed offset, says what was applied:
 * the consumer fetches a partition's next batch while one is applied (fetchAhead), so Kafka's
 * offsets may run up to a batch ahead, and the runner seeks back to its checkpoint after a join
 * (PartitionPositions). When a handler fails inside a batch, the transaction rolls back and the
 * batch's events are applied one per transaction, so retries and dead letters stay per event.
 */
export class ProjectionRunner {
  private readonly consumer: ConsumerRunner;
  private readonly admin: Admin;
  private readonly positions: PartitionPositions;
  private readonly counts = { applied: 0, skipped: 0 };
  /**
   * Per partition, the checkpoint this runner advanced last, while nothing says another writer
   * moved it since: a batch that needs nothing read is then written in one round trip, its guard
   * checking the checkpoint is still there (atKnownCheckpoint).
   */
  private readonly known = new Map<string, KnownCheckpoint>();

  constructor(private readonly options: ProjectionRunnerOptions) {
    assertProjectionTables(options.projection);
    this.admin = options.kafka.admin();
    this.positions = new PartitionPositions((topic, partition) =>
      this.lowWatermark(topic, partition),
    );
    this.consumer = new ConsumerRunner({
      kafka: options.kafka,
      groupId: options.groupId,
      topics: options.projection.topics,
      // A read model is built from the whole history.
      fromBeginning: true,
      retry: { isTransient: isTransientDatabaseError, ...options.retry },
      deadLetter: options.deadLetter,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      consumer: options.consumer,
      logger: options.logger,
      handle: (event) => this.apply([event]),
      handleBatch: (events) => this.apply(events),
      maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
      onDeadLettered: (position) => this.passOver(position),
      onSkipped: (position) => this.passOver(position),
      onGroupJoin: () => {
        this.positions.forget();
        this.known.clear();
      },
      // The checkpoint is the truth: Kafka's offsets may run a batch ahead of it.
      fetchAhead: true,
    });
  }

  get projection(): Projection {
    return this.options.projection;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /** Installs the projection's first generation if it has none, then consumes. */
  async start(): Promise<void> {
    if (this.options.generation === undefined)
      await installProjection(this.options.dataSource, this.projection);
    await this.admin.connect();
    await this.alignGroupOffsets();
    await this.consumer.start();
  }

  /**
   * Before joining: moves the group's committed offsets back to the checkpoints where they are
   * ahead (another deployment consumed with the same group id, a database restored from a
   * backup, offsets moved by hand). The first event of each partition is checked against the
   * checkpoint anyway (PartitionPositions), but a partition whose committed offset is already at
   * its end sends no event, and its lag would stay. A group with other members refuses the move
   * (they are consuming, and check their own positions): that is logged, not fatal.
   */
  private async alignGroupOffsets(): Promise<void> {
    const generation = await this.generation();
    const checkpoints = await readCheckpoints(
      this.options.dataSource.manager,
      checkpointName(this.projection.name, generation),
    );
    const committed = await this.admin.fetchOffsets({
      groupId: this.groupId,
      topics: [...this.projection.topics],
    });
    for (const topic of this.projection.topics) {
      const committedOf = new Map(
        (committed.find((entry) => entry.topic === topic)?.partitions ?? []).map((entry) => [
          entry.partition,
          BigInt(entry.offset),
        ]),
      );
      const moves: { partition: number; offset: string }[] = [];
      for (const { partition, low } of await this.admin.fetchTopicOffsets(topic)) {
        const at = committedOf.get(partition) ?? -1n;
        const checkpoint = checkpoints.get(partitionKey(topic, partition)) ?? NO_CHECKPOINT;
        const next = checkpoint + 1n > BigInt(low) ? checkpoint + 1n : BigInt(low);
        if (at >= 0n && at > next) moves.push({ partition, offset: String(next) });
      }
      if (moves.length === 0) continue;
      try {
        await this.admin.setOffsets({ groupId: this.groupId, topic, partitions: moves });
        this.options.logger?.warn(
          { groupId: this.groupId, topic, partitions: moves },
          'group offsets were ahead of the read model: moved back to its checkpoints',
        );
      } catch (error) {
        this.options.logger?.warn(
          { groupId: this.groupId, topic, partitions: moves, err: String(error) },
          'group offsets are ahead of the read model and could not be moved (the group has members)',
        );
      }
    }
  }

  /** Stops after the event or batch in hand. */
  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.admin.disconnect();
  }

  /** The generation this runner writes now. */
  async generation(manager: EntityManager = this.options.dataSource.manager): Promise<number> {
    return this.options.generation ?? currentGeneration(manager, this.projection.name);
  }

  counters(): ProjectionCounters {
    const { deadLettered, retried, unknownTypes } = this.consumer.counters();
    return { ...this.counts, deadLettered, retried, unknownTypes };
  }

  /** Per partition of every topic: events not yet applied (for metrics and health). */
  async lag(): Promise<ProjectionLag[]> {
    const generation = await this.generation();
    const checkpoints = await readCheckpoints(
      this.options.dataSource.manager,
      checkpointName(this.projection.name, generation),
    );
    const result: ProjectionLag[] = [];
    for (const topic of this.projection.topics) {
      for (const { partition, high, low } of await this.admin.fetchTopicOffsets(topic)) {
        const checkpoint = checkpoints.get(partitionKey(topic, partition)) ?? NO_CHECKPOINT;
        const applied = checkpoint >= BigInt(low) ? checkpoint : BigInt(low) - 1n;
        result.push({
          topic,
          partition,
          highWatermark: high,
          checkpoint: String(checkpoint),
          lag: lagOf(high, applied + 1n),
        });
      }
    }
    return result;
  }

  /** Applies consecutive events of one partition in one transaction. */
  private async apply(events: readonly ConsumedEvent[]): Promise<void> {
    const { statements } = this.projection;
    const outcome = statements
      ? await this.atCheckpointByStatements(events, statements)
      : await this.atCheckpoint(events, (manager, context, fresh) =>
          this.project(fresh, manager, context),
        );
    if (outcome === 'moved') return;
    this.counts.applied += outcome.applied;
    this.counts.skipped += outcome.skipped;
  }

  /**
   * The table a batch's read goes to. Following the current generation, its stable view, read
   * after the generation in the same round trip: if a switch commits in between, the guard that
   * advances the checkpoint finds the generation gone and the batch is read again (ADR 0021). A
   * rebuild reads its own generation's table.
   */
  private source(table: string): string {
    const { generation } = this.options;
    if (!this.projection.tables.includes(table))
      throw new UnknownProjectionTableError(this.projection.name, table);
    return generation === undefined ? table : generationTable(table, generation);
  }

  private async project(
    events: readonly ConsumedEvent[],
    manager: EntityManager,
    context: ProjectionContext,
  ): Promise<void> {
    const { projection } = this;
    if (events.length > 1 && projection.handleBatch)
      await projection.handleBatch(events, manager, context);
    else for (const event of events) await projection.handle(event, manager, context);
  }

  // A dead-lettered event, or one of an unknown type, is passed over in the checkpoint too: the
  // read model's position then says "everything up to here was applied, dead-lettered or not
  // ours to apply", which is what a rebuild waits for.
  private async passOver(position: MessagePosition): Promise<void> {
    await this.atCheckpoint([position], async () => undefined);
  }

  /**
   * Runs `work` on the positions past the checkpoint (consecutive, one partition), then advances
   * it, in a transaction that holds the checkpoint throughout (inCheckpointTransaction).
   */
  private async atCheckpoint<Position extends MessagePosition>(
    positions: readonly Position[],
    work: (manager: EntityManager, context: ProjectionContext, fresh: Position[]) => Promise<void>,
  ): Promise<Outcome> {
    const { topic, partition } = positions[0];
    this.known.delete(partitionKey(topic, partition));
    const step = await inCheckpointTransaction<Step>(
      this.options.dataSource,
      this.checkpointTarget(topic, partition),
      async ({ manager, generation, applied }) => {
        const step = await this.step(positions, generation, applied);
        if ('fresh' in step && step.fresh.length > 0)
          await work(manager, projectionContext(this.projection, generation), step.fresh);
        return { result: step, appliedUpTo: step.appliedUpTo };
      },
    );
    return this.settled(topic, partition, step);
  }

  /**
   * Applies a batch given as statements (ADR 0021): the read sent with the round trip that reads
   * the checkpoint, the write with the one that advances it, and no transaction open between.
   * A batch a switch or another writer overtook fails with OVERTAKEN_SQLSTATE, a transient
   * error: the consumer tries it again, from a fresh read. A batch that needs nothing read, on a
   * partition whose checkpoint this runner advanced last, skips the first round trip; if the
   * checkpoint moved meanwhile, it takes both.
   */
  private async atCheckpointByStatements(
    events: readonly ConsumedEvent[],
    statements: ProjectionStatements,
  ): Promise<Outcome> {
    const { topic, partition } = events[0];
    const key = partitionKey(topic, partition);
    const target = this.checkpointTarget(topic, partition);
    const known = this.known.get(key);
    this.known.delete(key);
    const write = (seen: SeenCheckpoint) => this.writeStep(events, statements, seen);
    let written: WrittenStep | undefined;
    if (known && this.needsNoRead(events, statements, known)) {
      written = await atKnownCheckpoint(this.options.dataSource, target, known, write).catch(
        (error: unknown) => {
          if ((error as { code?: unknown }).code === OVERTAKEN_SQLSTATE) return undefined;
          throw error;
        },
      );
    }
    written ??= await atCheckpointInTwoRoundTrips(this.options.dataSource, target, write, {
      read: statements.read?.(events, (table) => this.source(table), escapeLiteral),
    });
    const { step, at } = written;
    if (!('seekTo' in step))
      this.known.set(key, {
        generation: at.generation,
        applied: step.appliedUpTo === undefined ? at.applied : BigInt(step.appliedUpTo),
      });
    return this.settled(topic, partition, step);
  }

  /** Whether the events past a known checkpoint need nothing read (ProjectionStatements.readNeeded). */
  private needsNoRead(
    events: readonly ConsumedEvent[],
    statements: ProjectionStatements,
    known: KnownCheckpoint,
  ): boolean {
    if (!statements.read) return true;
    const fresh = events.filter((event) => BigInt(event.offset) > known.applied);
    return fresh.length > 0 && statements.readNeeded?.(fresh) === false;
  }

  /**
   * The batch's step against the checkpoint seen, and the write of its fresh events; its result
   * names the checkpoint it was taken at.
   */
  private async writeStep(
    events: readonly ConsumedEvent[],
    statements: ProjectionStatements,
    { generation, applied, read }: SeenCheckpoint,
  ): Promise<StatementsWork<WrittenStep>> {
    const step = await this.step(events, generation, applied);
    const write =
      'fresh' in step && step.fresh.length > 0
        ? statements.write(
            step.fresh,
            read,
            projectionContext(this.projection, generation),
            escapeLiteral,
          )
        : undefined;
    return { result: { step, at: { generation, applied } }, appliedUpTo: step.appliedUpTo, write };
  }

  private checkpointTarget(topic: string, partition: number): CheckpointTarget {
    return {
      projection: this.projection.name,
      generation: this.options.generation,
      topic,
      partition,
    };
  }

  /** What to do with `positions` given the checkpoint: seek elsewhere, or apply the fresh ones. */
  private async step<Position extends MessagePosition>(
    positions: readonly Position[],
    generation: number,
    applied: bigint,
  ): Promise<Step<Position>> {
    const place = await this.positions.check(positions[0], generation, applied);
    if (!place.inPlace) return { seekTo: place.seekTo };
    const fresh = positions.filter((position) => BigInt(position.offset) > applied);
    return {
      fresh,
      appliedUpTo: fresh.at(-1)?.offset,
      outcome: { applied: fresh.length, skipped: positions.length - fresh.length },
    };
  }

  /** After the commit: a moved partition's consumer leaves the batch and fetches from the target. */
  private settled(topic: string, partition: number, step: Step): Outcome {
    if ('seekTo' in step) {
      this.consumer.seek(topic, partition, step.seekTo);
      return 'moved';
    }
    return step.outcome;
  }

  private async lowWatermark(topic: string, partition: number): Promise<bigint> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return BigInt(offsets.find((p) => p.partition === partition)?.low ?? '0');
  }
}
