import { eventually } from '@zoneledger/testing';
import { ProjectionNotInstalledError } from '../src';
import { checkpointName } from '../src/projection';
import {
  lockCurrentCheckpoint,
  NO_CHECKPOINT,
  readCheckpoints,
  saveCheckpoint,
} from '../src/projection-checkpoints';
import { currentGeneration, installProjection } from '../src/projection-generations';
import { ProjectionTestbed, zoneViewProjection } from './projection.fixture';

// A live event transaction opens with one statement: the generation's share lock and the
// checkpoint's row lock together. It must behave as the two statements did.

describe('lockCurrentCheckpoint: the generation and the checkpoint in one statement', () => {
  let testbed: ProjectionTestbed;
  beforeAll(async () => {
    testbed = await new ProjectionTestbed('projection_checkpoints').setUp(1);
  });
  afterAll(async () => {
    await testbed?.cleanup();
  });

  it('creates the partition’s checkpoint empty in the current generation, then returns what was saved', async () => {
    const projection = zoneViewProjection(testbed.topic);
    await installProjection(testbed.dataSource, projection);
    const generation = await currentGeneration(testbed.dataSource.manager, projection.name);

    const first = await testbed.dataSource.transaction((manager) =>
      lockCurrentCheckpoint(manager, projection.name, testbed.topic, 0),
    );
    expect(first).toEqual({ generation, checkpoint: NO_CHECKPOINT });

    await testbed.dataSource.transaction(async (manager) => {
      const { generation: locked } = await lockCurrentCheckpoint(
        manager,
        projection.name,
        testbed.topic,
        0,
      );
      await saveCheckpoint(
        manager,
        checkpointName(projection.name, locked),
        testbed.topic,
        0,
        '41',
      );
    });
    const again = await testbed.dataSource.transaction((manager) =>
      lockCurrentCheckpoint(manager, projection.name, testbed.topic, 0),
    );
    expect(again).toEqual({ generation, checkpoint: 41n });
    // Kept under the key every other reader of checkpoints uses.
    const saved = await readCheckpoints(
      testbed.dataSource.manager,
      checkpointName(projection.name, generation),
    );
    expect([...saved.values()]).toEqual([41n]);
  });

  it('refuses a projection with no generation', async () => {
    await expect(
      testbed.dataSource.transaction((manager) =>
        lockCurrentCheckpoint(manager, 'never-installed', testbed.topic, 0),
      ),
    ).rejects.toBeInstanceOf(ProjectionNotInstalledError);
  });

  it('waits for a generation switch in progress, then locks the new generation’s checkpoint', async () => {
    const projection = { ...zoneViewProjection(testbed.topic), name: 'zone-view-switching' };
    await installProjection(testbed.dataSource, projection);
    const before = await currentGeneration(testbed.dataSource.manager, projection.name);

    // A rebuild switching generations holds the generation row for update until it commits.
    const switcher = testbed.dataSource.createQueryRunner();
    await switcher.connect();
    await switcher.startTransaction();
    await switcher.query(
      `select generation from projection_generations where projection = $1 for update`,
      [projection.name],
    );
    await switcher.query(
      `update projection_generations set generation = generation + 1 where projection = $1`,
      [projection.name],
    );

    let settled = false;
    const locking = testbed.dataSource
      .transaction((manager) => lockCurrentCheckpoint(manager, projection.name, testbed.topic, 0))
      .finally(() => {
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
    await expect(locking).resolves.toEqual({ generation: before + 1, checkpoint: NO_CHECKPOINT });
    const saved = await readCheckpoints(
      testbed.dataSource.manager,
      checkpointName(projection.name, before + 1),
    );
    expect([...saved.values()]).toEqual([NO_CHECKPOINT]);
  });
});
