import type { CalendarDate } from '@zoneledger/shared-kernel';
import { policyVersionId } from '../domain/policy-in-force';
import type { ScopeClause } from '../domain/policy-scope';
import type { InForceVersionRow } from './in-force.sql';

/** A policy's version in force, as reads show it. */
export interface PolicyVersionView {
  readonly policyId: string;
  /** Stable identifier of the version: policy id and version number, e.g. "gf-2019-11/v2". */
  readonly versionId: string;
  readonly version: number;
  readonly documentNumber: string;
  readonly issuer: string;
  readonly kind: string;
  readonly titleZh: string;
  readonly titleEn?: string;
  readonly themes: string[];
  readonly measures: string[];
  readonly issuedOn: CalendarDate;
  /** From when this version applies. */
  readonly effectiveOn: CalendarDate;
  /** The last day it applies by its own terms. */
  readonly expiresOn?: CalendarDate;
}

/** Why a policy applies to a zone: through which zone, by which scope criteria. */
export interface PolicyApplication {
  /** The zone the scope covers: the zone asked about, or one it absorbed. */
  readonly zoneId: string;
  /** The criteria of the scope that hold (none: the scope covers every zone). */
  readonly matchedBy: readonly ScopeClause[];
  /** Set when the policy comes from a zone the asked zone absorbed in a merger. */
  readonly inheritedFrom?: {
    readonly zoneId: string;
    readonly mergerId: string;
    readonly mergedOn: string;
  };
}

/** A policy in force for a zone and why. */
export interface ZonePolicyView extends PolicyVersionView {
  readonly appliesThrough: PolicyApplication;
}

/** The view of a version row. */
export function policyVersionView(row: InForceVersionRow): PolicyVersionView {
  return {
    policyId: row.policy_id,
    versionId: policyVersionId(row.policy_id, row.version),
    version: row.version,
    documentNumber: row.document_number,
    issuer: row.issuer,
    kind: row.kind,
    titleZh: row.title_zh,
    ...(row.title_en ? { titleEn: row.title_en } : {}),
    themes: row.themes,
    measures: row.measures,
    issuedOn: row.issued_on,
    effectiveOn: row.effective_on,
    ...(row.expires_on ? { expiresOn: row.expires_on } : {}),
  };
}
