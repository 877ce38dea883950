import { isAfter, isBefore, type CalendarDate } from '@zoneledger/shared-kernel';
import type { Policy, PolicyVersion } from './policy.state';

// Which version of a policy applies on a date, for reads (projections, queries) and for the
// decider's grants. Expiry has no event: it follows from the version's expiry date.
//
// Dates may be partial (2019-05, 2021). A version applies from its effective date, and a
// supersession or repeal ends the policy from its date, unless the day asked is certainly before
// it: "May 2019" counts as in force on 10 May 2019. An expiry date is the last day a version
// applies, so it expires only on a day certainly after it.

/** What reads need of a policy: its versions and how it ended, if it did. */
export type PolicyHistory = Pick<Policy, 'policyId' | 'versions' | 'superseded' | 'repealed'>;

/** Where a policy stands on a date, and which version applies then. */
export type PolicyStanding =
  | { readonly standing: 'not_yet_effective'; readonly from: CalendarDate }
  | { readonly standing: 'in_force'; readonly version: PolicyVersion; readonly versionId: string }
  | {
      readonly standing: 'expired';
      readonly lastDay: CalendarDate;
      readonly version: PolicyVersion;
    }
  | { readonly standing: 'superseded'; readonly since: CalendarDate; readonly byPolicyId: string }
  | { readonly standing: 'repealed'; readonly since: CalendarDate };

/** A version's stable identifier: the policy's id and the version's number, e.g. "gf-2019-11/v2". */
export function policyVersionId(policyId: string, version: number): string {
  return `${policyId}/v${version}`;
}

/**
 * Where the policy stands on `inForceOn`: ended (superseded or repealed, whichever came first),
 * not yet effective, expired, or in force with the latest version effective at or before that
 * day (an amendment effective later leaves the earlier version in force).
 */
export function policyInForce(
  policy: PolicyHistory,
  { inForceOn }: { readonly inForceOn: CalendarDate },
): PolicyStanding {
  const ending = endingOn(policy, inForceOn);
  if (ending) return ending;
  const version = versionOn(policy.versions, inForceOn);
  if (!version) return { standing: 'not_yet_effective', from: policy.versions[0].effectiveOn };
  if (version.expiresOn && isAfter(inForceOn, version.expiresOn))
    return { standing: 'expired', lastDay: version.expiresOn, version };
  return {
    standing: 'in_force',
    version,
    versionId: policyVersionId(policy.policyId, version.version),
  };
}

/** The latest version effective at or before `day`; undefined before the first one. */
export function versionOn(
  versions: readonly PolicyVersion[],
  day: CalendarDate,
): PolicyVersion | undefined {
  // Versions are recorded in order of effect (the decider refuses a version before the last).
  return [...versions].reverse().find((version) => !isBefore(day, version.effectiveOn));
}

type Ending = Extract<PolicyStanding, { standing: 'superseded' | 'repealed' }>;

// The supersession or repeal in effect on `day`; the earlier of the two when both are.
function endingOn(policy: PolicyHistory, day: CalendarDate): Ending | undefined {
  const endings: Ending[] = [];
  const { superseded, repealed } = policy;
  if (superseded)
    endings.push({
      standing: 'superseded',
      since: superseded.effectiveOn,
      byPolicyId: superseded.byPolicyId,
    });
  if (repealed) endings.push({ standing: 'repealed', since: repealed.effectiveOn });
  return endings
    .filter((ending) => !isBefore(day, ending.since))
    .reduce<
      Ending | undefined
    >((first, ending) => (first && !isBefore(ending.since, first.since) ? first : ending), undefined);
}
