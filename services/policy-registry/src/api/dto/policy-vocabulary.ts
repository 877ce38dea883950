import type { PolicyKind } from '../../domain/policy.events';
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

/** A scope's zone criteria take the zone register's enumerations (the shared kernel's). */
export {
  REGIONS as SCOPE_REGIONS,
  ZONE_ID_PATTERN,
  ZONE_KINDS as SCOPE_ZONE_KINDS,
  ZONE_LEVELS as SCOPE_ZONE_LEVELS,
} from '@zoneledger/shared-kernel';

/** The themes a policy is filed under, as recorded (the domain's vocabulary). */
export const THEMES: readonly string[] = POLICY_THEMES;

/** Policy ids a client may choose: a UUID or a slug such as `gf-2019-11`. */
export const POLICY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;
