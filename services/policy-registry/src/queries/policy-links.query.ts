import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CalendarDate } from '@zoneledger/shared-kernel';
import type { DataSource } from 'typeorm';
import { PolicyNotKnownError } from './policy-read.errors';

/** A policy another links to. */
export interface LinkedPolicy {
  readonly policyId: string;
  readonly documentNumber: string;
  readonly titleZh: string;
}

/** A supersession, from its effective date. */
export interface Supersession extends LinkedPolicy {
  readonly effectiveOn: CalendarDate;
}

/** What a policy implements and what implements it; what it supersedes and what superseded it. */
export interface PolicyLinks {
  readonly policyId: string;
  readonly implements?: LinkedPolicy;
  readonly implementedBy: LinkedPolicy[];
  readonly supersededBy?: Supersession;
  readonly supersedes: Supersession[];
}

interface LinkRow {
  readonly policy_id: string;
  readonly document_number: string;
  readonly title_zh: string;
  readonly effective_on?: CalendarDate;
}

const LINKED = 's.policy_id, s.document_number, s.title_zh';

/** A policy's links, as known now, read from the policy timeline. */
@Injectable()
export class PolicyLinksQuery {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every link to and from `policyId`. */
  async linksOf(policyId: string): Promise<PolicyLinks> {
    const [policy]: { implements_policy_id: string | null }[] = await this.db.query(
      `select implements_policy_id from policy_summary where policy_id = $1`,
      [policyId],
    );
    if (!policy) throw new PolicyNotKnownError(policyId, new Date());
    const [implemented]: LinkRow[] = await this.db.query(
      `select ${LINKED} from policy_summary s where s.policy_id = $1`,
      [policy.implements_policy_id],
    );
    const implementedBy: LinkRow[] = await this.db.query(
      `select ${LINKED} from policy_summary s where s.implements_policy_id = $1
       order by s.issued_from, s.policy_id collate "C"`,
      [policyId],
    );
    const [supersededBy]: LinkRow[] = await this.db.query(
      `select ${LINKED}, e.effective_on from policy_ending e
       join policy_summary s on s.policy_id = e.by_policy_id
       where e.policy_id = $1 and e.kind = 'superseded'`,
      [policyId],
    );
    const supersedes: LinkRow[] = await this.db.query(
      `select ${LINKED}, e.effective_on from policy_ending e
       join policy_summary s on s.policy_id = e.policy_id
       where e.by_policy_id = $1 and e.kind = 'superseded'
       order by e.effective_from, s.policy_id collate "C"`,
      [policyId],
    );
    return {
      policyId,
      ...(implemented ? { implements: linked(implemented) } : {}),
      implementedBy: implementedBy.map(linked),
      ...(supersededBy ? { supersededBy: supersession(supersededBy) } : {}),
      supersedes: supersedes.map(supersession),
    };
  }
}

function linked(row: LinkRow): LinkedPolicy {
  return { policyId: row.policy_id, documentNumber: row.document_number, titleZh: row.title_zh };
}

function supersession(row: LinkRow): Supersession {
  return { ...linked(row), effectiveOn: row.effective_on as CalendarDate };
}
