import { eventContract } from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import { streamVersionOf } from '@zoneledger/projections';
import {
  firstDayOf,
  officialProvince,
  type CalendarDate,
  type ZoneStanding,
} from '@zoneledger/shared-kernel';

// How a zone event changes what other contexts read of a zone (kind, level, province, region,
// standing), and from which day. Events that change none of these (renames, industries, grants)
// add nothing.

/** A zone's scope-relevant state from `valid_from`, as recorded at `recorded_at`. */
export interface ZoneStateRow {
  readonly zone_id: string;
  readonly stream_version: number;
  readonly valid_from: string;
  readonly recorded_at: string;
  readonly kind: string;
  readonly level: string;
  readonly province: string;
  readonly region: string;
  readonly status: ZoneStanding;
}

/** An absorbed zone's merger into its survivor, from the merger's effective day. */
export interface ZoneMergerRow {
  readonly merger_id: string;
  readonly absorbed_zone_id: string;
  readonly surviving_zone_id: string;
  readonly merged_from: string;
  readonly recorded_at: string;
}

/** What one zone event adds to the zone timeline. */
export interface ZoneTimelineChange {
  readonly state?: ZoneStateRow;
  readonly merger?: ZoneMergerRow;
}

type Json = Record<string, unknown>;

/** A zone's registration from no day in particular: approved at a date the register lacks. */
const SINCE_EVER = '0001-01-01';

/**
 * The change `event` makes to its zone's timeline, `previous` being the zone's latest recorded
 * state (by stream version). A corrected province or region has no date of effect: it replaces
 * the latest state from that state's own day.
 */
export function zoneTimelineChange(
  zoneId: string,
  event: ConsumedEvent,
  previous: ZoneStateRow | undefined,
): ZoneTimelineChange {
  const data = event.data as Json;
  const base = {
    zone_id: zoneId,
    stream_version: streamVersionOf(event),
    recorded_at: event.cloudEvent.time.toISOString(),
  };
  const from = (date: unknown) => firstDayOf(date as CalendarDate);
  switch (eventContract(event.cloudEvent.type).domainType) {
    case 'ZoneRegistered':
      return {
        state: {
          ...base,
          ...describedBy(data),
          valid_from: data.approvedOn ? from(data.approvedOn) : SINCE_EVER,
          status: 'active',
        },
      };
    case 'ZonesMerged':
      return mergerChange(zoneId, data, base);
  }
  if (!previous) return {};
  const next = { ...previous, ...base };
  switch (eventContract(event.cloudEvent.type).domainType) {
    case 'ZoneProfileUpdated':
      return {
        state: {
          ...next,
          province: officialProvince(String(data.province)),
          region: String(data.region),
        },
      };
    case 'ZoneUpgraded':
      return {
        state: {
          ...next,
          kind: String(data.kind),
          level: String(data.level),
          status: 'active',
          valid_from: from(data.effectiveOn),
        },
      };
    case 'ZoneDowngraded':
      return {
        state: {
          ...next,
          level: String(data.level),
          status: 'downgraded',
          valid_from: from(data.effectiveOn),
        },
      };
    case 'ZoneExited':
      return { state: { ...next, status: 'exited', valid_from: from(data.effectiveOn) } };
    default:
      return {};
  }

  // A merger is recorded on every zone it involves: an absorbed zone's stream says it merged
  // (and where into), a new surviving zone's stream starts with it.
  function mergerChange(subject: string, merger: Json, recorded: typeof base): ZoneTimelineChange {
    const mergedFrom = from(merger.effectiveOn);
    const survivor = String(merger.survivingZoneId);
    const absorbed = Array.isArray(merger.absorbedZoneIds) ? merger.absorbedZoneIds : [];
    if (absorbed.includes(subject) && previous) {
      return {
        state: { ...previous, ...recorded, status: 'merged', valid_from: mergedFrom },
        merger: {
          merger_id: String(merger.mergerId),
          absorbed_zone_id: subject,
          surviving_zone_id: survivor,
          merged_from: mergedFrom,
          recorded_at: recorded.recorded_at,
        },
      };
    }
    const newZone = merger.newZone as Json | undefined;
    if (subject === survivor && newZone && !previous) {
      return {
        state: { ...recorded, ...describedBy(newZone), valid_from: mergedFrom, status: 'active' },
      };
    }
    return {};
  }
}

function describedBy(data: Json): Pick<ZoneStateRow, 'kind' | 'level' | 'province' | 'region'> {
  return {
    kind: String(data.kind ?? 'ZONE_KIND_UNSPECIFIED'),
    level: String(data.level ?? 'ZONE_LEVEL_UNSPECIFIED'),
    province: officialProvince(String(data.province ?? '')),
    region: String(data.region ?? 'REGION_UNSPECIFIED'),
  };
}
