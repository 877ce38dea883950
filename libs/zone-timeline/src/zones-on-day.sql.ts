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
