import type { ZoneStatus } from '../../domain/zone.state';
import type { MergerKind } from '../../domain/zone.events';

/** The zone enumerations and id pattern every context shares (the shared kernel's). */
export { REGIONS, ZONE_ID_PATTERN, ZONE_KINDS, ZONE_LEVELS } from '@zoneledger/shared-kernel';

// The values the API accepts for the domain's enumerations (the proto enum value names). Each
// list is checked against its type: a value the domain gains fails to compile until listed here.

type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? readonly Listed[] : never;

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
