import { eventContract } from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import type { Projection, ProjectionContext } from '@zoneledger/projections';
import type { EntityManager } from 'typeorm';

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
 * against. An event at or below the zone's recorded stream version was applied before.
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
    handle: applyEvent,
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

async function applyEvent(
  event: ConsumedEvent,
  manager: EntityManager,
  context: ProjectionContext,
): Promise<void> {
  const zoneId = event.cloudEvent.subject.slice('zone-'.length);
  const names = namesIn(
    eventContract(event.cloudEvent.type).domainType,
    zoneId,
    event.data as NamedData,
  );
  if (!names) return;
  await manager.query(
    `insert into ${context.table('zone_names')} (zone_id, stream_version, name_zh, name_en)
     values ($1, $2, $3, $4)
     on conflict (zone_id) do update set stream_version = excluded.stream_version,
       name_zh = excluded.name_zh, name_en = excluded.name_en
     where ${context.table('zone_names')}.stream_version < excluded.stream_version`,
    [
      zoneId,
      Number(event.cloudEvent.extensions?.streamversion ?? 0),
      names.nameZh,
      names.nameEn ?? null,
    ],
  );
}
