import {
  createProducer,
  DOMAIN_TOPIC_CONFIGS,
  provisionTopics,
  type MessagingLogger,
} from '@zoneledger/messaging';
import {
  CreateProjectionCheckpoints1764500000000,
  installProjection,
  ProjectionRunner,
  rebuildGroup,
  rebuildProjection,
  type ProjectionRunnerOptions,
} from '@zoneledger/projections';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { timed, until } from '../bench-report';
import { zoneRegistered, zoneView } from './zone-view.projection';

export const PARTITIONS = 3;
export const POOL_SIZE = 10;

const quiet: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A 3-partition topic holding `events` ZoneRegistered CloudEvents of distinct zones. */
export async function produceZoneRegistrations(
  kafka: Kafka,
  topic: string,
  runId: string,
  events: number,
): Promise<void> {
  await provisionTopics(kafka, [
    { topic, partitions: PARTITIONS, replicationFactor: 1, configs: DOMAIN_TOPIC_CONFIGS },
  ]);
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    for (let first = 0; first < events; first += 1000) {
      const messages = Array.from({ length: Math.min(1000, events - first) }, (_, i) =>
        zoneRegistered(runId, first + i),
      );
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A data source on a new schema of its own with the projection checkpoints' migration run. */
export async function migratedSchema(databaseUrl: string, schema: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: [CreateProjectionCheckpoints1764500000000],
    migrationsTableName: 'typeorm_migrations',
    extra: { max: POOL_SIZE, options: `-c search_path=${schema}` },
  });
  await dataSource.initialize();
  await dataSource.query(`create schema "${schema}"`);
  await dataSource.runMigrations();
  return dataSource;
}

/** What the runner and the rebuild take from the bench's settings. */
export type RunnerSettings = Pick<
  ProjectionRunnerOptions,
  'maxBatchSize' | 'partitionsConsumedConcurrently' | 'consumer'
>;

/** A rate over `events`. */
export function rate(events: number, ms: number): { ms: number; eventsPerSecond: number } {
  return { ms, eventsPerSecond: Math.round(events / (ms / 1000)) };
}

async function assertViewComplete(dataSource: DataSource, events: number, lag = 0): Promise<void> {
  const [{ rows }] = await dataSource.query(`select count(*)::int as rows from zone_view`);
  if (lag !== 0 || rows !== events)
    throw new Error(`lag ${lag}, ${rows} rows after ${events} events`);
}

/**
 * A ProjectionRunner with the bench's zone_view projection, from start() until it has applied
 * every event; then every partition's lag must be 0 and the view must hold a row per zone.
 */
export async function runnerCatchUp(
  kafka: Kafka,
  dataSource: DataSource,
  options: {
    topic: string;
    groupId: string;
    events: number;
    handleBatch: boolean;
  } & RunnerSettings,
): Promise<{ ms: number; eventsPerSecond: number }> {
  const { topic, groupId, events, handleBatch, ...settings } = options;
  const runner = new ProjectionRunner({
    dataSource,
    kafka,
    projection: zoneView(topic, handleBatch),
    groupId,
    logger: quiet,
    ...settings,
  });
  try {
    const { ms } = await timed(async () => {
      await runner.start();
      await until(() => runner.counters().applied >= events, 'the runner to apply every event');
    });
    const lag = (await runner.lag()).reduce((sum, partition) => sum + partition.lag, 0);
    await assertViewComplete(dataSource, events, lag);
    return rate(events, ms);
  } finally {
    await runner.stop();
  }
}

/**
 * rebuildProjection on an installed zone_view (generation 1, empty), from its call until it
 * returns: generation 2 filled from the beginning of the topic by a group of its own, the views
 * switched to it, generation 1 dropped. Then the view must hold a row per zone. Returns the
 * rebuild's consumer group, for the clean-up.
 */
export async function rebuildCatchUp(
  kafka: Kafka,
  dataSource: DataSource,
  options: { topic: string; groupId: string; events: number } & RunnerSettings,
): Promise<{ ms: number; eventsPerSecond: number; rebuildGroupId: string }> {
  const { topic, groupId, events, ...settings } = options;
  const projection = zoneView(topic, true);
  const from = await installProjection(dataSource, projection);
  const { ms } = await timed(() =>
    rebuildProjection({
      dataSource,
      kafka,
      projection,
      groupId,
      logger: quiet,
      pollIntervalMs: 20,
      ...settings,
    }),
  );
  await assertViewComplete(dataSource, events);
  return { ...rate(events, ms), rebuildGroupId: rebuildGroup(groupId, from + 1) };
}
