import { encodeEventData, eventContract } from '@zoneledger/contracts';
import {
  createKafkaClient,
  createProducer,
  DOMAIN_TOPIC_CONFIGS,
  encodeCloudEvent,
  provisionTopics,
  type ConsumedEvent,
  type MessagingLogger,
} from '@zoneledger/messaging';
import {
  CreateProjectionCheckpoints1764500000000,
  ProjectionRunner,
  type Projection,
  type ProjectionContext,
  type ProjectionRunnerOptions,
} from '../src';
import { testIds, type TestIds } from '@zoneledger/testing';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

const ZONE_REGISTERED = 'zoneledger.zone.v1.ZoneRegistered';
const quiet: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * A read model of registered zones: one row per zone counting its registrations (a redelivered
 * event would make it 2), and a count per province, kept in the same transaction.
 */
export function zoneViewProjection(
  topic: string,
  onHandle: (event: ConsumedEvent, context: ProjectionContext) => Promise<void> = async () =>
    undefined,
): Projection {
  return {
    name: 'zone-view',
    topics: [topic],
    tables: ['zone_view', 'province_zones'],
    async createTables(manager, context) {
      await manager.query(`create table ${context.table('zone_view')} (
        zone_id text primary key, name_en text not null, province text not null, registrations int not null)`);
      await manager.query(
        `create table ${context.table('province_zones')} (province text primary key, zones int not null)`,
      );
    },
    async handle(event, manager, context) {
      await onHandle(event, context);
      const { zoneId, nameEn, province } = event.data as {
        zoneId: string;
        nameEn: string;
        province: string;
      };
      await manager.query(
        `insert into ${context.table('zone_view')} as z (zone_id, name_en, province, registrations) values ($1, $2, $3, 1)
         on conflict (zone_id) do update set registrations = z.registrations + 1`,
        [zoneId, nameEn, province],
      );
      await manager.query(
        `insert into ${context.table('province_zones')} as p (province, zones) values ($1, 1)
         on conflict (province) do update set zones = p.zones + 1`,
        [province],
      );
    },
  };
}

/** A zone registration as the zone-registry publishes it. */
export function zoneRegistered(zoneId: string, province: string, streamVersion?: number) {
  return encodeCloudEvent({
    id: randomUUID(),
    source: '/zoneledger/zone-registry',
    type: ZONE_REGISTERED,
    subject: zoneId,
    // As the relay stamps it; absent, a projection cannot tell which of a zone's events it is.
    ...(streamVersion === undefined
      ? {}
      : { extensions: { streamversion: String(streamVersion) } }),
    time: new Date('2024-10-01T08:00:00.000Z'),
    dataschema: eventContract(ZONE_REGISTERED).dataschema,
    data: encodeEventData(ZONE_REGISTERED, {
      zoneId,
      nameZh: '开发区',
      nameEn: `Development zone ${zoneId}`,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province,
      city: '市',
      region: 'REGION_EAST',
      approvedOn: { year: 2010 },
    }),
  });
}

const PROVINCES = ['江苏省', '浙江省', '广东省'];

/** One test's schema (migrated), topic and groups; cleanup() removes them all. */
export class ProjectionTestbed {
  readonly ids: TestIds;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly dataSource: DataSource;
  readonly topic: string;
  private readonly runners: ProjectionRunner[] = [];
  private readonly groups = new Set<string>();

  constructor(label: string) {
    this.ids = testIds(label);
    this.kafka = createKafkaClient({
      clientId: this.ids.id,
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      log: () => undefined,
    });
    this.admin = this.kafka.admin();
    // Idempotent: a produce retried under load must not put a second copy on the topic, which
    // a test counting applications would take for a redelivery bug.
    this.producer = createProducer(this.kafka, { idempotent: true, maxInFlightRequests: 1 });
    this.topic = this.ids.topic('zones');
    this.dataSource = new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      migrations: [CreateProjectionCheckpoints1764500000000],
      migrationsTableName: 'typeorm_migrations',
      extra: { max: 12, options: `-c search_path=${this.ids.schema}` },
    });
  }

  async setUp(partitions = 3): Promise<this> {
    await this.dataSource.initialize();
    await this.dataSource.query(`create schema "${this.ids.schema}"`);
    await this.dataSource.runMigrations();
    await this.admin.connect();
    await this.producer.connect();
    await provisionTopics(this.kafka, [
      { topic: this.topic, partitions, replicationFactor: 1, configs: DOMAIN_TOPIC_CONFIGS },
    ]);
    return this;
  }

  group(name: string): string {
    const group = this.ids.group(name);
    this.groups.add(group);
    return group;
  }

  /**
   * Registers zones `<prefix>-<i>` for i in [from, to), spread over provinces; each event the
   * first of its zone's stream when `streamVersion` is 1, without a stream version by default.
   */
  async registerZones(
    prefix: string,
    from: number,
    to: number,
    streamVersion?: number,
  ): Promise<string[]> {
    const zones = Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: zones.map((zone, i) =>
        zoneRegistered(zone, PROVINCES[(from + i) % PROVINCES.length], streamVersion),
      ),
    });
    return zones;
  }

  /** A started runner, stopped by cleanup() unless the test stops it. */
  async runner(
    options: Omit<ProjectionRunnerOptions, 'kafka' | 'dataSource'>,
  ): Promise<ProjectionRunner> {
    const runner = new ProjectionRunner({
      kafka: this.kafka,
      dataSource: this.dataSource,
      logger: quiet,
      consumer: { maxWaitTimeInMs: 200 },
      ...options,
    });
    this.runners.push(runner);
    await runner.start();
    return runner;
  }

  runnerDefaults() {
    return { kafka: this.kafka, dataSource: this.dataSource, logger: quiet };
  }

  query<T>(
    sql: string,
    parameters: unknown[] = [],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<T[]> {
    return manager.query(sql, parameters);
  }

  async cleanup(): Promise<void> {
    for (const runner of this.runners) await runner.stop().catch(() => undefined);
    await this.producer.disconnect();
    const dlqs = [...this.groups].map((group) => `${group}.dlq`);
    const existing = new Set(await this.admin.listTopics());
    await this.admin.deleteTopics({ topics: [this.topic, ...dlqs].filter((t) => existing.has(t)) });
    await this.admin.deleteGroups([...this.groups]).catch(() => undefined);
    await this.admin.disconnect();
    await this.dataSource.query(`drop schema if exists "${this.ids.schema}" cascade`);
    await this.dataSource.destroy();
  }
}
