import { officialProvince, type ZoneStanding } from '@zoneledger/shared-kernel';
import type { PolicyScope, Region, ZoneKind, ZoneLevel } from './policy.events';

// Whether a policy's scope covers a zone, and why: for the policy-registry resolving a scope to
// zones (autonomy grants, ADR 0005) and for reads that explain "this policy applies to this zone
// because it is a national ETDZ in Jiangsu". Every non-empty criterion must hold (the contract's
// PolicyScope); a scope with none covers every zone in the register.

/** A criterion of a scope. */
export type ScopeClause = 'zone_kind' | 'zone_level' | 'province' | 'region' | 'named_zone';

/** A zone as the zone register describes it (from its zone events). */
export interface ScopedZone {
  readonly zoneId: string;
  readonly kind: ZoneKind;
  readonly level: ZoneLevel;
  /** Official ("江苏省") or short ("江苏") name. */
  readonly province: string;
  readonly region: Region;
  readonly status: ZoneStanding;
}

/**
 * A scope covers the zone, with the criteria that held (none: the scope names none, so it covers
 * every zone in the register); or it does not, with the first criterion that failed, or `status`
 * for a merged or exited zone, which no policy applies to any more.
 */
export type ScopeMatch =
  | { readonly matches: true; readonly matchedBy: readonly ScopeClause[] }
  | { readonly matches: false; readonly failedOn: ScopeClause | 'status' };

/** Whether `scope` covers `zone`, and by which criteria. */
export function scopeMatches(scope: PolicyScope, zone: ScopedZone): ScopeMatch {
  if (zone.status === 'merged' || zone.status === 'exited')
    return { matches: false, failedOn: 'status' };
  const province = officialProvince(zone.province);
  const criteria: readonly [ScopeClause, boolean | undefined][] = [
    ['named_zone', holds(scope.zoneIds, (zoneId) => zoneId === zone.zoneId)],
    ['zone_kind', holds(scope.zoneKinds, (kind) => kind === zone.kind)],
    ['zone_level', holds(scope.zoneLevels, (level) => level === zone.level)],
    ['province', holds(scope.provinces, (name) => officialProvince(name) === province)],
    ['region', holds(scope.regions, (region) => region === zone.region)],
  ];
  const failed = criteria.find(([, held]) => held === false);
  if (failed) return { matches: false, failedOn: failed[0] };
  return {
    matches: true,
    matchedBy: criteria.filter(([, held]) => held).map(([clause]) => clause),
  };
}

// undefined: the scope does not name this criterion.
function holds<T>(values: readonly T[], test: (value: T) => boolean): boolean | undefined {
  return values.length === 0 ? undefined : values.some(test);
}
