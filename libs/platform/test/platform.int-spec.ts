import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InjectDataSource } from '@nestjs/typeorm';
import { createProducer, createTopicsWithLeaders } from '@zoneledger/messaging';
import { configureServiceApp, KAFKA, mintDevToken, PlatformModule } from '../src';
import { eventually, testIds } from '@zoneledger/testing';
import type { Kafka } from 'kafkajs';
import {
  Column,
  DataSource,
  Entity,
  PrimaryColumn,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';

@Entity({ name: 'probe_note' })
class ProbeNote {
  @PrimaryColumn('text') id!: string;
  @Column('text') body!: string;
}

class CreateProbeNote1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('create table probe_note (id text primary key, body text not null)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table probe_note');
  }
}

@Controller('probe')
class ProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('schema')
  async schema() {
    const [row] = await this.dataSource.query('select current_schema() as schema');
    return row;
  }
}

const SECRET = 'zoneledger-platform-test-secret';

describe('a service on the platform, against real Postgres and real Kafka', () => {
  const ids = testIds('platform');
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    @Module({
      imports: [
        PlatformModule.forService({
          service: 'platform-probe',
          port: 0,
          databaseSchema: ids.schema,
          migrations: [CreateProbeNote1700000000000],
          entities: [ProbeNote],
          env: {
            ...process.env,
            DATABASE_SCHEMA: ids.schema,
            AUTH_JWT_SECRET: SECRET,
            AUTH_JWKS_URL: undefined,
          },
        }),
      ],
      controllers: [ProbeController],
    })
    class ProbeAppModule {}

    const moduleRef = await Test.createTestingModule({ imports: [ProbeAppModule] }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    configureServiceApp(app, { title: 'probe', description: 'platform probe' });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.get(DataSource).query(`drop schema if exists "${ids.schema}" cascade`);
    await app?.close();
  });

  it('runs its migrations into its own schema and writes and reads a row there', async () => {
    const repository = app.get(DataSource).getRepository(ProbeNote);
    await repository.save({ id: ids.id, body: 'Suzhou Industrial Park ranks first' });

    const stored = await repository.findOneByOrFail({ id: ids.id });
    expect(stored.body).toBe('Suzhou Industrial Park ranks first');

    const [table] = await app
      .get(DataSource)
      .query(
        `select table_schema from information_schema.tables where table_name = 'probe_note' and table_schema = $1`,
        [ids.schema],
      );
    expect(table).toEqual({ table_schema: ids.schema });
    const token = await mintDevToken({ secret: SECRET, sub: 'probe', roles: ['ops'] });
    const response = await fetch(`${baseUrl}/probe/schema`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await expect(response.json()).resolves.toEqual({ schema: ids.schema });
  });

  it('produces to a Kafka topic and consumes the message back through a consumer group', async () => {
    const kafka = app.get<Kafka>(KAFKA);
    const topic = ids.topic('probe');
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsWithLeaders(admin, [{ topic, numPartitions: 3 }]);

    const producer = createProducer(kafka, { idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: ids.id, value: 'zone registered' }] });

    const received: string[] = [];
    const consumer = kafka.consumer({ groupId: ids.group('probe') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void received.push(String(message.value)),
    });

    try {
      await eventually(() => expect(received).toEqual(['zone registered']), { timeoutMs: 30_000 });
      const [committed] = await eventually(async () => {
        const offsets = await admin.fetchOffsets({ groupId: ids.group('probe'), topics: [topic] });
        const partitions = offsets[0].partitions.filter((p) => p.offset !== '-1');
        expect(partitions).toHaveLength(1);
        return partitions;
      });
      expect(committed.offset).toBe('1');
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] });
      await admin.disconnect();
    }
  });

  it('reports ready when Postgres answers, with Kafka and the projections as information', async () => {
    const live = await fetch(`${baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${baseUrl}/health/ready`);
    const body = (await ready.json()) as { info: unknown };
    expect(ready.status).toBe(200);
    expect(body.info).toEqual({
      postgres: { status: 'up' },
      kafka: { status: 'up' },
      projections: { status: 'up' },
    });
  });

  it('serves its OpenAPI document', async () => {
    const document = (await fetch(`${baseUrl}/docs-json`).then((r) => r.json())) as {
      openapi: string;
      paths: object;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toContain('/probe/schema');
  });
});
