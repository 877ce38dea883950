import type { PolicyKind, Region, ZoneKind, ZoneLevel } from '../../domain/policy.events';
import { POLICY_THEMES } from '../../domain/policy-themes';

// The values the API accepts for the domain's enumerations (the proto enum value names) and its
// vocabularies. Each list is checked against its type: a value the domain gains fails to compile
// until listed here.

type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? readonly Listed[] : never;

export const POLICY_KINDS = [
  'POLICY_KIND_OPINIONS',
  'POLICY_KIND_NOTICE',
  'POLICY_KIND_MEASURES',
  'POLICY_KIND_PLAN',
  'POLICY_KIND_APPROVAL',
  'POLICY_KIND_OTHER',
] as const satisfies Complete<PolicyKind, PolicyKind>;

export const SCOPE_ZONE_KINDS = [
  'ZONE_KIND_ETDZ',
  'ZONE_KIND_HIGH_TECH_ZONE',
  'ZONE_KIND_COMPREHENSIVE_BONDED_ZONE',
  'ZONE_KIND_FREE_TRADE_ZONE',
  'ZONE_KIND_BORDER_COOPERATION_ZONE',
  'ZONE_KIND_OTHER',
] as const satisfies Complete<ZoneKind, ZoneKind>;

export const SCOPE_ZONE_LEVELS = [
  'ZONE_LEVEL_NATIONAL',
  'ZONE_LEVEL_PROVINCIAL',
] as const satisfies Complete<ZoneLevel, ZoneLevel>;

export const SCOPE_REGIONS = [
  'REGION_EAST',
  'REGION_CENTRAL',
  'REGION_WEST',
] as const satisfies Complete<Region, Region>;

/** The themes a policy is filed under, as recorded (the domain's vocabulary). */
export const THEMES: readonly string[] = POLICY_THEMES;

/** Policy ids a client may choose: a UUID or a slug such as `gf-2019-11`. */
export const POLICY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** Zone ids as the zone register issues them (the zone-registry's pattern). */
export const ZONE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;
