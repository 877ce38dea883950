import type { CalendarDate } from '@zoneledger/shared-kernel';
import type { PolicyScope, Region, ZoneKind, ZoneLevel } from '../domain/policy.events';
import { SCOPE_KEYS } from '../projections/policy-timeline.projection';
import { scopeMatches, type ScopeMatch } from '../domain/policy-scope';
import type { ZoneOnDayRow } from '@zoneledger/zone-timeline';

// The bitemporal selections the queries share. Placeholders: $1 the day (valid time), $2 the
// moment of knowledge (recorded time); a caller's own conditions bind from $3.

/** A policy's version in force on a day, as known at a moment, with what the policy is. */
export interface InForceVersionRow {
  readonly policy_id: string;
  readonly version: number;
  readonly document_number: string;
  readonly issuer: string;
  readonly kind: string;
  readonly issued_on: CalendarDate;
  readonly effective_on: CalendarDate;
  readonly expires_on: CalendarDate | null;
  readonly title_zh: string;
  readonly title_en: string | null;
  readonly themes: string[];
  readonly measures: string[];
  readonly scope: PolicyScope;
}

/**
 * The version of each policy in force on $1 as known at $2: the latest recorded by then that
 * took effect by then, unless it had expired or an ending recorded by then had taken effect.
 * `where` adds conditions on `v` (the version) and `s` (the policy), all of which must hold.
 */
export function policiesInForce(where: readonly string[] = []): string {
  return `select s.policy_id, v.version, s.document_number, s.issuer, s.kind, s.issued_on,
      v.effective_on, v.expires_on, v.title_zh, v.title_en, v.themes, v.measures, v.scope
    from policy_summary s
    cross join lateral (
      select * from policy_version v
      where v.policy_id = s.policy_id and v.effective_from <= $1 and v.recorded_at <= $2
      order by v.version desc limit 1) v
    where s.recorded_at <= $2
      and (v.expires_through is null or v.expires_through >= $1)
      and not exists (select 1 from policy_ending e where e.policy_id = s.policy_id
        and e.effective_from <= $1 and e.recorded_at <= $2)
      ${where.map((condition) => `and ${condition}`).join(' ')}
    order by s.issued_from desc, s.policy_id collate "C"`;
}

/**
 * The versions in force on $1 as known at $2 that can cover the zone bound to $3 (id), $4 (kind),
 * $5 (level), $6 (province), $7 (region): looked up by scope key, then tested by scope.
 */
export const POLICIES_IN_FORCE_FOR_ZONE = (() => {
  const zone = { zoneId: '$3', kind: '$4', level: '$5', province: '$6', region: '$7' };
  return policiesInForce([scopeKeysInclude(zone), scopeCovers(zone)]);
})();

/** Whether a version's scope covers a zone as it stood on a day, and by which criteria. */
export function scopeOnDayMatches(scope: PolicyScope, zone: ZoneOnDayRow): ScopeMatch {
  // The timeline holds what the zone events carried: the contract's enum names.
  return scopeMatches(scope, {
    zoneId: zone.zone_id,
    kind: zone.kind as ZoneKind,
    level: zone.level as ZoneLevel,
    province: zone.province,
    region: zone.region as Region,
    status: zone.status,
  });
}

/** SQL expressions of a zone's id, kind, level, province and region (columns or placeholders). */
export type ZoneExpressions = Readonly<
  Record<'zoneId' | 'kind' | 'level' | 'province' | 'region', string>
>;

/** The columns of `zonesOnDay`'s rows. */
export const ZONE_COLUMNS: ZoneExpressions = {
  zoneId: 'z.zone_id',
  kind: 'z.kind',
  level: 'z.level',
  province: 'z.province',
  region: 'z.region',
};

/**
 * A condition on the policy (`s`) that its versions recorded by $2 include one whose scope can
 * cover the zone: the versions whose scope keys (SCOPE_KEYS, gin-indexed) include the zone's id,
 * province, region, kind or level, or '*'. It only narrows which policies are read; `scopeCovers`
 * still decides on the version in force.
 */
export function scopeKeysInclude(zone: ZoneExpressions): string {
  const keys = [zone.zoneId, zone.province, zone.region, zone.kind, zone.level].join(', ');
  return `s.policy_id in (select policy_id from policy_version
    where ${SCOPE_KEYS} && array[${keys}, '*']::text[] and recorded_at <= $2)`;
}

/**
 * A condition under which a version's scope (`v`) can cover the zone: each criterion the scope
 * names holds. Provinces are official names on both sides. What matched is the domain's
 * scopeMatches' to tell; this only lets the database skip what cannot match.
 */
export function scopeCovers(zone: ZoneExpressions): string {
  return [
    `(cardinality(v.scope_zone_ids) = 0 or ${zone.zoneId} = any(v.scope_zone_ids))`,
    `(cardinality(v.scope_zone_kinds) = 0 or ${zone.kind} = any(v.scope_zone_kinds))`,
    `(cardinality(v.scope_zone_levels) = 0 or ${zone.level} = any(v.scope_zone_levels))`,
    `(cardinality(v.scope_provinces) = 0 or ${zone.province} = any(v.scope_provinces))`,
    `(cardinality(v.scope_regions) = 0 or ${zone.region} = any(v.scope_regions))`,
  ].join(' and ');
}
