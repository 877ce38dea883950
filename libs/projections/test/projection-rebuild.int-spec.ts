import { rebuildProjection } from '../src';
import { eventually } from '@zoneledger/testing';
import { ProjectionTestbed, zoneViewProjection } from './projection.fixture';

interface Observation {
  zones: number;
  registrations: number;
  provinceTotal: number;
}

describe('rebuilding a projection without downtime', () => {
  let bed: ProjectionTestbed;

  beforeEach(async () => {
    bed = await new ProjectionTestbed('rebuild').setUp();
  });
  afterEach(() => bed.cleanup());

  it('fills the next generation while readers see the current one, switches atomically and loses no event', async () => {
    const groupId = bed.group('zone-view');
    // The rebuild's first event waits for the test: events produced meanwhile arrive during the rebuild.
    let entered = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const projection = zoneViewProjection(bed.topic, async (_event, context) => {
      if (context.generation === 2) {
        entered = true;
        await gate;
      }
    });

    const before = await bed.registerZones('zone', 0, 20);
    const live = await bed.runner({ projection, groupId, partitionsConsumedConcurrently: 3 });
    await eventually(() => expect(live.counters().applied).toBe(before.length), {
      timeoutMs: 30_000,
    });

    // Readers query the stable names all along, each query seeing both tables in one snapshot.
    const observations: Observation[] = [];
    const failures: unknown[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        try {
          const [row] = await bed.query<Observation>(
            `select (select count(*) from zone_view)::int as zones,
                    (select coalesce(sum(registrations), 0) from zone_view)::int as registrations,
                    (select coalesce(sum(zones), 0) from province_zones)::int as "provinceTotal"`,
          );
          observations.push(row);
        } catch (error) {
          failures.push(error);
        }
      }
    })();

    const rebuilt = rebuildProjection({
      ...bed.runnerDefaults(),
      projection,
      groupId,
      pollIntervalMs: 50,
      consumer: { maxWaitTimeInMs: 200 },
    });
    await eventually(() => expect(entered).toBe(true), { timeoutMs: 30_000 });
    const during = await bed.registerZones('zone', 20, 30);
    await eventually(async () => expect(observations.at(-1)?.zones).toBe(30), {
      timeoutMs: 30_000,
    });
    release();
    const report = await rebuilt;

    expect(report).toMatchObject({
      projection: 'zone-view',
      fromGeneration: 1,
      toGeneration: 2,
      deadLettered: 0,
    });
    expect(report.marks.reduce((sum, mark) => sum + Number(mark.highWatermark), 0)).toBe(
      before.length,
    );
    const [{ generation }] = await bed.query<{ generation: number }>(
      `select generation from projection_generations`,
    );
    expect(generation).toBe(2);

    // The live runner follows generation 2 from its checkpoints.
    const after = await bed.registerZones('zone', 30, 35);
    await eventually(async () => expect(observations.at(-1)?.zones).toBe(35), {
      timeoutMs: 30_000,
    });
    reading = false;
    await reader;

    expect(failures).toEqual([]);
    expect(observations.length).toBeGreaterThan(0);
    for (const [i, seen] of observations.entries()) {
      expect(seen.registrations).toBe(seen.zones); // never a duplicate
      expect(seen.provinceTotal).toBe(seen.zones); // both tables from one generation
      expect(seen.zones).toBeGreaterThanOrEqual(
        i === 0 ? before.length : observations[i - 1].zones,
      ); // never empty, never back
    }

    const rows = await bed.query<{ zone_id: string; registrations: number }>(
      'select zone_id, registrations from zone_view',
    );
    expect(rows.map((row) => row.zone_id).sort()).toEqual([...before, ...during, ...after].sort());
    expect(rows.every((row) => row.registrations === 1)).toBe(true);
    const tables = await bed.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = $1 and table_name like '%\\_g_' order by 1`,
      [bed.ids.schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(['province_zones_g2', 'zone_view_g2']);
    const checkpoints = await bed.query<{ projection: string }>(
      'select distinct projection from projection_checkpoints',
    );
    expect(checkpoints).toEqual([{ projection: 'zone-view/g2' }]);
    await eventually(async () => expect((await live.lag()).map((p) => p.lag)).toEqual([0, 0, 0]));
    // The rebuild leaves no consumer group and no (empty) dead-letter topic behind.
    const { groups } = await bed.admin.listGroups();
    expect(groups.filter((g) => g.groupId.startsWith(`${groupId}.rebuild`))).toEqual([]);
    expect(
      (await bed.admin.listTopics()).filter((t) => t.startsWith(`${groupId}.rebuild`)),
    ).toEqual([]);
  });
});
