import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CalendarDate } from '@zoneledger/shared-kernel';
import type { DataSource } from 'typeorm';
import { policyInForce, type PolicyHistory } from '../domain/policy-in-force';
import type { PolicyScope } from '../domain/policy.events';
import type { PolicyVersion } from '../domain/policy.state';
import type { ReadTimes } from './read-times';

/** Where a policy stood on a day, as the register knew it at a moment. */
export type PolicyStandingName =
  | 'not_yet_effective'
  | 'in_force'
  | 'expired'
  | 'superseded'
  | 'repealed';

interface VersionRow {
  readonly version: number;
  readonly effective_on: CalendarDate;
  readonly expires_on: CalendarDate | null;
  readonly title_zh: string;
  readonly themes: string[];
  readonly measures: string[];
  readonly scope: PolicyScope;
}

interface EndingRow {
  readonly kind: 'superseded' | 'repealed';
  readonly effective_on: CalendarDate;
  readonly by_policy_id: string | null;
  readonly reason: string | null;
}

/** A policy's standing told by the domain's policyInForce, from the timeline as known then. */
@Injectable()
export class PolicyStandingQuery {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Where `policyId` stood on `inForceOn` as known at `asOf`; undefined if not known then. */
  async standingOf(policyId: string, times: ReadTimes): Promise<PolicyStandingName | undefined> {
    const versions: VersionRow[] = await this.db.query(
      `select version, effective_on, expires_on, title_zh, themes, measures, scope
       from policy_version where policy_id = $1 and recorded_at <= $2 order by version`,
      [policyId, times.asOf],
    );
    if (versions.length === 0) return undefined;
    const endings: EndingRow[] = await this.db.query(
      `select kind, effective_on, by_policy_id, reason from policy_ending
       where policy_id = $1 and recorded_at <= $2`,
      [policyId, times.asOf],
    );
    const [year, month, day] = times.inForceOn.split('-').map(Number);
    return policyInForce(historyOf(policyId, versions, endings), {
      inForceOn: { year, month, day },
    }).standing;
  }
}

function historyOf(
  policyId: string,
  versions: readonly VersionRow[],
  endings: readonly EndingRow[],
): PolicyHistory {
  const superseded = endings.find((ending) => ending.kind === 'superseded');
  const repealed = endings.find((ending) => ending.kind === 'repealed');
  return {
    policyId,
    versions: versions.map(
      (row): PolicyVersion => ({
        version: row.version,
        effectiveOn: row.effective_on,
        titleZh: row.title_zh,
        themes: row.themes,
        measures: row.measures.map((text) => ({ text })),
        scope: row.scope,
        ...(row.expires_on ? { expiresOn: row.expires_on } : {}),
      }),
    ),
    ...(superseded
      ? {
          superseded: {
            effectiveOn: superseded.effective_on,
            byPolicyId: superseded.by_policy_id ?? '',
          },
        }
      : {}),
    ...(repealed
      ? { repealed: { effectiveOn: repealed.effective_on, reason: repealed.reason ?? '' } }
      : {}),
  };
}
