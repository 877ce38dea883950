import { eventContract } from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import { aggregateIdOf, streamRows } from '@zoneledger/projections';
import type { Projection } from '@zoneledger/projections';

/** The read model's name: keys its checkpoints, generations and consumer group. */
export const ZONE_NAMES = 'zone-names';

interface NamedData {
  readonly nameZh?: string;
  readonly nameEn?: string;
  readonly survivingZoneId?: string;
  readonly newZone?: {
    readonly zoneId?: string;
    readonly nameZh?: string;
    readonly nameEn?: string;
  };
}

/**
 * Each zone's current Chinese and English names, from its registration, renames and (for a new
 * zone) the merger that created it: what published rankings, which name zones, are matched
 * against. An event at or below the zone's recorded stream version was applied before. A batch
 * of events costs two statements however many zones it touches (their rows read at once,
 * then written at once).
 */
export function zoneNamesProjection(zonesTopic: string): Projection {
  return {
    name: ZONE_NAMES,
    topics: [zonesTopic],
    tables: ['zone_names'],
    async createTables(manager, context) {
      await manager.query(`create table ${context.table('zone_names')} (
        zone_id text primary key,
        stream_version int not null,
        name_zh text not null,
        name_en text)`);
    },
    ...zoneNamesRows.handlers,
  };
}

/** The names an event gives its zone; undefined when it names none. */
export function namesIn(
  type: string,
  zoneId: string,
  data: NamedData,
): { nameZh: string; nameEn?: string } | undefined {
  const named =
    type === 'ZoneRegistered' || type === 'ZoneRenamed'
      ? data
      : type === 'ZonesMerged' && data.newZone?.zoneId === zoneId
        ? data.newZone
        : undefined;
  if (!named?.nameZh) return undefined;
  return { nameZh: named.nameZh, ...(named.nameEn ? { nameEn: named.nameEn } : {}) };
}

/** A zone's names, as of a version of its stream. */
export interface ZoneNamesRow {
  readonly streamVersion: number;
  readonly nameZh: string;
  readonly nameEn?: string;
}

const COLUMNS = { zone_id: 'text', stream_version: 'int', name_zh: 'text', name_en: 'text' };

const zoneNamesRows = streamRows<ZoneNamesRow, NamesRow>({
  keyOf: (event) => aggregateIdOf(event),
  next(_row, event, zoneId, streamVersion) {
    const type = eventContract(event.cloudEvent.type).domainType;
    const names = namesIn(type, zoneId, event.data as NamedData);
    return names && { streamVersion, ...names };
  },
  table: 'zone_names',
  key: 'zone_id',
  columns: COLUMNS,
  rowOf: (row: NamesRow) => ({
    streamVersion: row.stream_version,
    nameZh: row.name_zh,
    ...(row.name_en === null ? {} : { nameEn: row.name_en }),
  }),
  columnsOf: (zoneId, row) => ({
    zone_id: zoneId,
    stream_version: row.streamVersion,
    name_zh: row.nameZh,
    name_en: row.nameEn ?? null,
  }),
});

interface NamesRow {
  readonly zone_id: string;
  readonly stream_version: number;
  readonly name_zh: string;
  readonly name_en: string | null;
}

/**
 * The rows `events` change, folded in order onto `rows` (the zones' rows before them): an event
 * at or below its row's stream version changes nothing, nor does one that names no zone.
 */
export function foldZoneNames(
  rows: ReadonlyMap<string, ZoneNamesRow>,
  events: readonly ConsumedEvent[],
): Map<string, ZoneNamesRow> {
  return zoneNamesRows.fold(rows, events);
}
