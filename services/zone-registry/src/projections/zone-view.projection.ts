import type { ConsumedEvent } from '@zoneledger/messaging';
import { aggregateIdOf, streamRows } from '@zoneledger/projections';
import type { Projection } from '@zoneledger/projections';
import type { EntityManager } from 'typeorm';
import { evolve, initialState, type Zone } from '../domain/zone.state';
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
 * A batch of events costs two statements however many zones it touches (their rows read
 * at once, then written at once), so the view keeps up with a bulk import; one event is
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
    ...zoneViewRows.handlers,
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

const COLUMNS = {
  zone_id: 'text',
  stream_version: 'int',
  name_zh: 'text',
  name_en: 'text',
  kind: 'text',
  level: 'text',
  province: 'text',
  region: 'text',
  city: 'text',
  status: 'text',
  industry_focus: 'text[]',
  state: 'jsonb',
};

/** What the view's rows are made from: the version and the state. */
interface ZoneViewColumns {
  readonly stream_version: number;
  readonly state: Zone;
}

/**
 * The view's rows, a zone's state folded with the domain's `evolve`: a stream that no
 * registration or merger started (the zone left unregistered) has no row.
 */
const zoneViewRows = streamRows<ZoneViewRow, ZoneViewColumns>({
  // Each event arrives on its own zone's stream (a merger once per zone it involves), so a
  // partition's events touch only the rows of that partition's zones.
  keyOf: (event) => aggregateIdOf(event),
  next(row, event, _zoneId, streamVersion) {
    const state = evolve(row?.state ?? initialState(), zoneEventOf(event));
    return state.registered ? { streamVersion, state } : undefined;
  },
  table: 'zone_view',
  key: 'zone_id',
  columns: COLUMNS,
  readColumns: ['stream_version', 'state'],
  rowOf: (row) => ({ streamVersion: row.stream_version, state: row.state }),
  columnsOf: (_zoneId, row) => columnsOf(row),
});

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
  return zoneViewRows.fold(rows, events);
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
