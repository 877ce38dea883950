import { sameCalendarDate } from '@zoneledger/shared-kernel';
import type { RepealPolicy, SupersedePolicy } from './policy.commands';
import { PolicyAlreadySupersededError, PolicyRepealedError } from './policy.errors';
import type { PolicyRepealed, PolicySuperseded } from './policy.events';
import { checkedLink } from './policy-links.rules';
import {
  assertNotBefore,
  calendarDate,
  changeablePolicy,
  issuedPolicy,
  requiredText,
  tidy,
} from './policy.rules';
import type { PolicyState } from './policy.state';

// How a policy stops applying: another supersedes it, or it is repealed. Expiry needs no command:
// reads derive it from the version's expiry date (policy-in-force.ts).

/**
 * A later policy supersedes this one, once: not a repealed policy, not by itself, by a policy
 * known to the registry and issued no earlier, closing no cycle of supersessions; from the
 * superseding policy's effective date (else its issue date) unless told, never before this
 * policy's issuance. The same supersession again records nothing.
 */
export function supersedePolicy(
  { data: command }: SupersedePolicy,
  state: PolicyState,
): PolicySuperseded[] {
  const supersededBy = tidy(command.supersededByPolicyId);
  const current = issuedPolicy(state, command.policyId).superseded;
  if (current?.byPolicyId === supersededBy) return [];
  const policy = changeablePolicy(state, command.policyId);
  if (current) throw new PolicyAlreadySupersededError(policy.policyId, current.byPolicyId);
  const successor = checkedLink('supersedes', policy, supersededBy, command.linkedPolicies);
  const effectiveOn = calendarDate(
    'effectiveOn',
    command.effectiveOn ?? successor.effectiveOn ?? successor.issuedOn,
  );
  assertNotBefore('effectiveOn', effectiveOn, { field: 'issuedOn', date: policy.issuedOn });
  return [
    {
      type: 'PolicySuperseded',
      data: { policyId: policy.policyId, supersededByPolicyId: supersededBy, effectiveOn },
    },
  ];
}

/**
 * The policy is repealed from a date not before its issuance (which may lie ahead). Repealing it
 * again from the same date records nothing; from another date is refused.
 */
export function repealPolicy(
  { data: command }: RepealPolicy,
  state: PolicyState,
): PolicyRepealed[] {
  const policy = issuedPolicy(state, command.policyId);
  const effectiveOn = calendarDate('effectiveOn', command.effectiveOn);
  if (policy.repealed) {
    if (sameCalendarDate(policy.repealed.effectiveOn, effectiveOn)) return [];
    throw new PolicyRepealedError(policy.policyId);
  }
  assertNotBefore('effectiveOn', effectiveOn, { field: 'issuedOn', date: policy.issuedOn });
  const basisPolicyId = command.basisPolicyId && tidy(command.basisPolicyId);
  return [
    {
      type: 'PolicyRepealed',
      data: {
        policyId: policy.policyId,
        effectiveOn,
        reason: requiredText('reason', command.reason),
        ...(basisPolicyId ? { basisPolicyId } : {}),
      },
    },
  ];
}
