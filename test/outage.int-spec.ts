import { Topics } from '@zoneledger/contracts';
import { CreateEventStore1764400000000, PostgresEventStore } from '@zoneledger/event-store';
import {
  createKafkaClient,
  createTopicsWithLeaders,
  OutboxRelay,
  type MessagingLogger,
} from '@zoneledger/messaging';
import {
  CreateProjectionCheckpoints1764500000000,
  ProjectionRunner,
  type Projection,
} from '@zoneledger/projections';
import { eventually, startDedicatedKafka, testIds, type DedicatedKafka } from '@zoneledger/testing';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

const quiet: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Counts every event it applies per zone: an event applied twice shows up as a 2. */
const zoneEvents = (topic: string): Projection => ({
  name: 'zone-events',
  topics: [topic],
  tables: ['zone_events'],
  async createTables(manager, context) {
    await manager.query(
      `create table ${context.table('zone_events')} (zone_id text, version int, applied int, primary key (zone_id, version))`,
    );
  },
  async handle(event, manager, context) {
    await manager.query(
      `insert into ${context.table('zone_events')} as e (zone_id, version, applied) values ($1, $2, 1)
       on conflict (zone_id, version) do update set applied = e.applied + 1`,
      [event.cloudEvent.subject, Number(event.cloudEvent.extensions?.streamversion)],
    );
  },
});

describe('write path to read model through a Kafka outage', () => {
  const ids = testIds('outage');
  let broker: DedicatedKafka;
  let dataSource: DataSource;
  let relay: OutboxRelay;
  let projection: ProjectionRunner;

  beforeAll(async () => {
    broker = await startDedicatedKafka();
    dataSource = new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      migrations: [CreateEventStore1764400000000, CreateProjectionCheckpoints1764500000000],
      migrationsTableName: 'typeorm_migrations',
      extra: { max: 8, options: `-c search_path=${ids.schema}` },
    });
    await dataSource.initialize();
    await dataSource.query(`create schema "${ids.schema}"`);
    await dataSource.runMigrations();
  }, 120_000);

  afterAll(async () => {
    await projection?.stop().catch(() => undefined);
    await relay?.stop();
    await dataSource?.query(`drop schema if exists "${ids.schema}" cascade`);
    await dataSource?.destroy();
    broker?.destroy();
  });

  it('accepts every write while Kafka is down and projects each event exactly once afterwards', async () => {
    const kafka = createKafkaClient({
      clientId: ids.id,
      brokers: [broker.brokers],
      log: () => undefined,
    });
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    const store = new PostgresEventStore(pool, { schema: ids.schema });
    const prefix = `${ids.id}.`;
    const topic = `${prefix}${Topics.zones}`;
    relay = new OutboxRelay({
      store,
      pool,
      kafka,
      source: '/zoneledger/zone-registry',
      topicPrefix: prefix,
      pollIntervalMs: 20,
      backoff: { initialMs: 100, maxMs: 1000 },
      prepare: async () => {
        const admin = kafka.admin();
        await admin.connect();
        await createTopicsWithLeaders(admin, [{ topic, numPartitions: 3 }]);
        await admin.disconnect();
      },
    });
    const register = (zoneId: string) =>
      store.append(
        zoneId,
        'no_stream',
        [{ type: 'ZoneRegistered', data: { zoneId, nameEn: zoneId, province: '江苏' } }],
        {
          streamType: 'zone',
          metadata: { actor: 'outage-test' },
        },
      );
    const rename = (zoneId: string, version: number) =>
      store.append(
        zoneId,
        version,
        [{ type: 'ZoneRenamed', data: { zoneId, nameEn: `${zoneId} (${version})` } }],
        {
          streamType: 'zone',
        },
      );
    const appliedCounts = async () =>
      (await dataSource.query(
        `select zone_id, version, applied from zone_events order by zone_id, version`,
      )) as {
        zone_id: string;
        version: number;
        applied: number;
      }[];

    relay.start();
    for (const zone of ['zone-a', 'zone-b', 'zone-c']) await register(zone);
    await eventually(() => expect(relay.status().published).toBe(3), { timeoutMs: 30_000 });
    projection = new ProjectionRunner({
      dataSource,
      kafka,
      projection: zoneEvents(topic),
      groupId: ids.group('zone-events'),
      logger: quiet,
      consumer: { maxWaitTimeInMs: 200 },
    });
    await projection.start();
    await eventually(async () => expect(await appliedCounts()).toHaveLength(3), {
      timeoutMs: 30_000,
    });

    broker.stop();
    for (const zone of ['zone-d', 'zone-e']) await register(zone);
    for (const version of [1, 2, 3]) await rename('zone-a', version);
    expect(await relay.lag()).toBe(5);

    broker.start();
    await eventually(async () => expect(await relay.lag()).toBe(0), { timeoutMs: 90_000 });
    await eventually(async () => expect(await appliedCounts()).toHaveLength(8), {
      timeoutMs: 90_000,
    });
    const counts = await appliedCounts();
    expect(counts.filter((row) => row.applied !== 1)).toEqual([]);
    expect(counts.filter((row) => row.zone_id === 'zone-a').map((row) => row.version)).toEqual([
      1, 2, 3, 4,
    ]);
  });
});
