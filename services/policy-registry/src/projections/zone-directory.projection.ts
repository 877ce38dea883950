import { eventContract } from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import { aggregateIdOf, streamRows } from '@zoneledger/projections';
import type { Projection } from '@zoneledger/projections';
import type { ZoneStanding } from '@zoneledger/shared-kernel';

/** The read model's name: keys its checkpoints, generations and consumer group. */
export const ZONE_DIRECTORY = 'zone-directory';

// The zone events' proto JSON, as far as the directory reads them (defaults left out).
export interface ZoneEventData {
  readonly [field: string]: unknown;
  readonly kind?: string;
  readonly level?: string;
  readonly province?: string;
  readonly region?: string;
  readonly survivingZoneId?: string;
  readonly absorbedZoneIds?: string[];
  readonly newZone?: ZoneEventData & { readonly zoneId?: string };
}

/**
 * One row per zone of the zones topic: its kind, level, province, region, standing and the zone
 * it was merged into, for resolving a policy's scope to zones when it is issued or amended
 * (ADR 0005). Each event arrives on its own zone's stream (a merger once per zone it involves),
 * so an event changes only its subject's row; one at or below the row's stream version was
 * applied before (a redelivery) and changes nothing. A batch of events costs two statements
 * however many zones it touches (their rows read at once, then written at once).
 */
export function zoneDirectoryProjection(zonesTopic: string): Projection {
  return {
    name: ZONE_DIRECTORY,
    topics: [zonesTopic],
    tables: ['zone_directory'],
    async createTables(manager, context) {
      const table = context.table('zone_directory');
      await manager.query(`create table ${table} (
        zone_id text primary key,
        stream_version int not null,
        kind text not null,
        level text not null,
        province text not null,
        region text not null,
        status text not null,
        merged_into text)`);
      // Scopes name a kind and a level most of the time (national ETDZs, ...).
      await manager.query(`create index ${table}_kind_level on ${table} (kind, level)`);
    },
    ...zoneDirectoryRows.handlers,
  };
}

/** A zone's row: its columns, as of a version of its stream. */
export interface ZoneDirectoryRow extends ZoneDirectoryColumns {
  readonly streamVersion: number;
}

const COLUMNS = {
  zone_id: 'text',
  stream_version: 'int',
  kind: 'text',
  level: 'text',
  province: 'text',
  region: 'text',
  status: 'text',
  merged_into: 'text',
};

const zoneDirectoryRows = streamRows<ZoneDirectoryRow, ZoneRow>({
  keyOf: (event) => aggregateIdOf(event),
  next(row, event, zoneId, streamVersion) {
    const type = eventContract(event.cloudEvent.type).domainType;
    const next = nextRow(row && columnsOf(row), zoneId, type, event.data as ZoneEventData);
    return next && { ...next, streamVersion };
  },
  table: 'zone_directory',
  key: 'zone_id',
  columns: COLUMNS,
  rowOf: (row: ZoneRow) => ({ ...columnsOf(row), streamVersion: row.stream_version }),
  columnsOf: (zoneId, row) => ({
    zone_id: zoneId,
    stream_version: row.streamVersion,
    ...columnsOf(row),
  }),
});

/**
 * The rows `events` change, folded in order onto `rows` (the zones' rows before them): an event
 * at or below its row's stream version changes nothing, nor does one that leaves its zone with no
 * row (a change to a zone the directory does not hold).
 */
export function foldZoneDirectory(
  rows: ReadonlyMap<string, ZoneDirectoryRow>,
  events: readonly ConsumedEvent[],
): Map<string, ZoneDirectoryRow> {
  return zoneDirectoryRows.fold(rows, events);
}

function columnsOf(row: ZoneDirectoryColumns): ZoneDirectoryColumns {
  return {
    kind: row.kind,
    level: row.level,
    province: row.province,
    region: row.region,
    status: row.status,
    merged_into: row.merged_into,
  };
}

interface ZoneRow {
  readonly zone_id: string;
  readonly stream_version: number;
  readonly kind: string;
  readonly level: string;
  readonly province: string;
  readonly region: string;
  readonly status: ZoneStanding;
  readonly merged_into: string | null;
}

/** A zone's columns in the directory but its key and version. */
export type ZoneDirectoryColumns = Omit<ZoneRow, 'zone_id' | 'stream_version'>;

/** The zone's columns after an event of its stream; undefined: no row (yet) to write. */
export function nextRow(
  row: ZoneDirectoryColumns | undefined,
  zoneId: string,
  type: string,
  data: ZoneEventData,
): ZoneDirectoryColumns | undefined {
  if (type === 'ZoneRegistered') return { ...profileOf(data), status: 'active', merged_into: null };
  if (type === 'ZonesMerged' && data.newZone?.zoneId === zoneId)
    return { ...profileOf(data.newZone), status: 'active', merged_into: null };
  if (!row) return undefined;
  switch (type) {
    case 'ZoneProfileUpdated':
      return { ...row, province: data.province ?? row.province, region: data.region ?? row.region };
    case 'ZoneUpgraded':
      return {
        ...row,
        kind: data.kind ?? row.kind,
        level: data.level ?? row.level,
        status: 'active',
      };
    case 'ZoneDowngraded':
      return { ...row, level: data.level ?? row.level, status: 'downgraded' };
    case 'ZoneExited':
      return { ...row, status: 'exited' };
    case 'ZonesMerged':
      return (data.absorbedZoneIds ?? []).includes(zoneId)
        ? { ...row, status: 'merged', merged_into: data.survivingZoneId ?? null }
        : row;
    default:
      return row;
  }
}

function profileOf(data: ZoneEventData): Omit<ZoneDirectoryColumns, 'status' | 'merged_into'> {
  return {
    kind: data.kind ?? 'ZONE_KIND_UNSPECIFIED',
    level: data.level ?? 'ZONE_LEVEL_UNSPECIFIED',
    province: data.province ?? '',
    region: data.region ?? 'REGION_UNSPECIFIED',
  };
}
