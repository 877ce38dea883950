import { eventually } from '@zoneledger/testing';
import type { Projection } from '../src';
import { ProjectionTestbed, zoneViewProjection } from './projection.fixture';

interface ZoneRow {
  zone_id: string;
  registrations: number;
}

describe('ProjectionRunner applying batches, against real Kafka and Postgres', () => {
  let bed: ProjectionTestbed;

  beforeEach(async () => {
    bed = await new ProjectionTestbed('projection_batch').setUp(1);
  });
  afterEach(() => bed.cleanup());

  const zoneView = () =>
    bed.query<ZoneRow>('select zone_id, registrations from zone_view order by zone_id');
  const checkpoint = async () =>
    (await bed.query<{ offset: string }>('select "offset" from projection_checkpoints'))[0]?.offset;

  /** The fixture's projection with a batch handler of the same effect that records batch sizes. */
  function batchedZoneView(sizes: number[], failWhen?: (zones: string[]) => boolean): Projection {
    const projection = zoneViewProjection(bed.topic);
    return {
      ...projection,
      async handleBatch(events, manager, context) {
        sizes.push(events.length);
        if (failWhen?.(events.map((event) => event.cloudEvent.subject)))
          throw new Error('the batch cannot be projected');
        for (const event of events) await projection.handle(event, manager, context);
      },
    };
  }

  it('applies several events per transaction, checkpoints the last, and skips them when redelivered', async () => {
    const zones = await bed.registerZones('zone', 0, 30);
    const sizes: number[] = [];
    const groupId = bed.group('zone-view-batch');
    const projection = batchedZoneView(sizes);
    const first = await bed.runner({ projection, groupId, maxBatchSize: 8 });

    await eventually(() => expect(first.counters().applied).toBe(zones.length), {
      timeoutMs: 30_000,
    });
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes.every((size) => size <= 8)).toBe(true);
    const built = await zoneView();
    expect(built.map((row) => row.zone_id).sort()).toEqual([...zones].sort());
    expect(built.every((row) => row.registrations === 1)).toBe(true);
    expect(await checkpoint()).toBe(String(zones.length - 1));
    await first.stop();

    await bed.admin.setOffsets({
      groupId,
      topic: bed.topic,
      partitions: [{ partition: 0, offset: '0' }],
    });
    const second = await bed.runner({ projection, groupId, maxBatchSize: 8 });
    await eventually(() => expect(second.counters().skipped).toBe(zones.length), {
      timeoutMs: 30_000,
    });
    expect(second.counters()).toMatchObject({ applied: 0, deadLettered: 0 });
    expect(await zoneView()).toEqual(built);
  });

  it('falls back to one event per transaction when a batch fails, so only the poison is dead-lettered', async () => {
    await bed.registerZones('zone', 0, 6);
    const sizes: number[] = [];
    const base = batchedZoneView(sizes, (zones) => zones.includes('zone-3'));
    const projection: Projection = {
      ...base,
      async handle(event, manager, context) {
        if (event.cloudEvent.subject === 'zone-3') throw new Error('zone-3 cannot be projected');
        await zoneViewProjection(bed.topic).handle(event, manager, context);
      },
    };
    const runner = await bed.runner({
      projection,
      groupId: bed.group('zone-view-batch-poison'),
      retry: { attempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
    });

    await eventually(
      () => expect(runner.counters()).toMatchObject({ applied: 5, deadLettered: 1, retried: 1 }),
      { timeoutMs: 30_000 },
    );
    const rows = await zoneView();
    expect(rows.map((row) => row.zone_id)).toEqual([
      'zone-0',
      'zone-1',
      'zone-2',
      'zone-4',
      'zone-5',
    ]);
    expect(rows.every((row) => row.registrations === 1)).toBe(true);
    expect(await checkpoint()).toBe('5');
    expect(sizes.some((size) => size > 1)).toBe(true);
  });
});
