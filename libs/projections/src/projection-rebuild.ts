import { deadLetterTopic, partitionKey, withKafkaRetries } from '@zoneledger/messaging';
import type { Admin } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { checkpointName } from './projection';
import { deleteCheckpoints, readCheckpoints } from './projection-checkpoints';
import { ProjectionRebuildConflictError } from './projection-errors';
import {
  createGenerationTables,
  currentGeneration,
  dropGenerationTables,
  installProjection,
  pointViewsAt,
  recordGeneration,
} from './projection-generations';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import { acquireRebuildLock } from './rebuild-lock';
import { partitionsBehind, type PartitionMark, type RebuildProgress } from './rebuild-progress';

export interface RebuildProjectionOptions
  extends Omit<ProjectionRunnerOptions, 'generation' | 'deadLetter'> {
  /** How often progress is compared. Default 200 ms. */
  readonly pollIntervalMs?: number;
  /** Longest the live writers are held back at the switch before it is tried again. Default 10 s. */
  readonly switchTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface RebuildReport {
  readonly projection: string;
  readonly fromGeneration: number;
  readonly toGeneration: number;
  /** Partition ends when the rebuild started; the new generation covered at least these. */
  readonly marks: readonly PartitionMark[];
  /** Events the rebuild dead-lettered, to `deadLetterTopic` (kept only when there are some). */
  readonly deadLettered: number;
  readonly deadLetterTopic?: string;
}

/** The consumer group that fills a generation. */
export function rebuildGroup(groupId: string, generation: number): string {
  return `${groupId}.rebuild.g${generation}`;
}

/**
 * Rebuilds a projection from the start of its topics without downtime:
 * 1. creates generation N+1's tables and notes every partition's end;
 * 2. fills them with a consumer group of its own, from the beginning, while the views keep
 *    showing generation N and the live runner keeps it current;
 * 3. once N+1 has reached the noted ends and everything N has applied, switches in one
 *    transaction that holds the generations row: the views now show N+1. Live runners see the
 *    new generation in their next event's transaction and continue on N+1 from its checkpoints
 *    (seeking back if their group was ahead), so no event between catch-up and switch is lost;
 * 4. drops generation N.
 */
export async function rebuildProjection(options: RebuildProjectionOptions): Promise<RebuildReport> {
  const { dataSource, kafka, projection } = options;
  const lock = await acquireRebuildLock(dataSource, projection.name);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await installProjection(dataSource, projection);
    const from = await currentGeneration(dataSource.manager, projection.name);
    const to = from + 1;
    await dataSource.transaction(async (manager) => {
      await createGenerationTables(manager, projection, to);
      await deleteCheckpoints(manager, checkpointName(projection.name, to));
    });
    const marks = await partitionEnds(admin, projection.topics, options.signal);
    const groupId = rebuildGroup(options.groupId, to);
    await admin.deleteGroups([groupId]).catch(() => undefined); // an abandoned attempt's offsets
    const runner = new ProjectionRunner({ ...options, groupId, generation: to });
    const progress = (manager: EntityManager) =>
      readProgress(manager, admin, {
        projection: projection.name,
        from,
        to,
        groupId,
        marks,
        signal: options.signal,
      });
    let switched = false;
    try {
      await runner.start();
      while (!switched) {
        await waitFor(
          async () => partitionsBehind(await progress(dataSource.manager)).length === 0,
          options,
        );
        switched = await dataSource.transaction(async (manager) => {
          const generation = await currentGeneration(manager, projection.name, 'update');
          lock.assertHeld();
          if (generation !== from)
            throw new ProjectionRebuildConflictError(
              projection.name,
              `generation moved to ${generation}`,
            );
          // Live writers wait on the row now; the rebuild's own runner does not read it and catches up.
          const caughtUp = await waitFor(
            async () => partitionsBehind(await progress(manager)).length === 0,
            {
              ...options,
              timeoutMs: options.switchTimeoutMs ?? 10_000,
            },
          );
          if (!caughtUp) return false;
          await pointViewsAt(manager, projection, to);
          await recordGeneration(manager, projection.name, to);
          return true;
        });
      }
    } finally {
      await runner.stop();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await dataSource.transaction(async (manager) => {
        const dropped = switched ? from : to;
        await dropGenerationTables(manager, projection, dropped);
        await deleteCheckpoints(manager, checkpointName(projection.name, dropped));
      });
    }
    const { deadLettered } = runner.counters();
    if (deadLettered === 0)
      await admin.deleteTopics({ topics: [deadLetterTopic(groupId)] }).catch(() => undefined);
    return {
      projection: projection.name,
      fromGeneration: from,
      toGeneration: to,
      marks,
      deadLettered,
      ...(deadLettered > 0 ? { deadLetterTopic: deadLetterTopic(groupId) } : {}),
    };
  } finally {
    await admin.disconnect();
    await lock.release();
  }
}

// A topic created moments before (a service's first start) may answer NOT_LEADER for a while.
async function partitionEnds(
  admin: Admin,
  topics: readonly string[],
  signal?: AbortSignal,
): Promise<PartitionMark[]> {
  const marks: PartitionMark[] = [];
  for (const topic of topics) {
    const offsets = await withKafkaRetries(() => admin.fetchTopicOffsets(topic), { signal });
    for (const { partition, high } of offsets)
      marks.push({ topic, partition, highWatermark: high });
  }
  return marks;
}

async function readProgress(
  manager: EntityManager,
  admin: Admin,
  rebuild: {
    projection: string;
    from: number;
    to: number;
    groupId: string;
    marks: readonly PartitionMark[];
    signal?: AbortSignal;
  },
): Promise<RebuildProgress> {
  const topics = [...new Set(rebuild.marks.map((mark) => mark.topic))];
  const offsets = await withKafkaRetries(
    () => admin.fetchOffsets({ groupId: rebuild.groupId, topics }),
    { signal: rebuild.signal },
  );
  const committed = new Map(
    offsets.flatMap(({ topic, partitions }) =>
      partitions.map((p) => [partitionKey(topic, p.partition), BigInt(p.offset)] as const),
    ),
  );
  return {
    marks: rebuild.marks,
    rebuilt: await readCheckpoints(manager, checkpointName(rebuild.projection, rebuild.to)),
    live: await readCheckpoints(manager, checkpointName(rebuild.projection, rebuild.from)),
    committed,
  };
}

/** Polls until the condition holds (true) or the timeout passes (false); throws when aborted. */
async function waitFor(
  condition: () => Promise<boolean>,
  {
    pollIntervalMs = 200,
    timeoutMs = Number.POSITIVE_INFINITY,
    signal,
  }: { pollIntervalMs?: number; timeoutMs?: number; signal?: AbortSignal },
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await delay(pollIntervalMs, undefined, { signal });
  }
}
