import type {
  PolicyAmendedJson,
  PolicyAutonomyExtendedJson,
  PolicyIssuedJson,
} from '@zoneledger/contracts';
import { canonicalDate, type CalendarDate } from '@zoneledger/shared-kernel';

/** One zone's share of a policy's autonomy grant: what a GrantAutonomy command asks for. */
export interface AutonomyGrantRequest {
  readonly policyId: string;
  readonly zoneId: string;
  readonly power: string;
  /** The grant's own date, else the policy's effective date, else its issue date. */
  readonly effectiveOn: CalendarDate;
}

/** A policy event that grants powers: issuance, an amendment (re-resolved), an extension. */
export type GrantingPolicyEvent =
  | { readonly type: 'PolicyIssued'; readonly data: PolicyIssuedJson }
  | { readonly type: 'PolicyAmended'; readonly data: PolicyAmendedJson }
  | { readonly type: 'PolicyAutonomyExtended'; readonly data: PolicyAutonomyExtendedJson };

/**
 * The grants a policy event asks of the zone register, one per zone and power, in the event's
 * order. A zone named twice for one power (in one grant or two) is asked once; a grant without
 * a power or a date asks nothing, since the register could only refuse it. A grant's own date
 * comes first; then an issuance's effective or issue date, or an amendment's effective or
 * amendment date (an extension dates each grant).
 */
export function autonomyGrantRequests(event: GrantingPolicyEvent): AutonomyGrantRequest[] {
  const policy = event.data;
  const policyId = policy.policyId ?? '';
  const policyDate =
    event.type === 'PolicyIssued'
      ? (calendarDate(event.data.effectiveOn) ?? calendarDate(event.data.issuedOn))
      : event.type === 'PolicyAmended'
        ? (calendarDate(event.data.effectiveOn) ?? calendarDate(event.data.amendedOn))
        : undefined;
  const requests = new Map<string, AutonomyGrantRequest>();
  for (const grant of policy.autonomyGrants ?? []) {
    const power = grant.power?.trim() ?? '';
    const effectiveOn = calendarDate(grant.effectiveOn) ?? policyDate;
    if (!policyId || !power || !effectiveOn) continue;
    for (const zoneId of grant.zoneIds ?? []) {
      const key = JSON.stringify([zoneId, power]);
      if (!requests.has(key)) requests.set(key, { policyId, zoneId, power, effectiveOn });
    }
  }
  return [...requests.values()];
}

// A date without a year is no date; zero parts mean "not known", as in the domain's dates.
function calendarDate(date: PolicyIssuedJson['issuedOn']): CalendarDate | undefined {
  if (!date?.year) return undefined;
  return canonicalDate({ year: date.year, month: date.month, day: date.day });
}
