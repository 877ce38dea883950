import { OutboxRelayService, postgresPool } from '@zoneledger/platform';
import { eventually, holdEveryConnection } from '@zoneledger/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

// Under load, HTTP commands hold the service's pooled connections; the relay and the projections
// must not wait behind them (the relay reads the outbox through its own session, the projections
// apply through a pool of their own).
describe("the zone registry's background work, with the service's pool held by others", () => {
  let registry: ZoneRegistryUnderTest;
  const db = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    registry = await startZoneRegistry('held_pool');
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await registry?.stop();
  });

  it('publishes and projects a command while every connection of the pool is taken', async () => {
    const relay = registry.app.get(OutboxRelayService).relay;
    await eventually(() => expect(relay.status().leader).toBe(true), { timeoutMs: 30_000 });
    const body = zoneRegistration(registry, 'held');
    expect((await registry.call('POST', '/v1/zones', body)).status).toBe(201);

    const pool = postgresPool(registry.app.get(DataSource));
    const held = await holdEveryConnection(pool);
    try {
      expect(pool.idleCount).toBe(0);
      expect(pool.totalCount).toBe(pool.options.max);
      // zone_view is the view over the read model's current generation.
      await eventually(
        async () => {
          const { rows } = await db.query(
            `select zone_id from "${registry.schema}".zone_view where zone_id = $1`,
            [body.zoneId],
          );
          expect(rows).toEqual([{ zone_id: body.zoneId }]);
        },
        { timeoutMs: 30_000 },
      );
      const { rows } = await db.query<{ application_name: string }>(
        `select distinct application_name from pg_stat_activity where application_name like $1`,
        [`${registry.schema}:%`],
      );
      expect(rows).toEqual([{ application_name: `${registry.schema}:projections` }]);
    } finally {
      held.release();
    }
  }, 90_000);
});
