import type { ConsumedEvent } from '@zoneledger/messaging';
import type { Projection, ProjectionContext } from '@zoneledger/projections';
import type { EntityManager } from 'typeorm';
import { zoneTimelineChange, type ZoneMergerRow, type ZoneStateRow } from './zone-timeline.fold';

/** The read model's name: keys its checkpoints, generations and consumer group. */
export const ZONE_TIMELINE = 'zone-timeline';

// Zone events arrive on their zone's stream: the subject is `zone-<id>`.
const ZONE_SUBJECT_PREFIX = 'zone-';

/**
 * Each zone's kind, level, province, region and standing over time (valid time: the days
 * upgrades, downgrades, exits and mergers take effect) and as recorded (the events' times), and
 * which zone absorbed which, from when: what reads need to tell the policies in force for a zone
 * on a day as known at a moment, a merged zone's included. A redelivered event, at or below the
 * zone's latest recorded stream version, changes nothing.
 */
export function zoneTimelineProjection(zonesTopic: string): Projection {
  return {
    name: ZONE_TIMELINE,
    topics: [zonesTopic],
    tables: ['zone_timeline', 'zone_merger'],
    createTables,
    handle: applyEvent,
  };
}

async function createTables(manager: EntityManager, context: ProjectionContext): Promise<void> {
  const timeline = context.table('zone_timeline');
  const mergers = context.table('zone_merger');
  await manager.query(`create table ${timeline} (
    zone_id text not null,
    stream_version int not null,
    valid_from date not null,
    recorded_at timestamptz not null,
    kind text not null,
    level text not null,
    province text not null,
    region text not null,
    status text not null,
    primary key (zone_id, stream_version))`);
  // "A zone's state on D as known at T": its states by day, newest first.
  await manager.query(
    `create index ${timeline}_on_day on ${timeline} (zone_id, valid_from desc, stream_version desc) include (recorded_at)`,
  );
  // The zones a scope names by kind and level (national ETDZs, ...), on a day.
  await manager.query(`create index ${timeline}_kind_level on ${timeline} (kind, level)`);
  await manager.query(`create table ${mergers} (
    merger_id text not null,
    absorbed_zone_id text not null,
    surviving_zone_id text not null,
    merged_from date not null,
    recorded_at timestamptz not null,
    primary key (absorbed_zone_id, merger_id))`);
  await manager.query(`create index ${mergers}_survivor on ${mergers} (surviving_zone_id)`);
}

async function applyEvent(
  event: ConsumedEvent,
  manager: EntityManager,
  context: ProjectionContext,
): Promise<void> {
  const timeline = context.table('zone_timeline');
  const zoneId = event.cloudEvent.subject.slice(ZONE_SUBJECT_PREFIX.length);
  const [previous]: ZoneStateRow[] = await manager.query(
    `select zone_id, stream_version, to_char(valid_from, 'YYYY-MM-DD') as valid_from,
       recorded_at, kind, level, province, region, status
     from ${timeline} where zone_id = $1 order by stream_version desc limit 1 for update`,
    [zoneId],
  );
  const streamVersion = Number(event.cloudEvent.extensions?.streamversion ?? 0);
  if (previous && previous.stream_version >= streamVersion) return;
  const { state, merger } = zoneTimelineChange(zoneId, event, previous);
  if (state) await insertState(manager, timeline, state);
  if (merger) await insertMerger(manager, context.table('zone_merger'), merger);
}

async function insertState(manager: EntityManager, table: string, row: ZoneStateRow) {
  await manager.query(
    `insert into ${table} (zone_id, stream_version, valid_from, recorded_at, kind, level,
       province, region, status)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
    [
      row.zone_id,
      row.stream_version,
      row.valid_from,
      row.recorded_at,
      row.kind,
      row.level,
      row.province,
      row.region,
      row.status,
    ],
  );
}

async function insertMerger(manager: EntityManager, table: string, row: ZoneMergerRow) {
  await manager.query(
    `insert into ${table} (merger_id, absorbed_zone_id, surviving_zone_id, merged_from,
       recorded_at)
     values ($1, $2, $3, $4, $5) on conflict do nothing`,
    [row.merger_id, row.absorbed_zone_id, row.surviving_zone_id, row.merged_from, row.recorded_at],
  );
}
