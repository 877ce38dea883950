import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { containing, readPage, type Page, type PageOf } from '@zoneledger/platform';
import type { CalendarDate } from '@zoneledger/shared-kernel';
import type { DataSource } from 'typeorm';
import { ZonePoliciesQuery } from './zone-policies.query';
import { readTimes } from './read-times';

/** Where a policy stands today: the list's status filter. */
export const POLICY_STATUSES = [
  'in_force',
  'superseded',
  'repealed',
  'expired',
  'not_yet_effective',
] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** The list's filters, all of which must hold. */
export interface PolicyFilter {
  readonly issuer?: string;
  readonly kind?: string;
  readonly theme?: string;
  readonly status?: PolicyStatus;
  /** ISO dates, inclusive. */
  readonly issuedFrom?: string;
  readonly issuedTo?: string;
  /** Policies in force for this zone today. */
  readonly appliesToZone?: string;
  /** Part of a title (zh or en) or of a measure. */
  readonly text?: string;
}

/** A policy as lists show it: its newest text as known now and where it stands today. */
export interface PolicySummaryView {
  readonly policyId: string;
  readonly documentNumber: string;
  readonly issuer: string;
  readonly kind: string;
  readonly issuedOn: CalendarDate;
  readonly latestVersion: number;
  readonly titleZh: string;
  readonly titleEn?: string;
  readonly themes: string[];
  readonly status: PolicyStatus;
}

interface SummaryRow {
  readonly policy_id: string;
  readonly document_number: string;
  readonly issuer: string;
  readonly kind: string;
  readonly issued_on: CalendarDate;
  readonly latest_version: number;
  readonly title_zh: string;
  readonly title_en: string | null;
  readonly themes: string[];
  readonly status: PolicyStatus;
}

// Each policy with its standing on $1 (today): an ending in effect first (a supersession before a
// repeal of the same day, as policyInForce), else by the version in force then.
const LISTED = `(select s.*, coalesce(
    (select e.kind from policy_ending e where e.policy_id = s.policy_id and e.effective_from <= $1
     order by e.effective_from, e.kind desc limit 1),
    case when current_version.version is null then 'not_yet_effective'
         when current_version.expires_through < $1 then 'expired'
         else 'in_force' end) as status
  from policy_summary s
  left join lateral (select v.version, v.expires_through from policy_version v
    where v.policy_id = s.policy_id and v.effective_from <= $1
    order by v.version desc limit 1) current_version on true) listed`;

/** The policy list, read from policy_summary. */
@Injectable()
export class PolicyListQuery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly zonePolicies: ZonePoliciesQuery,
  ) {}

  /** A page of the policies that pass `filter`, newest issued first. */
  async list(filter: PolicyFilter, page: Page): Promise<PageOf<PolicySummaryView>> {
    const today = readTimes(undefined, undefined);
    const values: unknown[] = [today.inForceOn];
    const bind = (value: unknown): string => `$${values.push(value)}`;
    const where: string[] = [];
    if (filter.issuer !== undefined) where.push(`issuer = ${bind(filter.issuer)}`);
    if (filter.kind !== undefined) where.push(`kind = ${bind(filter.kind)}`);
    if (filter.theme !== undefined) where.push(`themes @> array[${bind(filter.theme)}::text]`);
    if (filter.status !== undefined) where.push(`status = ${bind(filter.status)}`);
    if (filter.issuedFrom !== undefined) where.push(`issued_from >= ${bind(filter.issuedFrom)}`);
    if (filter.issuedTo !== undefined) where.push(`issued_from <= ${bind(filter.issuedTo)}`);
    if (filter.text !== undefined)
      where.push(`search_text like ${bind(containing(filter.text.toLowerCase()))}`);
    if (filter.appliesToZone !== undefined) {
      const applying = await this.zonePolicies.forZone(filter.appliesToZone, today);
      where.push(`policy_id = any(${bind(applying.items.map((item) => item.policyId))}::text[])`);
    }
    const { rows, total } = await readPage<SummaryRow>(
      this.db,
      {
        select: '*',
        from: LISTED,
        // Only the status filter needs each policy's standing; otherwise the summary counts alone
        // (beside the day of standing, $1, which every statement here binds).
        ...(filter.status === undefined
          ? { countFrom: `policy_summary, (select $1::date as standing_on) day` }
          : {}),
        where,
        values,
        orderBy: 'issued_from desc, policy_id collate "C"',
      },
      page,
    );
    return { items: rows.map(summaryView), total, ...page };
  }
}

function summaryView(row: SummaryRow): PolicySummaryView {
  return {
    policyId: row.policy_id,
    documentNumber: row.document_number,
    issuer: row.issuer,
    kind: row.kind,
    issuedOn: row.issued_on,
    latestVersion: row.latest_version,
    titleZh: row.title_zh,
    ...(row.title_en ? { titleEn: row.title_en } : {}),
    themes: row.themes,
    status: row.status,
  };
}
