import type { ZoneStanding } from '@zoneledger/shared-kernel';

// Reads of the zone timeline, for the contexts that keep it. Placeholders: $1 the day (valid
// time), $2 the moment of knowledge (recorded time); a caller's own conditions bind from $3.

/** A zone's kind, level, province, region and standing on a day as known at a moment. */
export interface ZoneOnDayRow {
  readonly zone_id: string;
  readonly kind: string;
  readonly level: string;
  readonly province: string;
  readonly region: string;
  readonly status: ZoneStanding;
}

/**
 * Each zone's state on $1 as known at $2, as `z` (`zoneFilter`: a condition on zone_id, or none):
 * its newest state by valid day among those recorded by then, served by `zone_timeline_on_day`.
 */
export function zonesOnDay(zoneFilter = 'true'): string {
  return `(select distinct on (zone_id) zone_id, kind, level, province, region, status
    from zone_timeline
    where valid_from <= $1 and recorded_at <= $2 and ${zoneFilter}
    order by zone_id, valid_from desc, stream_version desc) z`;
}

/** How many mergers deep a lineage is followed (a cycle in bad data cannot loop for ever). */
export const MAX_MERGER_DEPTH = 16;

/**
 * A recursive common table expression `absorbed (zone_id, merger_id, merged_from, depth)`: the
 * zone `zone` itself (depth 0) and every zone merged into it, directly or through zones merged
 * into those (depth 1, 2, ...), by mergers that took effect by `day` and were recorded by `asOf`
 * when they are given. `zone`, `day` and `asOf` are SQL expressions (placeholders, columns).
 */
export function absorbedZones(
  zone: string,
  bounds: { readonly day?: string; readonly asOf?: string } = {},
): string {
  const within = [
    ...(bounds.day ? [`m.merged_from <= ${bounds.day}`] : []),
    ...(bounds.asOf ? [`m.recorded_at <= ${bounds.asOf}`] : []),
  ]
    .map((condition) => ` and ${condition}`)
    .join('');
  return `with recursive absorbed (zone_id, merger_id, merged_from, depth) as (
    select ${zone}::text, null::text, null::date, 0
    union all
    select m.absorbed_zone_id, m.merger_id, m.merged_from, a.depth + 1 from absorbed a
    join zone_merger m on m.surviving_zone_id = a.zone_id${within}
    where a.depth < ${MAX_MERGER_DEPTH})`;
}
