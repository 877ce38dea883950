import { eventually } from '@zoneledger/testing';
import { Client } from 'pg';
import { streamRows, type Projection } from '../src';
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

  /** The group's offsets moved back to 0: a runner skips every event by its checkpoint. */
  async function expectSkippedWhenRedelivered(
    projection: Projection,
    groupId: string,
    events: number,
  ): Promise<void> {
    await bed.admin.setOffsets({
      groupId,
      topic: bed.topic,
      partitions: [{ partition: 0, offset: '0' }],
    });
    const again = await bed.runner({ projection, groupId, maxBatchSize: 8 });
    await eventually(() => expect(again.counters().skipped).toBe(events), { timeoutMs: 30_000 });
    expect(again.counters()).toMatchObject({ applied: 0, deadLettered: 0 });
  }

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

    await expectSkippedWhenRedelivered(projection, groupId, zones.length);
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

  // A batch's two round trips to zone_rows (statementsOnlyZoneView): the generation, the
  // checkpoint and the read, outside a transaction; `begin`, the guard, the write, `commit`.
  const opening = (text: string) =>
    text.startsWith('select generation') && !/\bbegin\b/.test(text) && text.includes('zone_rows');
  const closing = (text: string) =>
    text.startsWith('begin;') && text.includes('zone_rows') && /commit\s*$/.test(text);

  /**
   * A read model of one row per zone kept with streamRows: its handlers throw, so only its
   * statements can fill it; `reads` counts its transactions.
   */
  function statementsOnlyZoneView(
    reads: { count: number },
    { readWhenNeeded = false } = {},
  ): Projection {
    const base = zoneViewProjection(bed.topic);
    const rows = streamRows<
      { streamVersion: number; registrations: number },
      { stream_version: number; registrations: number }
    >({
      keyOf: (event) => event.cloudEvent.subject,
      next: (row, _event, _zoneId, streamVersion) => ({
        streamVersion,
        registrations: (row?.registrations ?? 0) + 1,
      }),
      table: 'zone_rows',
      key: 'zone_id',
      columns: { zone_id: 'text', stream_version: 'int', registrations: 'int' },
      rowOf: (row) => ({ streamVersion: row.stream_version, registrations: row.registrations }),
      columnsOf: (zoneId, row) => ({
        zone_id: zoneId,
        stream_version: row.streamVersion,
        registrations: row.registrations,
      }),
    }).handlers;
    return {
      ...base,
      tables: ['zone_rows'],
      async createTables(manager, context) {
        await manager.query(`create table ${context.table('zone_rows')} (
          zone_id text primary key, stream_version int not null, registrations int not null)`);
      },
      handle: () => Promise.reject(new Error('applied with handle')),
      handleBatch: () => Promise.reject(new Error('applied with handleBatch')),
      statements: {
        read(events, source, literal) {
          reads.count += 1;
          return rows.statements.read(events, source, literal);
        },
        ...(readWhenNeeded ? { readNeeded: rows.statements.readNeeded } : {}),
        write: rows.statements.write,
      },
    };
  }

  it('applies a projection’s statements, two queries a batch, and skips them when redelivered', async () => {
    const zones = await bed.registerZones('zone', 0, 30);
    const reads = { count: 0 };
    const sent = jest.spyOn(Client.prototype, 'query');
    const groupId = bed.group('zone-rows-statements');
    const projection = statementsOnlyZoneView(reads);
    const first = await bed.runner({ projection, groupId, maxBatchSize: 8 });

    await eventually(() => expect(first.counters().applied).toBe(zones.length), {
      timeoutMs: 30_000,
    });
    const texts = sent.mock.calls.map(([query]) => (typeof query === 'string' ? query : ''));
    sent.mockRestore();
    // Up to 8 events a transaction: from 4 transactions (30 events) to 30.
    expect(reads.count).toBeGreaterThanOrEqual(4);
    expect(reads.count).toBeLessThan(zones.length);
    // Each batch: the generation, the checkpoint and the read in one query, outside a
    // transaction; `begin`, the checkpoint's guarded advance, the write and `commit` in another.
    // Nothing else touches the table but its installation.
    expect(texts.filter(opening)).toHaveLength(reads.count);
    expect(texts.filter(closing)).toHaveLength(reads.count);
    const others = texts.filter((text) => text.includes('zone_rows'));
    expect(others.filter((text) => !opening(text) && !closing(text))).toEqual([
      'drop table if exists zone_rows_g1 cascade',
      expect.stringMatching(/^create table zone_rows_g1 /),
      'drop view if exists zone_rows',
      'create view zone_rows as select * from zone_rows_g1',
    ]);
    const built = await bed.query<{ zone_id: string; registrations: number }>(
      'select zone_id, registrations from zone_rows order by zone_id',
    );
    expect(built.map((row) => row.zone_id)).toEqual([...zones].sort());
    expect(built.every((row) => row.registrations === 1)).toBe(true);
    expect(await checkpoint()).toBe(String(zones.length - 1));
    await first.stop();

    await expectSkippedWhenRedelivered(projection, groupId, zones.length);
    expect(
      await bed.query('select zone_id, registrations from zone_rows order by zone_id'),
    ).toEqual(built);
  });

  it('writes a batch that needs nothing read in one query once it knows the checkpoint, and both when another writer moved it', async () => {
    // Each zone's first event: no row to read.
    const zones = await bed.registerZones('zone', 0, 30, 1);
    const reads = { count: 0 };
    const sent = jest.spyOn(Client.prototype, 'query');
    const queries = () =>
      sent.mock.calls.flatMap(([query]) =>
        typeof query === 'string' && query.includes('zone_rows') ? [query] : [],
      );
    const projection = statementsOnlyZoneView(reads, { readWhenNeeded: true });
    const runner = await bed.runner({
      projection,
      groupId: bed.group('zone-rows-known-checkpoint'),
      maxBatchSize: 8,
    });

    await eventually(() => expect(runner.counters().applied).toBe(zones.length), {
      timeoutMs: 30_000,
    });
    // The first batch reads the checkpoint (and the rows); every later one only writes.
    expect(reads.count).toBe(1);
    expect(queries().filter(opening)).toHaveLength(1);
    const batches = queries().filter(closing).length;
    expect(batches).toBeGreaterThanOrEqual(4);
    expect(await checkpoint()).toBe(String(zones.length - 1));

    // Another writer of the partition (a rebalance's overlap) applies the next five events
    // first, its rows marked by their count.
    await bed.query(
      `insert into zone_rows_g1 (zone_id, stream_version, registrations)
       select 'zone-' || i, 1, 7 from generate_series(30, 34) as i`,
    );
    await bed.query(`update projection_checkpoints set "offset" = 34`);
    const more = await bed.registerZones('zone', 30, 40, 1);

    await eventually(() => expect(runner.counters()).toMatchObject({ applied: 35, skipped: 5 }), {
      timeoutMs: 30_000,
    });
    sent.mockRestore();
    // The write at the checkpoint it knew was turned away; the batch was read again.
    expect(reads.count).toBeGreaterThanOrEqual(2);
    const rows = await bed.query<ZoneRow>(
      `select zone_id, registrations from zone_rows where zone_id = any($1) order by zone_id`,
      [more],
    );
    expect(rows).toEqual(
      [...more].sort().map((zone_id) => ({
        zone_id,
        registrations: Number(zone_id.slice(5)) < 35 ? 7 : 1,
      })),
    );
    expect(await checkpoint()).toBe('39');
  });
});
