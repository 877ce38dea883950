import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readPage, type Page, type PageOf } from '@zoneledger/platform';
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

export type PolicyAutonomyGrantPage = PageOf<PolicyAutonomyGrantView>;

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
}

/** The saga's decisions, read from policy_autonomy_grants (the view of its current generation). */
@Injectable()
export class AutonomyGrantsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: PolicyAutonomyGrantFilter, page: Page): Promise<PolicyAutonomyGrantPage> {
    const criteria = {
      policy_id: filter.policyId,
      zone_id: filter.zoneId,
      outcome: filter.outcome,
    };
    const given = Object.entries(criteria).filter(([, value]) => value !== undefined);
    const { rows, total } = await readPage<GrantRow>(
      this.dataSource,
      {
        select: '*',
        from: 'policy_autonomy_grants',
        where: given.map(([column], index) => `${column} = $${index + 1}`),
        values: given.map(([, value]) => value),
        orderBy: 'policy_id, zone_id, power',
      },
      page,
    );
    return { items: rows.map(grantView), total, ...page };
  }
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
