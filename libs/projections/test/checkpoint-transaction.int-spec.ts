import { eventually } from '@zoneledger/testing';
import { Client } from 'pg';
import { ProjectionNotInstalledError, type Projection } from '../src';
import {
  atCheckpointInTwoRoundTrips,
  atKnownCheckpoint,
  inCheckpointTransaction,
  OVERTAKEN_SQLSTATE,
  type CheckpointTarget,
} from '../src/checkpoint-transaction';
import { isTransientDatabaseError } from '../src/transient-database-error';
import { checkpointName } from '../src/projection';
import { NO_CHECKPOINT, readCheckpoints } from '../src/projection-checkpoints';
import {
  createGenerationTables,
  currentGeneration,
  installProjection,
  pointViewsAt,
  recordGeneration,
} from '../src/projection-generations';
import { ProjectionTestbed, zoneViewProjection } from './projection.fixture';

// A projection's transaction on a partition: begin and both locks in one round trip, the
// projection's statements, the checkpoint's advance and commit in another. It must hold the
// same locks, in the same order, as the separate statements did.

/** What `work` resolves to, and the queries it sent meanwhile (pg's Client.query, spied on). */
async function withQueriesSent<T>(
  work: () => Promise<T>,
): Promise<{ result: T; queries: string[] }> {
  const sent = jest.spyOn(Client.prototype, 'query');
  try {
    const result = await work();
    return { result, queries: sent.mock.calls.map(([query]) => String(query)) };
  } finally {
    sent.mockRestore();
  }
}

