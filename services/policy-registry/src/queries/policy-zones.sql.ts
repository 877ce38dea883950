import { MAX_MERGER_DEPTH, zonesOnDay, type ZoneOnDayRow } from '@zoneledger/zone-timeline';
import { scopeCovers, ZONE_COLUMNS } from './in-force.sql';

// The zones a version's scope covers on a day as known at a moment, heirs included: a zone the
// scope covered the day before it was absorbed hands the policy to the zone that absorbed it
// (or to that zone's own survivor, up the lineage) for as long as the heir stands. Placeholders:
// $1 the day, $2 the moment, $3 the policy, $4 its version in force.

/** A zone a policy applies to: directly, or as heir of the absorbed zone `origin_*` describes. */
export interface PolicyZoneRow extends ZoneOnDayRow {
  readonly origin_zone_id: string | null;
  readonly origin_kind: string | null;
  readonly origin_level: string | null;
  readonly origin_province: string | null;
  readonly origin_region: string | null;
  readonly origin_status: ZoneOnDayRow['status'] | null;
  readonly merger_id: string | null;
  readonly merged_on: string | null;
}

const VERSION = `(select * from policy_version where policy_id = $3 and version = $4) v`;

const STATE_COLUMNS = 'kind, level, province, region, status';

// A zone's state on a day (an SQL expression) as known at $2, for a lateral join.
const stateOn = (zone: string, day: string) => `(select zone_id, ${STATE_COLUMNS}
  from zone_timeline
  where zone_id = ${zone} and valid_from <= ${day} and recorded_at <= $2
  order by valid_from desc, stream_version desc limit 1)`;

// The zones covered directly; `zoneFilter` narrows the zones read (a condition on zone_id).
const direct = (
  zoneFilter: string,
) => `select z.*, null as origin_zone_id, null as origin_kind, null as origin_level,
    null as origin_province, null as origin_region, null as origin_status, null as merger_id,
    null as merged_on
  from ${zonesOnDay(zoneFilter)}, ${VERSION}
  where z.status in ('active', 'downgraded') and ${scopeCovers(ZONE_COLUMNS)}`;

const ORIGIN_COLUMNS = {
  zoneId: 'o.zone_id',
  kind: 'o.kind',
  level: 'o.level',
  province: 'o.province',
  region: 'o.region',
};

const INHERITED = `select heir.*, o.zone_id, o.kind, o.level, o.province, o.region, o.status,
    l.merger_id, to_char(l.merged_from, 'YYYY-MM-DD')
  from lineage l
  cross join lateral ${stateOn('l.origin', 'l.merged_from - 1')} o
  cross join lateral ${stateOn('l.heir', '$1')} heir, ${VERSION}
  where not exists (select 1 from zone_merger m where m.absorbed_zone_id = l.heir
      and m.merged_from <= $1 and m.recorded_at <= $2)
    and o.status in ('active', 'downgraded') and heir.status in ('active', 'downgraded')
    and ${scopeCovers(ORIGIN_COLUMNS)}`;

/**
 * Every zone the version applies to, once (directly rather than as heir), as `z`. A version that
 * names its zones binds them to $5 (`namedZones`), so only those zones' timelines are read;
 * otherwise every zone's state on the day is tested.
 */
export const policyZones = (namedZones: boolean) => `(select distinct on (zone_id) * from (
  with recursive lineage (origin, merger_id, merged_from, heir, depth) as (
    select absorbed_zone_id, merger_id, merged_from, surviving_zone_id, 1 from zone_merger
    where merged_from <= $1 and recorded_at <= $2
    union all
    select l.origin, l.merger_id, l.merged_from, m.surviving_zone_id, l.depth + 1
    from lineage l join zone_merger m on m.absorbed_zone_id = l.heir
    where m.merged_from <= $1 and m.recorded_at <= $2 and l.depth < ${MAX_MERGER_DEPTH})
  ${direct(namedZones ? 'zone_id = any($5::text[])' : 'true')}
  union all
  ${INHERITED}) applying
  order by zone_id, origin_zone_id nulls first, merged_on) z`;
