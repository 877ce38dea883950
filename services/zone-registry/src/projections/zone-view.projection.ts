import type { ConsumedEvent } from '@zoneledger/messaging';
import type { Projection, ProjectionContext } from '@zoneledger/projections';
import type { EntityManager } from 'typeorm';
import { evolve, initialState, type Zone } from '../domain/zone.state';
import { ZONE_STREAM_TYPE } from '../application/zone-command';
import { zoneEventOf } from './zone-event-of';

/** The read model's name: keys its checkpoints, generations and consumer group. */
export const ZONE_VIEW = 'zone-view';

/** A zone's row of the view: its state, folded up to a version of its stream. */
export interface ZoneViewRow {
  readonly streamVersion: number;
  readonly state: Zone;
}

/**
 * One row per zone ever registered (merged and exited ones too), its state folded from the zones
 * topic with the domain's own `evolve`, plus the columns lists filter on. It lags the event
 * store by the relay's and this consumer's delay: lists are eventually consistent, a zone's
 * detail (read from its stream) is not.
 *
 * A batch of events costs two statements however many zones it touches (their rows locked and
 * read at once, then written at once), so the view keeps up with a bulk import; one event is
 * a batch of one.
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
      // The list's order: a page, even a deep one, is read from the index instead of sorting
      // every zone.
      await manager.query(
        `create index ${table}_list_order on ${table} (name_zh collate "C", zone_id collate "C")`,
      );
      await manager.query(`create index ${table}_region_kind on ${table} (region, kind)`);
      await createTextSearchIndexes(manager, table);
    },
    handle: (event, manager, context) => applyEvents([event], manager, context),
    handleBatch: applyEvents,
  };
}

// A text search matches part of a name ('%…%'), which a btree cannot serve: trigram indexes can,
// for the searches that give at least one trigram (three characters of a word). The operator
// class is pg_trgm's, created by the CreateTrigramExtension migration in whatever schema holds
// the extension (usually public, outside the service's search_path).
async function createTextSearchIndexes(manager: EntityManager, table: string): Promise<void> {
  const [{ schema }]: { schema: string }[] = await manager.query(
    `select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`,
  );
  const trigrams = `${schema}.gin_trgm_ops`;
  await manager.query(
    `create index ${table}_name_zh_trgm on ${table} using gin (name_zh ${trigrams})`,
  );
  await manager.query(
    `create index ${table}_name_en_trgm on ${table} using gin (lower(name_en) ${trigrams})`,
  );
}

/** Folds consecutive events of one partition into the view: one read, one write. */
async function applyEvents(
  events: readonly ConsumedEvent[],
  manager: EntityManager,
  context: ProjectionContext,
): Promise<void> {
  const table = context.table('zone_view');
  const rows = await lockRows(manager, table, [...new Set(events.map(zoneIdOf))]);
  const changed = foldZoneEvents(rows, events);
  if (changed.size > 0) await saveRows(manager, table, [...changed.values()]);
}

/**
 * The rows `events` change, folded in order onto `rows` (the zones' rows before them, absent for
 * zones the view does not hold yet). An event at or below its row's stream version was applied
 * before (a redelivery, or the event store re-published) and changes nothing; an event that
 * leaves its stream unregistered writes no row. So folding a run of events at once has the same
 * effect as folding them one at a time.
 */
export function foldZoneEvents(
  rows: ReadonlyMap<string, ZoneViewRow>,
  events: readonly ConsumedEvent[],
): Map<string, ZoneViewRow> {
  const current = new Map(rows);
  const changed = new Map<string, ZoneViewRow>();
  for (const event of events) {
    const zoneId = zoneIdOf(event);
    const streamVersion = streamVersionOf(event);
    const row = current.get(zoneId);
    if (row && row.streamVersion >= streamVersion) continue;
    const state = evolve(row?.state ?? initialState(), zoneEventOf(event));
    if (!state.registered) continue;
    current.set(zoneId, { streamVersion, state });
    changed.set(zoneId, { streamVersion, state });
  }
  return changed;
}

// Each event arrives on its own zone's stream (a merger once per zone it involves), so a
// partition's events touch only the rows of that partition's zones.
function zoneIdOf(event: ConsumedEvent): string {
  return event.cloudEvent.subject.slice(ZONE_STREAM_TYPE.length + 1);
}

function streamVersionOf(event: ConsumedEvent): number {
  return Number(event.cloudEvent.extensions?.streamversion ?? 0);
}

async function lockRows(
  manager: EntityManager,
  table: string,
  zoneIds: readonly string[],
): Promise<Map<string, ZoneViewRow>> {
  const rows: { zone_id: string; stream_version: number; state: Zone }[] = await manager.query(
    `select zone_id, stream_version, state from ${table}
     where zone_id = any($1::text[]) order by zone_id for update`,
    [zoneIds],
  );
  return new Map(
    rows.map((row) => [row.zone_id, { streamVersion: row.stream_version, state: row.state }]),
  );
}

/** Inserts or replaces the rows with one statement, whatever their number. */
async function saveRows(
  manager: EntityManager,
  table: string,
  rows: readonly ZoneViewRow[],
): Promise<void> {
  await manager.query(
    `insert into ${table} (zone_id, stream_version, name_zh, name_en, kind, level, province,
       region, city, status, industry_focus, state)
     select zone_id, stream_version, name_zh, name_en, kind, level, province, region, city,
       status, industry_focus, state
     from jsonb_to_recordset($1::jsonb) as changed(zone_id text, stream_version int, name_zh text,
       name_en text, kind text, level text, province text, region text, city text, status text,
       industry_focus text[], state jsonb)
     on conflict (zone_id) do update set stream_version = excluded.stream_version,
       name_zh = excluded.name_zh, name_en = excluded.name_en, kind = excluded.kind,
       level = excluded.level, province = excluded.province, region = excluded.region,
       city = excluded.city, status = excluded.status, industry_focus = excluded.industry_focus,
       state = excluded.state`,
    [JSON.stringify(rows.map(columnsOf))],
  );
}

function columnsOf({ streamVersion, state }: ZoneViewRow) {
  return {
    zone_id: state.zoneId,
    stream_version: streamVersion,
    name_zh: state.nameZh,
    name_en: state.nameEn,
    kind: state.kind,
    level: state.level,
    province: state.province,
    region: state.region,
    city: state.city,
    status: state.status.kind,
    industry_focus: state.industryFocus,
    state,
  };
}
