import {
  PolicyAmendedSchema,
  PolicyAutonomyExtendedSchema,
  PolicyIssuedSchema,
} from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import type { Projection } from '@zoneledger/projections';
import type { EntityManager } from 'typeorm';
import {
  autonomyGrantRequests,
  type AutonomyGrantRequest,
  type GrantingPolicyEvent,
} from './autonomy-grant-requests';

/** The process's name: keys its checkpoints, its table's generations and its consumer group. */
export const AUTONOMY_GRANTS = 'autonomy-grants';

/** What the zone register made of one zone's share of a policy's grant. */
export type AutonomyGrantOutcome =
  /** Recorded on the zone's stream now (or by an earlier delivery of the same grant). */
  | { readonly outcome: 'granted'; readonly zoneVersion: number }
  /** The zone already held the power by this policy (e.g. recorded through the API). */
  | { readonly outcome: 'already_granted'; readonly zoneVersion: number }
  /** The register refused it: the zone is unknown, merged, exited, or the date breaks a rule. */
  | { readonly outcome: 'rejected'; readonly errorCode: string; readonly detail: string };

/** Asks the zone register to grant one zone its share; the same request twice grants once. */
export type GrantAutonomy = (
  request: AutonomyGrantRequest,
  policyEvent: ConsumedEvent,
) => Promise<AutonomyGrantOutcome>;

/**
 * The saga from policy events to zone streams: the autonomy grants of each PolicyIssued,
 * PolicyAmended (its scope re-resolved) and PolicyAutonomyExtended (zones entering the scope
 * later, ADR 0007) become one GrantAutonomy command per zone and power, and what the register
 * made of each is kept in policy_autonomy_grants, in the transaction that also moves the
 * checkpoint.
 *
 * Commands append in their own transactions, before the checkpoint commits: a crash in between
 * redelivers the policy, and the commands' idempotency keys make the second pass record nothing
 * new. Other policy events pass through untouched.
 */
export function autonomyGrantsProcess(policiesTopic: string, grant: GrantAutonomy): Projection {
  return {
    name: AUTONOMY_GRANTS,
    topics: [policiesTopic],
    tables: ['policy_autonomy_grants'],
    async createTables(manager, context) {
      const table = context.table('policy_autonomy_grants');
      await manager.query(`create table ${table} (
        policy_id text not null,
        zone_id text not null,
        power text not null,
        effective_on jsonb not null,
        outcome text not null,
        zone_version int,
        error_code text,
        detail text,
        policy_event_id text not null,
        decided_at timestamptz not null,
        primary key (policy_id, zone_id, power))`);
      await manager.query(`create index ${table}_zone on ${table} (zone_id)`);
    },
    async handle(event, manager, context) {
      const granting = grantingEvent(event.cloudEvent.type, event.data);
      if (granting === undefined) return;
      const table = context.table('policy_autonomy_grants');
      for (const request of autonomyGrantRequests(granting)) {
        const outcome = await grant(request, event);
        await recordOutcome(manager, table, request, outcome, event.cloudEvent.id);
      }
    },
  };
}

/** The event as the grant requests read it, when its type grants powers. */
function grantingEvent(type: string, data: unknown): GrantingPolicyEvent | undefined {
  switch (type) {
    case PolicyIssuedSchema.typeName:
      return { type: 'PolicyIssued', data } as GrantingPolicyEvent;
    case PolicyAmendedSchema.typeName:
      return { type: 'PolicyAmended', data } as GrantingPolicyEvent;
    case PolicyAutonomyExtendedSchema.typeName:
      return { type: 'PolicyAutonomyExtended', data } as GrantingPolicyEvent;
    default:
      return undefined;
  }
}

async function recordOutcome(
  manager: EntityManager,
  table: string,
  request: AutonomyGrantRequest,
  decision: AutonomyGrantOutcome,
  policyEventId: string,
): Promise<void> {
  const zoneVersion = decision.outcome === 'rejected' ? null : decision.zoneVersion;
  const [errorCode, detail] =
    decision.outcome === 'rejected' ? [decision.errorCode, decision.detail] : [null, null];
  await manager.query(
    `insert into ${table} (policy_id, zone_id, power, effective_on, outcome, zone_version,
       error_code, detail, policy_event_id, decided_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
     on conflict (policy_id, zone_id, power) do update set effective_on = excluded.effective_on,
       outcome = excluded.outcome, zone_version = excluded.zone_version,
       error_code = excluded.error_code, detail = excluded.detail,
       policy_event_id = excluded.policy_event_id, decided_at = excluded.decided_at`,
    [
      request.policyId,
      request.zoneId,
      request.power,
      JSON.stringify(request.effectiveOn),
      decision.outcome,
      zoneVersion,
      errorCode,
      detail,
      policyEventId,
    ],
  );
}
