import type { ZoneKindJson, ZoneLevelJson } from '@zoneledger/contracts';
import type { Region } from './region';

// The zone register's enumerations every context names zones by (the proto enum value names,
// without their "unspecified" zero value), listed for APIs that accept them. Each list is checked
// against its type: a value the contract gains fails to compile until listed here.

/** What a development zone is. */
export type ZoneKind = Exclude<ZoneKindJson, 'ZONE_KIND_UNSPECIFIED'>;
/** Where a zone stands in the zone register: in it (active, downgraded) or out (merged, exited). */
export type ZoneStanding = 'active' | 'downgraded' | 'merged' | 'exited';
/** Who approved a zone. */
export type ZoneLevel = Exclude<ZoneLevelJson, 'ZONE_LEVEL_UNSPECIFIED'>;

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

/** Zone ids as the zone register takes them: a UUID or a slug such as `suzhou-industrial-park`. */
export const ZONE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;
