import { projectionContext } from '@zoneledger/projections';
import {
  consumedEvents,
  interleavedZoneHistory,
  projectedAlikeInBatches,
} from '@zoneledger/service-testing';
import { dropTestSchema, testIds } from '@zoneledger/testing';
import { zoneTimelineProjection } from '@zoneledger/zone-timeline';
import { escapeLiteral } from 'pg';
import { DataSource } from 'typeorm';

describe('zone-timeline: handleBatch and statements against handle, on real PostgreSQL', () => {
  it('leave, in batches of 1, 4 and 100 events, the rows handle leaves event by event', async () => {
    const oneByOne = await projectedAlikeInBatches(
      zoneTimelineProjection('zoneledger.zones.v1'),
      interleavedZoneHistory(),
      [1, 4, 100],
    );

    const states = oneByOne.zone_timeline as {
      zone_id: string;
      stream_version: number;
      valid_from: string;
      status: string;
    }[];
    expect(
      states.map((row) => [row.zone_id, row.stream_version, row.valid_from, row.status]),
    ).toEqual([
      ['zh-a', 1, '2000-01-01', 'active'],
      // A profile's change keeps the day the standing took effect.
      ['zh-a', 3, '2000-01-01', 'active'],
      ['zh-b', 1, '2000-01-01', 'active'],
      ['zh-b', 2, '2011-06-01', 'active'],
      ['zh-b', 3, '2014-01-01', 'merged'],
      ['zh-c', 1, '2000-01-01', 'active'],
      ['zh-c', 2, '2013-03-01', 'downgraded'],
      ['zh-c', 3, '2014-01-01', 'merged'],
      ['zh-c', 4, '2020-01-01', 'exited'],
      ['zh-new', 1, '2014-01-01', 'active'],
      ['zh-new', 2, '2018-01-01', 'downgraded'],
    ]);
    const mergers = oneByOne.zone_merger as { absorbed_zone_id: string; merged_from: string }[];
    expect(mergers.map((row) => [row.absorbed_zone_id, row.merged_from])).toEqual([
      ['zh-b', '2014-01-01'],
      ['zh-c', '2014-01-01'],
    ]);
  });
});

describe("zone-timeline's read of a batch's latest states, on real PostgreSQL", () => {
  const { schema } = testIds('zone_timeline_plan');
  const dataSource = new DataSource({
    type: 'postgres',
    url: process.env.DATABASE_URL,
    extra: { max: 1, options: `-c search_path=${schema}` },
  });

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`create schema "${schema}"`);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropTestSchema(schema);
  });

  it('probes the primary key once a zone, whatever the statistics, not the whole table', async () => {
    const projection = zoneTimelineProjection('zoneledger.zones.v1');
    const context = projectionContext(projection, 1);
    await dataSource.transaction((manager) => projection.createTables(manager, context));
    const table = context.table('zone_timeline');
    // Thousands of zones, never analysed (as on a server without autovacuum).
    await dataSource.query(
      `insert into ${table} (zone_id, stream_version, valid_from, recorded_at, kind, level,
         province, region, status)
       select 'z-' || n, 1, date '2000-01-01', now(), 'ZONE_KIND_ETDZ', 'ZONE_LEVEL_NATIONAL',
         '江苏省', 'REGION_EAST', 'active'
       from generate_series(1, 5000) as n`,
    );
    const read = projection.statements?.read;
    if (!read) throw new Error('zone-timeline gives no read');
    const statement = read(
      consumedEvents(interleavedZoneHistory()),
      (name) => context.table(name),
      escapeLiteral,
    );

    const [{ 'QUERY PLAN': plan }] = (await dataSource.query(
      `explain (format json) ${statement}`,
    )) as { 'QUERY PLAN': unknown }[];

    const scans = JSON.stringify(plan).match(/"Node Type":"[^"]*Scan"/g) ?? [];
    expect(scans).toContain('"Node Type":"Index Scan"');
    expect(scans).not.toContain('"Node Type":"Seq Scan"');
    expect(scans).not.toContain('"Node Type":"Bitmap Heap Scan"');
  });
});