describe('inCheckpointTransaction', () => {
  let testbed: ProjectionTestbed;
  beforeAll(async () => {
    testbed = await new ProjectionTestbed('checkpoint_transaction').setUp(1);
  });
  afterAll(async () => {
    await testbed?.cleanup();
  });

  const install = async (name: string) => {
    const projection = { ...zoneViewProjection(testbed.topic), name };
    await installProjection(testbed.dataSource, projection);
    const generation = await currentGeneration(testbed.dataSource.manager, name);
    const target: CheckpointTarget = { projection: name, topic: testbed.topic, partition: 0 };
    const saved = async (atGeneration = generation) => [
      ...(
        await readCheckpoints(testbed.dataSource.manager, checkpointName(name, atGeneration))
      ).values(),
    ];
    return { generation, target, saved };
  };
  const zones = (generation: number) => `zone_view_g${generation}`;
  /** A switch's transaction, begun: the projection's generation row held for update. */
  const beginSwitch = async (projection: string) => {
    const switcher = testbed.dataSource.createQueryRunner();
    await switcher.connect();
    await switcher.startTransaction();
    await switcher.query(
      `select generation from projection_generations where projection = $1 for update`,
      [projection],
    );
    return switcher;
  };

  it('opens at an empty checkpoint, advances it to what the work applied, in three round trips', async () => {
    const { generation, target, saved } = await install('zone-view-advancing');
    const { result: first, queries } = await withQueriesSent(() =>
      inCheckpointTransaction(testbed.dataSource, target, async (held) => {
        await held.manager.query(
          `insert into ${zones(held.generation)} values ('sip', 'Suzhou', 'Jiangsu', 1)`,
        );
        return { result: held, appliedUpTo: '41' };
      }),
    );

    expect(first).toMatchObject({ generation, applied: NO_CHECKPOINT });
    expect(queries).toHaveLength(3);
    expect(await saved()).toEqual([41n]);
    const again = await inCheckpointTransaction(testbed.dataSource, target, async (held) => ({
      result: held.applied,
    }));
    expect(again).toBe(41n);
    // The work left no checkpoint to advance to: the checkpoint stays, the writes committed.
    expect(await saved()).toEqual([41n]);
    expect(await testbed.query(`select zone_id from ${zones(generation)}`)).toEqual([
      { zone_id: 'sip' },
    ]);
  });

  it('rolls the work and the checkpoint back when the work fails', async () => {
    const { generation, target, saved } = await install('zone-view-failing');

    await expect(
      inCheckpointTransaction(testbed.dataSource, target, async (held) => {
        await held.manager.query(
          `insert into ${zones(held.generation)} values ('wuxi', 'Wuxi', 'Jiangsu', 1)`,
        );
        throw new Error('the handler failed');
      }),
    ).rejects.toThrow('the handler failed');

    expect(await saved()).toEqual([]);
    expect(await testbed.query(`select zone_id from ${zones(generation)}`)).toEqual([]);
    // The connection went back to the pool usable, out of the failed transaction.
    await expect(testbed.query('select 1 as one')).resolves.toEqual([{ one: 1 }]);
  });

  it('makes a transaction the work asks for a savepoint in its own', async () => {
    const { generation, target, saved } = await install('zone-view-nesting');

    await expect(
      inCheckpointTransaction(testbed.dataSource, target, async (held) => {
        await held.manager.transaction((nested) =>
          nested.query(
            `insert into ${zones(held.generation)} values ('kunshan', 'Kunshan', 'Jiangsu', 1)`,
          ),
        );
        throw new Error('the handler failed after its nested transaction');
      }),
    ).rejects.toThrow('the handler failed');

    // The nested transaction's commit did not commit the outer one.
    expect(await testbed.query(`select zone_id from ${zones(generation)}`)).toEqual([]);
    expect(await saved()).toEqual([]);
  });

  it('writes a fixed generation’s checkpoint (a rebuild’s), whatever the current one is', async () => {
    const { generation, target, saved } = await install('zone-view-rebuilding');
    const next = generation + 1;

    const held = await inCheckpointTransaction(
      testbed.dataSource,
      { ...target, generation: next },
      async ({ generation: writing, applied }) => ({
        result: { writing, applied },
        appliedUpTo: '7',
      }),
    );

    expect(held).toEqual({ writing: next, applied: NO_CHECKPOINT });
    expect(await saved(next)).toEqual([7n]);
    expect(await saved()).toEqual([]);
  });

  it('refuses a projection with no generation', async () => {
    await expect(
      inCheckpointTransaction(
        testbed.dataSource,
        { projection: 'never-installed', topic: testbed.topic, partition: 0 },
        async () => ({ result: undefined }),
      ),
    ).rejects.toBeInstanceOf(ProjectionNotInstalledError);
  });

  it('waits for a generation switch in progress, then holds the new generation’s checkpoint', async () => {
    const { generation: before, target, saved } = await install('zone-view-switching');

    // A rebuild switching generations holds the generation row for update until it commits.
    const switcher = await beginSwitch(target.projection);
    await switcher.query(
      `update projection_generations set generation = generation + 1 where projection = $1`,
      [target.projection],
    );

    let settled = false;
    const holding = inCheckpointTransaction(testbed.dataSource, target, async (held) => ({
      result: { generation: held.generation, applied: held.applied },
      appliedUpTo: '3',
    })).finally(() => {
      settled = true;
    });
    // Blocked on the share lock: PostgreSQL shows the statement waiting for a lock.
    await eventually(async () => {
      const waiting = await testbed.query<{ waiting: boolean }>(
        `select count(*) > 0 as waiting from pg_stat_activity
         where wait_event_type = 'Lock' and query like '%current_generation%'`,
      );
      expect(waiting[0].waiting).toBe(true);
    });
    expect(settled).toBe(false);

    await switcher.commitTransaction();
    await switcher.release();
    await expect(holding).resolves.toEqual({ generation: before + 1, applied: NO_CHECKPOINT });
    expect(await saved(before + 1)).toEqual([3n]);
    expect(await saved(before)).toEqual([]);
  });

  it('quotes what it splices into its statements', async () => {
    const { target } = await install(`zone-view-o'quoted`);

    const held = await inCheckpointTransaction(testbed.dataSource, target, async (work) => ({
      result: work.applied,
      appliedUpTo: '5',
    }));

    expect(held).toBe(NO_CHECKPOINT);
    await expect(
      inCheckpointTransaction(testbed.dataSource, target, async () => ({
        result: undefined,
        appliedUpTo: '5; drop table projection_checkpoints',
      })),
    ).rejects.toThrow(RangeError);
    const saved = await readCheckpoints(
      testbed.dataSource.manager,
      checkpointName(target.projection, 1),
    );
    expect([...saved.values()]).toEqual([5n]);
  });

  // The batches given as statements write a table of their own: the tests above share the
  // fixture's.
  const namesProjection = (name: string): Projection => ({
    name,
    topics: [testbed.topic],
    tables: ['zone_names'],
    createTables: async (manager, context) => {
      await manager.query(
        `create table ${context.table('zone_names')} (zone_id text primary key, name text not null)`,
      );
    },
    handle: () => Promise.reject(new Error('the work runs through its statements')),
  });
  const installNames = async (name: string) => {
    const projection = namesProjection(name);
    await installProjection(testbed.dataSource, projection);
    const target: CheckpointTarget = { projection: name, topic: testbed.topic, partition: 0 };
    const saved = async (generation = 1) => [
      ...(
        await readCheckpoints(testbed.dataSource.manager, checkpointName(name, generation))
      ).values(),
    ];
    return { projection, target, saved };
  };

  describe('atCheckpointInTwoRoundTrips: a batch given as statements', () => {
    // Through the stable name, as the runner's current-generation reads are; with the session's
    // pid, to look at it between the round trips.
    const read = `select zone_id, name, pg_backend_pid() as pid from zone_names
      where zone_id = any(array['sip', 'wuxi']) order by zone_id`;
    const names = (generation: number) =>
      testbed.query(`select zone_id, name from zone_names_g${generation} order by zone_id`);
    const rowsOf = (rows: readonly Record<string, unknown>[]) =>
      rows.map(({ zone_id, name }) => ({ zone_id, name }));

    it('reads, then writes and advances the checkpoint, in two round trips with no transaction held between', async () => {
      const { target, saved } = await installNames('zone-names-two-trips');
      await testbed.query(`insert into zone_names_g1 values ('sip', 'Suzhou')`);
      const { result: seen, queries } = await withQueriesSent(() =>
        atCheckpointInTwoRoundTrips(
          testbed.dataSource,
          target,
          async ({ generation, applied, read: rows }) => {
            // Between the round trips the session is idle: no transaction, no transaction id to
            // hold back the readers of an event store.
            const [session] = await testbed.query<{ state: string; xid: string | null }>(
              `select state, backend_xid::text as xid from pg_stat_activity where pid = $1`,
              [rows[0].pid],
            );
            return {
              result: { generation, applied, rows: rowsOf(rows), session },
              appliedUpTo: '0',
              write: `insert into zone_names_g${generation} values ('wuxi', 'Wuxi')`,
            };
          },
          { read },
        ),
      );

      // The batch's own queries, not the look at its session.
      expect(queries.filter((query) => !query.includes('pg_stat_activity'))).toHaveLength(2);
      expect(seen).toEqual({
        generation: 1,
        applied: NO_CHECKPOINT,
        rows: [{ zone_id: 'sip', name: 'Suzhou' }],
        session: { state: 'idle', xid: null },
      });
      expect(await names(1)).toEqual([
        { zone_id: 'sip', name: 'Suzhou' },
        { zone_id: 'wuxi', name: 'Wuxi' },
      ]);
      expect(await saved()).toEqual([0n]);
    });

    it('sends no second round trip when nothing is to be applied', async () => {
      const { target, saved } = await installNames('zone-names-nothing-fresh');
      const { result: applied, queries } = await withQueriesSent(() =>
        atCheckpointInTwoRoundTrips(
          testbed.dataSource,
          target,
          ({ applied: at }) => ({ result: at }),
          { read },
        ),
      );

      expect(applied).toBe(NO_CHECKPOINT);
      expect(queries).toHaveLength(1);
      expect(await saved()).toEqual([]);
    });

    it('rolls back the write and the checkpoint when the write fails', async () => {
      const { target, saved } = await installNames('zone-names-failing-write');
      await expect(
        atCheckpointInTwoRoundTrips(
          testbed.dataSource,
          target,
          () => ({
            result: undefined,
            appliedUpTo: '0',
            write: `insert into zone_names_g1 values ('sip', 'Suzhou'), ('sip', 'again')`,
          }),
          { read },
        ),
      ).rejects.toThrow(/duplicate key/);

      expect(await names(1)).toEqual([]);
      expect(await saved()).toEqual([]);
      await expect(testbed.query('select 1 as one')).resolves.toEqual([{ one: 1 }]);
    });

    it('turns a batch away, writing nothing, when another writer of the partition advanced the checkpoint meanwhile', async () => {
      const { target, saved } = await installNames('zone-names-overtaken');

      const overtaken = atCheckpointInTwoRoundTrips(testbed.dataSource, target, async () => {
        // Another runner of the partition (a rebalance's overlap) applies its batch first.
        await atCheckpointInTwoRoundTrips(testbed.dataSource, target, () => ({
          result: undefined,
          appliedUpTo: '5',
          write: `insert into zone_names_g1 values ('wuxi', 'Wuxi')`,
        }));
        return {
          result: undefined,
          appliedUpTo: '3',
          write: `insert into zone_names_g1 values ('sip', 'Suzhou')`,
        };
      });

      const error = await overtaken.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toMatchObject({ code: OVERTAKEN_SQLSTATE });
      expect(String(error)).toMatch(/the checkpoint moved on from -1/);
      // The consumer tries the batch again; it is never dead-lettered.
      expect(isTransientDatabaseError(error)).toBe(true);
      expect(await names(1)).toEqual([{ zone_id: 'wuxi', name: 'Wuxi' }]);
      expect(await saved()).toEqual([5n]);
    });

    it('turns a batch away when a switch overtakes it, waiting for one in progress, and reads the new generation when tried again', async () => {
      const { projection, target, saved } = await installNames('zone-names-switching');
      await testbed.query(`insert into zone_names_g1 values ('sip', 'Suzhou')`);
      let switcher: Awaited<ReturnType<typeof beginSwitch>> | undefined;

      const batch = () =>
        atCheckpointInTwoRoundTrips(
          testbed.dataSource,
          target,
          async ({ generation, read: rows }) => {
            if (!switcher) {
              // A rebuild's switch begins between the round trips: the generation row held for
              // update, the views pointed at generation 2, whose table holds another row.
              switcher = await beginSwitch(projection.name);
              await createGenerationTables(switcher.manager, projection, 2);
              await switcher.query(`insert into zone_names_g2 values ('wuxi', 'Wuxi')`);
              await pointViewsAt(switcher.manager, projection, 2);
              await recordGeneration(switcher.manager, projection.name, 2);
            }
            return {
              result: { generation, rows: rowsOf(rows) },
              appliedUpTo: '0',
              write: `update zone_names_g${generation} set name = name || ' ETDZ'`,
            };
          },
          { read },
        );

      const first = batch().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      // The guard waits for the switch's lock on the generation row.
      await eventually(async () => {
        const waiting = await testbed.query<{ waiting: boolean }>(
          `select count(*) > 0 as waiting from pg_stat_activity
           where wait_event_type = 'Lock' and query like '%$advance$%'`,
        );
        expect(waiting[0].waiting).toBe(true);
      });
      await switcher?.commitTransaction();
      await switcher?.release();

      const error = await first;
      expect(error).toMatchObject({ code: OVERTAKEN_SQLSTATE });
      expect(String(error)).toMatch(/generation 1 is no longer the current one/);
      expect(await names(1)).toEqual([{ zone_id: 'sip', name: 'Suzhou' }]);
      expect(await saved(1)).toEqual([]);

      await expect(batch()).resolves.toEqual({
        generation: 2,
        rows: [{ zone_id: 'wuxi', name: 'Wuxi' }],
      });
      expect(await names(2)).toEqual([{ zone_id: 'wuxi', name: 'Wuxi ETDZ' }]);
      expect(await saved(2)).toEqual([0n]);
    });

    it('advances a fixed generation’s checkpoint (a rebuild’s), whatever the current one is', async () => {
      const { target, saved } = await installNames('zone-names-rebuilding');

      const seen = await atCheckpointInTwoRoundTrips(
        testbed.dataSource,
        { ...target, generation: 2 },
        ({ generation, applied }) => ({ result: { generation, applied }, appliedUpTo: '7' }),
      );

      expect(seen).toEqual({ generation: 2, applied: NO_CHECKPOINT });
      expect(await saved(2)).toEqual([7n]);
      expect(await saved(1)).toEqual([]);
    });

    it('refuses a projection with no generation, and quotes what it splices into its statements', async () => {
      await expect(
        atCheckpointInTwoRoundTrips(
          testbed.dataSource,
          { projection: 'never-installed', topic: testbed.topic, partition: 0 },
          () => ({ result: undefined }),
        ),
      ).rejects.toBeInstanceOf(ProjectionNotInstalledError);

      const { target, saved } = await installNames(`zone-names-o'quoted`);
      await atCheckpointInTwoRoundTrips(testbed.dataSource, target, () => ({
        result: undefined,
        appliedUpTo: '5',
      }));
      expect(await saved()).toEqual([5n]);
      await expect(
        atCheckpointInTwoRoundTrips(testbed.dataSource, target, () => ({
          result: undefined,
          appliedUpTo: '6; drop table projection_checkpoints',
        })),
      ).rejects.toThrow(RangeError);
      await expect(
        atCheckpointInTwoRoundTrips(
          testbed.dataSource,
          { ...target, topic: 'zones$advance$' },
          () => ({ result: undefined, appliedUpTo: '6' }),
        ),
      ).rejects.toThrow(RangeError);
      expect(await saved()).toEqual([5n]);
    });
  });

  describe('atKnownCheckpoint: a batch that needs nothing read, at a checkpoint the runner advanced', () => {
    // Installed, and the runner's first batch applied up to offset 4.
    const installAt4 = async (name: string) => {
      const installed = await installNames(name);
      const { target } = installed;
      await atCheckpointInTwoRoundTrips(testbed.dataSource, target, () => ({
        result: undefined,
        appliedUpTo: '4',
        write: `insert into zone_names_g1 values ('sip', 'Suzhou')`,
      }));
      return installed;
    };
    const names = () => testbed.query(`select zone_id, name from zone_names_g1 order by zone_id`);
    const wuxi = (seen: { generation: number; applied: bigint }) => ({
      result: seen,
      appliedUpTo: '5',
      write: `insert into zone_names_g${seen.generation} values ('wuxi', 'Wuxi')`,
    });

    it('writes and advances the checkpoint in one round trip, given what it knew and no rows', async () => {
      const { target, saved } = await installAt4('zone-names-known');
      const { result: seen, queries } = await withQueriesSent(() =>
        atKnownCheckpoint(testbed.dataSource, target, { generation: 1, applied: 4n }, wuxi),
      );

      expect(queries).toHaveLength(1);
      expect(seen).toEqual({ generation: 1, applied: 4n, read: [] });
      expect(await names()).toEqual([
        { zone_id: 'sip', name: 'Suzhou' },
        { zone_id: 'wuxi', name: 'Wuxi' },
      ]);
      expect(await saved()).toEqual([5n]);
    });

    it('turns the batch away, writing nothing, when the checkpoint moved on or the generation is not current', async () => {
      const { target, saved } = await installAt4('zone-names-known-stale');
      const failure = (known: { generation: number; applied: bigint }) =>
        atKnownCheckpoint(testbed.dataSource, target, known, wuxi).then(
          () => undefined,
          (error: unknown) => error,
        );

      // Another writer advanced it from 2 to 4 since this runner advanced it to 2.
      const movedOn = await failure({ generation: 1, applied: 2n });
      expect(movedOn).toMatchObject({ code: OVERTAKEN_SQLSTATE });
      expect(String(movedOn)).toMatch(/the checkpoint moved on from 2/);
      // A generation a switch has replaced (or never was).
      const replaced = await failure({ generation: 2, applied: 4n });
      expect(replaced).toMatchObject({ code: OVERTAKEN_SQLSTATE });
      expect(String(replaced)).toMatch(/generation 2 is no longer the current one/);

      expect(await names()).toEqual([{ zone_id: 'sip', name: 'Suzhou' }]);
      expect(await saved()).toEqual([4n]);
      await expect(testbed.query('select 1 as one')).resolves.toEqual([{ one: 1 }]);
    });
  });
});
