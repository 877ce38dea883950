import { eventContract } from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import type { Projection, ProjectionContext } from '@zoneledger/projections';
import type { EntityManager } from 'typeorm';
import type { ZoneStanding } from '@zoneledger/shared-kernel';

/** The read model's name: keys its checkpoints, generations and consumer group. */
export const ZONE_DIRECTORY = 'zone-directory';

/** A zone as the policy registry's write side sees it now (no history: current state only). */
export interface ZoneDirectoryRow {
  readonly zoneId: string;
  readonly streamVersion: number;
  readonly kind: string;
  readonly level: string;
  readonly province: string;
  readonly region: string;
  readonly status: ZoneStanding;
  readonly mergedInto?: string;
}

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
 * applied before (a redelivery) and changes nothing.
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
    handle: applyEvent,
  };
}

async function applyEvent(
  event: ConsumedEvent,
  manager: EntityManager,
  context: ProjectionContext,
): Promise<void> {
  const table = context.table('zone_directory');
  const zoneId = event.cloudEvent.subject.slice('zone-'.length);
  const streamVersion = Number(event.cloudEvent.extensions?.streamversion ?? 0);
  const rows: ZoneRow[] = await manager.query(
    `select * from ${table} where zone_id = $1 for update`,
    [zoneId],
  );
  const row = rows[0];
  if (row && row.stream_version >= streamVersion) return;
  const type = eventContract(event.cloudEvent.type).domainType;
  const next = nextRow(row, zoneId, type, event.data as ZoneEventData);
  if (!next) return;
  await manager.query(
    `insert into ${table} (zone_id, stream_version, kind, level, province, region, status,
       merged_into)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (zone_id) do update set stream_version = excluded.stream_version,
       kind = excluded.kind, level = excluded.level, province = excluded.province,
       region = excluded.region, status = excluded.status, merged_into = excluded.merged_into`,
    [
      zoneId,
      streamVersion,
      next.kind,
      next.level,
      next.province,
      next.region,
      next.status,
      next.merged_into,
    ],
  );
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
