import type { ZoneStatus } from '../../domain/zone.state';
import type { MergerKind, Region, ZoneKind, ZoneLevel } from '../../domain/zone.events';

// The values the API accepts for the domain's enumerations (the proto enum value names). Each
// list is checked against its type: a value the domain gains fails to compile until listed here.

type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? readonly Listed[] : never;

export const ZONE_KINDS = [
  'ZONE_KIND_ETDZ',
  'ZONE_KIND_HIGH_TECH_ZONE',
  'ZONE_KIND_COMPREHENSIVE_BONDED_ZONE',
  'ZONE_KIND_FREE_TRADE_ZONE',
  'ZONE_KIND_BORDER_COOPERATION_ZONE',
  'ZONE_KIND_OTHER',
] as const satisfies Complete<ZoneKind, ZoneKind>;

export const ZONE_LEVELS = [
  'ZONE_LEVEL_NATIONAL',
  'ZONE_LEVEL_PROVINCIAL',
] as const satisfies Complete<ZoneLevel, ZoneLevel>;

export const REGIONS = ['REGION_EAST', 'REGION_CENTRAL', 'REGION_WEST'] as const satisfies Complete<
  Region,
  Region
>;

export const MERGER_KINDS = [
  'MERGER_KIND_ETDZ_HIGH_TECH_INTEGRATION',
  'MERGER_KIND_ZONE_DISTRICT_INTEGRATION',
  'MERGER_KIND_OTHER',
] as const satisfies Complete<MergerKind, MergerKind>;

export const ZONE_STATUSES = [
  'active',
  'downgraded',
  'merged',
  'exited',
] as const satisfies Complete<ZoneStatus['kind'], ZoneStatus['kind']>;

/** Zone ids a client may choose: a UUID or a slug such as `suzhou-industrial-park`. */
export const ZONE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;
