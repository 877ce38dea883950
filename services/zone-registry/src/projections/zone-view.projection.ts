import type { Projection } from '@zoneledger/projections';
import type { EntityManager } from 'typeorm';
import { evolve, initialState, type ZoneState } from '../domain/zone.state';
import { ZONE_STREAM_TYPE } from '../application/zone-command';
import { zoneEventOf } from './zone-event-of';

/** The read model's name: keys its checkpoints, generations and consumer group. */
export const ZONE_VIEW = 'zone-view';

/**
 * One row per zone ever registered (merged and exited ones too), its state folded from the zones
 * topic with the domain's own `evolve`, plus the columns lists filter on. It lags the event
 * store by the relay's and this consumer's delay: lists and name checks are eventually
 * consistent, a zone's detail (read from its stream) is not.
 */
export function zoneViewProjection(zonesTopic: string): Projection {
  return {
    name: ZONE_VIEW,
    topics: [zonesTopic],
    tables: ['zone_view'],
    async createTables(manager, context) {
      const table = context.table('zone_view');
      await manager.query(`create table ${table} (
        zone_id text primary key,
        stream_version int not null,
        name_zh text not null,
        name_en text not null,
        kind text not null,
        level text not null,
        province text not null,
        region text not null,
        city text not null,
        status text not null,
        industry_focus text[] not null,
        state jsonb not null)`);
      await manager.query(`create index ${table}_province on ${table} (province)`);
      // Every registration looks its names up here (ZoneViewQuery.namesakes): without these,
      // each one scanned the whole view, and an import slowed as the register grew.
      await manager.query(`create index ${table}_name_zh on ${table} (name_zh)`);
      await manager.query(`create index ${table}_name_en on ${table} (lower(name_en))`);
      // The list's order: a page, even a deep one, is read from the index instead of sorting
      // every zone.
      await manager.query(
        `create index ${table}_list_order on ${table} (name_zh collate "C", zone_id collate "C")`,
      );
      await manager.query(`create index ${table}_region_kind on ${table} (region, kind)`);
    },
    async handle(event, manager, context) {
      const table = context.table('zone_view');
      const zoneId = event.cloudEvent.subject.slice(ZONE_STREAM_TYPE.length + 1);
      const streamVersion = Number(event.cloudEvent.extensions?.streamversion ?? 0);
      const rows: { stream_version: number; state: ZoneState }[] = await manager.query(
        `select stream_version, state from ${table} where zone_id = $1 for update`,
        [zoneId],
      );
      // An event re-published from the event store (same stream version) changes nothing.
      if (rows[0] && rows[0].stream_version >= streamVersion) return;
      const state = evolve(rows[0]?.state ?? initialState(), zoneEventOf(event));
      await saveZone(manager, table, state, streamVersion);
    },
  };
}

async function saveZone(
  manager: EntityManager,
  table: string,
  state: ZoneState,
  streamVersion: number,
): Promise<void> {
  if (!state.registered) return;
  await manager.query(
    `insert into ${table} (zone_id, stream_version, name_zh, name_en, kind, level, province,
       region, city, status, industry_focus, state)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (zone_id) do update set stream_version = excluded.stream_version,
       name_zh = excluded.name_zh, name_en = excluded.name_en, kind = excluded.kind,
       level = excluded.level, province = excluded.province, region = excluded.region,
       city = excluded.city, status = excluded.status, industry_focus = excluded.industry_focus,
       state = excluded.state`,
    [
      state.zoneId,
      streamVersion,
      state.nameZh,
      state.nameEn,
      state.kind,
      state.level,
      state.province,
      state.region,
      state.city,
      state.status.kind,
      state.industryFocus,
      JSON.stringify(state),
    ],
  );
}
