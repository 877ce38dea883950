import type { MigrationInterface, QueryRunner } from 'typeorm';
import { claimColumns, ZONE_NAME_CLAIMS } from '../application/zone-names';
import { ZONE_STREAM_TYPE } from '../application/zone-command';
import type { ZoneEvent } from '../domain/zone.events';
import { nameClaims } from '../domain/zone-name-claims';
import { evolve, initialState } from '../domain/zone.state';

/** How many zones' streams the backfill folds at a time. */
const ZONES_PER_PAGE = 500;

type Runner = Pick<QueryRunner, 'query'>;

/**
 * The names the register's zones hold (see ZoneNames): one row per name, language and level, its
 * key unique. Filled from the zones already in the event store, each stream folded with the
 * domain's `evolve`, so a register with zones keeps refusing their names after the upgrade.
 */
export class CreateZoneNameClaims1795965796558 implements MigrationInterface {
  readonly name = 'CreateZoneNameClaims1795965796558';

  async up(runner: Runner): Promise<void> {
    await runner.query(`create table ${ZONE_NAME_CLAIMS} (
      language text not null check (language in ('zh', 'en')),
      name_key text not null,
      level text not null,
      zone_id text not null,
      primary key (language, name_key, level)
    )`);
    // A zone's claims, for the namesakes of a name (all of their names) and for its own moves.
    await runner.query(`create index ${ZONE_NAME_CLAIMS}_zone on ${ZONE_NAME_CLAIMS} (zone_id)`);
    await claimRegisteredNames(runner);
  }

  async down(runner: Runner): Promise<void> {
    await runner.query(`drop table ${ZONE_NAME_CLAIMS}`);
  }
}

// Oldest zone first: a name two zones came to share while names were checked against the read
// model stays with the zone that bore it first; the other keeps its name, unclaimed, until it is
// corrected or leaves the register.
async function claimRegisteredNames(runner: Runner): Promise<void> {
  for (let after = '0'; ; ) {
    const zones: { stream_id: string; position: string }[] = await runner.query(
      `select stream_id, position from events
       where stream_type = $1 and stream_version = 1 and position > $2
       order by position limit $3`,
      [ZONE_STREAM_TYPE, after, ZONES_PER_PAGE],
    );
    if (zones.length === 0) return;
    const streams = await zoneStreams(
      runner,
      zones.map((zone) => zone.stream_id),
    );
    const claims = zones.flatMap((zone) =>
      nameClaims((streams.get(zone.stream_id) ?? []).reduce(evolve, initialState())),
    );
    await runner.query(
      `insert into ${ZONE_NAME_CLAIMS} (level, language, name_key, zone_id)
       select level, language, name_key, zone_id
       from unnest($1::text[], $2::text[], $3::text[], $4::text[]) with ordinality
         as claim(level, language, name_key, zone_id, at)
       order by at
       on conflict do nothing`,
      claimColumns(claims),
    );
    after = zones[zones.length - 1].position;
  }
}

/** The events of these streams, each stream's in order. */
async function zoneStreams(
  runner: Runner,
  streamIds: readonly string[],
): Promise<Map<string, ZoneEvent[]>> {
  const rows: { stream_id: string; type: ZoneEvent['type']; data: ZoneEvent['data'] }[] =
    await runner.query(
      `select stream_id, event_type as type, data from events
       where stream_id = any($1) order by stream_id, stream_version`,
      [streamIds],
    );
  const streams = new Map<string, ZoneEvent[]>();
  for (const { stream_id: streamId, type, data } of rows) {
    const events = streams.get(streamId) ?? [];
    events.push({ type, data } as ZoneEvent);
    streams.set(streamId, events);
  }
  return streams;
}
