import { eventually } from '@zoneledger/testing';
import { ProjectionTestbed, zoneViewProjection } from './projection.fixture';

interface ZoneRow {
  zone_id: string;
  province: string;
  registrations: number;
}

describe('ProjectionRunner against real Kafka and Postgres', () => {
  let bed: ProjectionTestbed;

  beforeEach(async () => {
    bed = await new ProjectionTestbed('projection').setUp();
  });
  afterEach(() => bed.cleanup());

  const zoneView = () =>
    bed.query<ZoneRow>('select zone_id, province, registrations from zone_view order by zone_id');
  const checkpoints = () =>
    bed.query<{
      projection: string;
      topic: string;
      partition: number;
      offset: string;
      updated_at: Date;
    }>('select * from projection_checkpoints order by "partition"');

  it('builds the read model once: redelivering every event changes neither it nor the checkpoints', async () => {
    const zones = await bed.registerZones('zone', 0, 24);
    const groupId = bed.group('zone-view');
    const projection = zoneViewProjection(bed.topic);
    const first = await bed.runner({ projection, groupId, partitionsConsumedConcurrently: 3 });

    await eventually(() => expect(first.counters().applied).toBe(zones.length), {
      timeoutMs: 30_000,
    });
    const built = await zoneView();
    expect(built.map((row) => row.zone_id).sort()).toEqual([...zones].sort());
    expect(built.every((row) => row.registrations === 1)).toBe(true);
    const highWatermarks = (await bed.admin.fetchTopicOffsets(bed.topic))
      .sort((a, b) => a.partition - b.partition)
      .map((p) => String(BigInt(p.high) - 1n));
    const before = await checkpoints();
    expect(before.map((c) => c.offset)).toEqual(highWatermarks);
    expect(before.every((c) => c.projection === 'zone-view/g1')).toBe(true);
    await eventually(async () => expect((await first.lag()).map((p) => p.lag)).toEqual([0, 0, 0]));
    await first.stop();

    // Kafka forgets what the group consumed (as after a crash before its commit): everything comes again.
    const partitions = (await bed.admin.fetchTopicOffsets(bed.topic)).map(({ partition }) => ({
      partition,
      offset: '0',
    }));
    await bed.admin.setOffsets({ groupId, topic: bed.topic, partitions });
    const second = await bed.runner({ projection, groupId });

    await eventually(() => expect(second.counters().skipped).toBe(zones.length), {
      timeoutMs: 30_000,
    });
    expect(second.counters()).toEqual({
      applied: 0,
      skipped: zones.length,
      deadLettered: 0,
      retried: 0,
      unknownTypes: 0,
    });
    expect(await zoneView()).toEqual(built);
    expect(await checkpoints()).toEqual(before);
    const [{ total }] = await bed.query<{ total: number }>(
      'select sum(zones)::int as total from province_zones',
    );
    expect(total).toBe(zones.length);
  });

  it('reads from its checkpoint when Kafka is ahead of the database (e.g. a restored backup)', async () => {
    await bed.registerZones('zone', 0, 9);
    const groupId = bed.group('zone-view-restored');
    const partitions = (await bed.admin.fetchTopicOffsets(bed.topic)).map(
      ({ partition, high }) => ({ partition, offset: high }),
    );
    await bed.admin.setOffsets({ groupId, topic: bed.topic, partitions });

    const runner = await bed.runner({ projection: zoneViewProjection(bed.topic), groupId });
    await bed.registerZones('zone', 9, 12);

    await eventually(async () => expect(await zoneView()).toHaveLength(12), { timeoutMs: 30_000 });
    expect((await zoneView()).every((row) => row.registrations === 1)).toBe(true);
    expect(runner.counters()).toMatchObject({ applied: 12, skipped: 0 });
  });

  it('reads from its checkpoint when Kafka is ahead of the database and no event follows', async () => {
    // Another deployment consumed the topic under the same group id: the group's offsets stand at
    // the end of every partition, and nothing new is published to move them.
    const zones = await bed.registerZones('zone', 0, 9);
    const groupId = bed.group('zone-view-elsewhere');
    const partitions = (await bed.admin.fetchTopicOffsets(bed.topic)).map(
      ({ partition, high }) => ({ partition, offset: high }),
    );
    await bed.admin.setOffsets({ groupId, topic: bed.topic, partitions });

    const runner = await bed.runner({ projection: zoneViewProjection(bed.topic), groupId });
    await eventually(async () => expect(await zoneView()).toHaveLength(zones.length), {
      timeoutMs: 30_000,
    });
    await eventually(async () =>
      expect((await runner.lag()).every((partition) => partition.lag === 0)).toBe(true),
    );
  });

  it('dead-letters an event its handler rejects and passes over it in the checkpoint', async () => {
    await bed.registerZones('zone', 0, 6);
    const groupId = bed.group('zone-view-poison');
    const projection = zoneViewProjection(bed.topic, async (event) => {
      if (event.cloudEvent.subject === 'zone-3') throw new Error('zone-3 cannot be projected');
    });
    const runner = await bed.runner({
      projection,
      groupId,
      retry: { attempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });

    await eventually(
      () => expect(runner.counters()).toMatchObject({ applied: 5, deadLettered: 1, retried: 1 }),
      { timeoutMs: 30_000 },
    );
    expect((await zoneView()).map((row) => row.zone_id)).not.toContain('zone-3');
    await eventually(async () => expect((await runner.lag()).map((p) => p.lag)).toEqual([0, 0, 0]));
  });
});
