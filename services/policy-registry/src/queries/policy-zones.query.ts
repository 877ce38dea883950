import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readPage, type Page, type PageOf } from '@zoneledger/platform';
import type { ZoneOnDayRow } from '@zoneledger/zone-timeline';
import type { DataSource } from 'typeorm';
import type { ScopeClause } from '../domain/policy-scope';
import { policiesInForce, scopeOnDayMatches, type InForceVersionRow } from './in-force.sql';
import { PolicyNotKnownError } from './policy-read.errors';
import { PolicyStandingQuery, type PolicyStandingName } from './policy-standing.query';
import { policyVersionView, type PolicyApplication, type PolicyVersionView } from './policy-views';
import { policyZones, type PolicyZoneRow } from './policy-zones.sql';
import type { ReadTimes } from './read-times';

/** A zone a policy applies to, and by which criteria of its scope. */
export interface PolicyZoneView {
  readonly zoneId: string;
  readonly kind: string;
  readonly level: string;
  readonly province: string;
  readonly region: string;
  readonly status: string;
  /** The scope criteria that hold (of the absorbed zone, for an heir). */
  readonly matchedBy: readonly ScopeClause[];
  /** Set when the zone has the policy as heir of a zone it absorbed. */
  readonly inheritedFrom?: PolicyApplication['inheritedFrom'];
}

/** The zones a policy applies to on a day as known at a moment (none when it is not in force). */
export interface PolicyZones extends ReadTimes, PageOf<PolicyZoneView> {
  readonly policyId: string;
  /** Where the policy stood then (the domain's policyInForce on the timeline as known then). */
  readonly standing: PolicyStandingName;
  /** The version in force then; absent when the policy was not in force. */
  readonly version?: PolicyVersionView;
}

/** Which zones a policy applies to, read from the policy and zone timelines. */
@Injectable()
export class PolicyZonesQuery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly standings: PolicyStandingQuery,
  ) {}

  /** A page of the zones the version of `policyId` in force then covers, as they stood then. */
  async forPolicy(policyId: string, times: ReadTimes, page: Page): Promise<PolicyZones> {
    const standing = await this.standings.standingOf(policyId, times);
    if (standing === undefined) throw new PolicyNotKnownError(policyId, times.asOf);
    const [inForce]: InForceVersionRow[] = await this.db.query(
      policiesInForce(['s.policy_id = $3']),
      [times.inForceOn, times.asOf, policyId],
    );
    if (!inForce) return { policyId, ...times, standing, items: [], total: 0, ...page };
    const namedZones = inForce.scope.zoneIds;
    const { rows, total } = await readPage<PolicyZoneRow>(
      this.db,
      {
        select: 'z.*',
        from: policyZones(namedZones.length > 0),
        where: [],
        values: [
          times.inForceOn,
          times.asOf,
          policyId,
          inForce.version,
          ...(namedZones.length > 0 ? [namedZones] : []),
        ],
        orderBy: 'z.zone_id collate "C"',
      },
      page,
    );
    return {
      policyId,
      ...times,
      standing,
      version: policyVersionView(inForce),
      items: rows.map((zone) => zoneView(inForce, zone)),
      total,
      ...page,
    };
  }
}

function zoneView(version: InForceVersionRow, zone: PolicyZoneRow): PolicyZoneView {
  const origin = originOf(zone);
  const match = scopeOnDayMatches(version.scope, origin ?? zone);
  return {
    zoneId: zone.zone_id,
    kind: zone.kind,
    level: zone.level,
    province: zone.province,
    region: zone.region,
    status: zone.status,
    matchedBy: match.matches ? match.matchedBy : [],
    ...(origin && zone.merger_id && zone.merged_on
      ? {
          inheritedFrom: {
            zoneId: origin.zone_id,
            mergerId: zone.merger_id,
            mergedOn: zone.merged_on,
          },
        }
      : {}),
  };
}

// The absorbed zone the scope covered, as it stood the day before its merger.
function originOf(zone: PolicyZoneRow): ZoneOnDayRow | undefined {
  if (zone.origin_zone_id === null) return undefined;
  return {
    zone_id: zone.origin_zone_id,
    kind: zone.origin_kind ?? '',
    level: zone.origin_level ?? '',
    province: zone.origin_province ?? '',
    region: zone.origin_region ?? '',
    status: zone.origin_status ?? 'active',
  };
}
