import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CalendarDate } from '@zoneledger/shared-kernel';
import type { AutonomyGrantOutcome } from './autonomy-grants.process';

/** One zone's share of a policy's autonomy grant and what the register made of it. */
export interface PolicyAutonomyGrantView {
  readonly policyId: string;
  readonly zoneId: string;
  readonly power: string;
  readonly effectiveOn: CalendarDate;
  readonly outcome: AutonomyGrantOutcome['outcome'];
  /** The zone's stream version after the grant; absent when it was rejected. */
  readonly zoneVersion?: number;
  /** The register's error code when it was rejected, e.g. ZONE.NOT_ACTIVE. */
  readonly errorCode?: string;
  readonly detail?: string;
  /** The CloudEvent id of the policy event that asked for it. */
  readonly policyEventId: string;
  readonly decidedAt: Date;
}

/** Which decisions to list; every given criterion must hold. */
export interface PolicyAutonomyGrantFilter {
  readonly policyId?: string;
  readonly zoneId?: string;
  readonly outcome?: AutonomyGrantOutcome['outcome'];
}

export interface PolicyAutonomyGrantPage {
  readonly items: readonly PolicyAutonomyGrantView[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

interface GrantRow {
  policy_id: string;
  zone_id: string;
  power: string;
  effective_on: CalendarDate;
  outcome: AutonomyGrantOutcome['outcome'];
  zone_version: number | null;
  error_code: string | null;
  detail: string | null;
  policy_event_id: string;
  decided_at: Date;
  total: string;
}

/** The saga's decisions, read from policy_autonomy_grants (the view of its current generation). */
@Injectable()
export class AutonomyGrantsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(
    filter: PolicyAutonomyGrantFilter,
    page: { limit: number; offset: number },
  ): Promise<PolicyAutonomyGrantPage> {
    const rows: GrantRow[] = await this.dataSource.query(
      `select *, count(*) over () as total from policy_autonomy_grants ${MATCHING}
       order by policy_id, zone_id, power
       limit $4 offset $5`,
      [...filterParameters(filter), page.limit, page.offset],
    );
    return {
      items: rows.map(grantView),
      total: rows.length > 0 ? Number(rows[0].total) : await this.count(filter),
      ...page,
    };
  }

  // A page past the end has no row to carry the total.
  private async count(filter: PolicyAutonomyGrantFilter): Promise<number> {
    const [{ total }]: { total: string }[] = await this.dataSource.query(
      `select count(*) as total from policy_autonomy_grants ${MATCHING}`,
      filterParameters(filter),
    );
    return Number(total);
  }
}

// The filter's criteria as $1..$3; an absent one holds for every row.
const MATCHING = `where ($1::text is null or policy_id = $1)
  and ($2::text is null or zone_id = $2)
  and ($3::text is null or outcome = $3)`;

function filterParameters(filter: PolicyAutonomyGrantFilter): (string | null)[] {
  return [filter.policyId ?? null, filter.zoneId ?? null, filter.outcome ?? null];
}

function grantView(row: GrantRow): PolicyAutonomyGrantView {
  return {
    policyId: row.policy_id,
    zoneId: row.zone_id,
    power: row.power,
    effectiveOn: row.effective_on,
    outcome: row.outcome,
    ...(row.zone_version === null ? {} : { zoneVersion: row.zone_version }),
    ...(row.error_code === null ? {} : { errorCode: row.error_code }),
    ...(row.detail === null ? {} : { detail: row.detail }),
    policyEventId: row.policy_event_id,
    decidedAt: row.decided_at,
  };
}
