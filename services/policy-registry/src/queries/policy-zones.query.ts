import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readPage, type Page, type PageOf } from '@zoneledger/platform';
import type { DataSource } from 'typeorm';
import type { ScopeClause } from '../domain/policy-scope';
import {
  policiesInForce,
  scopeOnDayMatches,
  scopeCovers,
  ZONE_COLUMNS,
  zonesOnDay,
  type InForceVersionRow,
  type ZoneOnDayRow,
} from './in-force.sql';
import { PolicyNotKnownError } from './policy-read.errors';
import { policyVersionView, type PolicyVersionView } from './policy-views';
import type { ReadTimes } from './read-times';

/** A zone a policy applies to, and by which criteria of its scope. */
export interface PolicyZoneView {
  readonly zoneId: string;
  readonly kind: string;
  readonly level: string;
  readonly province: string;
  readonly region: string;
  readonly status: string;
  readonly matchedBy: readonly ScopeClause[];
}

/** The zones a policy applies to on a day as known at a moment (none when it is not in force). */
export interface PolicyZones extends ReadTimes, PageOf<PolicyZoneView> {
  readonly policyId: string;
  /** The version in force then; absent when the policy was not in force. */
  readonly version?: PolicyVersionView;
}

/** Which zones a policy applies to, read from the policy and zone timelines. */
@Injectable()
export class PolicyZonesQuery {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A page of the zones the version of `policyId` in force then covers, as they stood then. */
  async forPolicy(policyId: string, times: ReadTimes, page: Page): Promise<PolicyZones> {
    const known: unknown[] = await this.db.query(
      `select 1 from policy_summary where policy_id = $1 and recorded_at <= $2`,
      [policyId, times.asOf],
    );
    if (known.length === 0) throw new PolicyNotKnownError(policyId, times.asOf);
    const [inForce]: InForceVersionRow[] = await this.db.query(
      policiesInForce(['s.policy_id = $3']),
      [times.inForceOn, times.asOf, policyId],
    );
    if (!inForce) return { policyId, ...times, items: [], total: 0, ...page };
    const { rows, total } = await readPage<ZoneOnDayRow>(
      this.db,
      {
        select: 'z.*',
        from: `${zonesOnDay()}, (select * from policy_version where policy_id = $3 and version = $4) v`,
        where: [`z.status in ('active', 'downgraded')`, scopeCovers(ZONE_COLUMNS)],
        values: [times.inForceOn, times.asOf, policyId, inForce.version],
        orderBy: 'z.zone_id collate "C"',
      },
      page,
    );
    return {
      policyId,
      ...times,
      version: policyVersionView(inForce),
      items: rows.map((zone) => zoneView(inForce, zone)),
      total,
      ...page,
    };
  }
}

function zoneView(version: InForceVersionRow, zone: ZoneOnDayRow): PolicyZoneView {
  const match = scopeOnDayMatches(version.scope, zone);
  return {
    zoneId: zone.zone_id,
    kind: zone.kind,
    level: zone.level,
    province: zone.province,
    region: zone.region,
    status: zone.status,
    matchedBy: match.matches ? match.matchedBy : [],
  };
}
