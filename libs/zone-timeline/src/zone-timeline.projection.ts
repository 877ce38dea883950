import type { ConsumedEvent } from '@zoneledger/messaging';
import {
  aggregateIdOf,
  rowsByKeyStatement,
  startsEveryStream,
  streamVersionOf,
  statementHandlers,
  textArray,
  type Projection,
  type ProjectionContext,
  type ProjectionStatements,
} from '@zoneledger/projections';
import type { EntityManager } from 'typeorm';
import { zoneTimelineChange, type ZoneMergerRow, type ZoneStateRow } from './zone-timeline.fold';

/** The read model's name: keys its checkpoints, generations and consumer group. */
export const ZONE_TIMELINE = 'zone-timeline';

/**
 * Each zone's kind, level, province, region and standing over time (valid time: the days
 * upgrades, downgrades, exits and mergers take effect) and as recorded (the events' times), and
 * which zone absorbed which, from when: what a context that reads the zones topic needs to tell
 * which zones stood where on a day as known at a moment (the policies in force for a zone, an
 * assessment round's population), mergers included. A redelivered event, at or below the zone's
 * latest recorded stream version, changes nothing.
 */
export function zoneTimelineProjection(zonesTopic: string): Projection {
  return {
    name: ZONE_TIMELINE,
    topics: [zonesTopic],
    tables: ['zone_timeline', 'zone_merger'],
    createTables,
    ...statementHandlers(statements),
    statements,
  };
}

/**
 * Folds consecutive events of one partition into the timeline: one read of the zones' latest
 * states, one insert of the new states, one of the mergers, however many events (a bulk import of
 * zones is thousands). The same effect as folding them one at a time: each event sees the state
 * the events before it left. Rows are only ever added, and a partition has one consumer, so the
 * latest states need no lock.
 */
const statements: ProjectionStatements = {
  read: (events, source, literal) =>
    // Each zone's latest state: its row of the highest stream version.
    rowsByKeyStatement(
      source('zone_timeline'),
      'zone_id',
      LATEST_STATE_COLUMNS,
      textArray(zoneIdsOf(events), literal),
      'stream_version',
    ),
  // A zone's first event follows no state; written again (re-published), its rows are there and
  // the inserts leave them.
  readNeeded: (events) => !startsEveryStream(events, zoneIdOf),
  write(events, rows, context, literal) {
    const read = rows as readonly ZoneStateRow[];
    const latest = new Map(read.map((row) => [row.zone_id, row]));
    const { states, mergers } = changesOf(events, latest);
    const json = (values: readonly object[]) => literal(JSON.stringify(values));
    const written: string[] = [];
    if (states.length > 0)
      written.push(insertStatesStatement(context.table('zone_timeline'), json(states)));
    if (mergers.length > 0)
      written.push(insertMergersStatement(context.table('zone_merger'), json(mergers)));
    return written.length > 0 ? written.join(';\n') : undefined;
  },
};

/** What a batch reads of each zone's latest state (ZoneStateRow's fields). */
const LATEST_STATE_COLUMNS = [
  'stream_version',
  "to_char(valid_from, 'YYYY-MM-DD') as valid_from",
  'recorded_at',
  'kind',
  'level',
  'province',
  'region',
  'status',
];

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

/** The rows `events` add, each seeing the state the events before it left (`latest`, updated). */
function changesOf(
  events: readonly ConsumedEvent[],
  latest: Map<string, ZoneStateRow>,
): { states: ZoneStateRow[]; mergers: ZoneMergerRow[] } {
  const states: ZoneStateRow[] = [];
  const mergers: ZoneMergerRow[] = [];
  for (const event of events) {
    const zoneId = zoneIdOf(event);
    const previous = latest.get(zoneId);
    const streamVersion = streamVersionOf(event);
    // Applied before: a redelivery, or the event store re-published.
    if (previous && previous.stream_version >= streamVersion) continue;
    const { state, merger } = zoneTimelineChange(zoneId, event, previous);
    if (state) {
      states.push(state);
      latest.set(zoneId, state);
    }
    if (merger) mergers.push(merger);
  }
  return { states, mergers };
}

function zoneIdOf(event: ConsumedEvent): string {
  return aggregateIdOf(event);
}

/** The zones the events are about, each once. */
function zoneIdsOf(events: readonly ConsumedEvent[]): string[] {
  return [...new Set(events.map(zoneIdOf))];
}

function insertStatesStatement(table: string, rows: string): string {
  return `insert into ${table} (zone_id, stream_version, valid_from, recorded_at, kind, level,
       province, region, status)
     select * from jsonb_to_recordset(${rows}::jsonb) as added(zone_id text, stream_version int,
       valid_from date, recorded_at timestamptz, kind text, level text, province text,
       region text, status text)
     on conflict do nothing`;
}

function insertMergersStatement(table: string, rows: string): string {
  return `insert into ${table} (merger_id, absorbed_zone_id, surviving_zone_id, merged_from,
       recorded_at)
     select * from jsonb_to_recordset(${rows}::jsonb) as added(merger_id text,
       absorbed_zone_id text, surviving_zone_id text, merged_from date, recorded_at timestamptz)
     on conflict do nothing`;
}
