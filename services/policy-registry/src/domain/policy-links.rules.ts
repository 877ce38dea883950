import { isBefore, type CalendarDate } from '@zoneledger/shared-kernel';
import type { LinkedPolicy } from './policy.commands';
import {
  LinkCycleError,
  LinkedPolicyNotFoundError,
  LinkToLaterPolicyError,
  SelfLinkError,
} from './policy.errors';

// The rules of links between policies: "implements" (a provincial rule to the central policy) and
// "superseded by". The handler looks up the linked policy and the policies along its links; the
// decider finds self-links, links to later policies, unknown policies and cycles in them.

/** Which way a link runs: this policy implements the linked one, or is superseded by it. */
export type LinkKind = 'implements' | 'supersedes';

/**
 * The linked policy, checked: not this policy (POLICY.SELF_LINK), known to the registry
 * (POLICY.LINKED_POLICY_NOT_FOUND), in the right order of issue (POLICY.LINK_TO_LATER_POLICY), and
 * closing no cycle (POLICY.LINK_CYCLE).
 */
export function checkedLink(
  kind: LinkKind,
  policy: { readonly policyId: string; readonly issuedOn: CalendarDate },
  linkedPolicyId: string,
  known: readonly LinkedPolicy[],
): LinkedPolicy {
  if (linkedPolicyId === policy.policyId) throw new SelfLinkError(policy.policyId);
  const linked = known.find((candidate) => candidate.policyId === linkedPolicyId);
  if (!linked) throw new LinkedPolicyNotFoundError(linkedPolicyId);
  // An implementing rule follows the policy it implements; a superseding policy follows the one
  // it supersedes.
  const [earlier, later] = kind === 'implements' ? [linked, policy] : [policy, linked];
  if (isBefore(later.issuedOn, earlier.issuedOn))
    throw new LinkToLaterPolicyError(kind, earlier.policyId, later.policyId);
  assertNoCycle(kind, policy.policyId, linked, known);
  return linked;
}

// Follows the same kind of link onward from the linked policy; reaching this policy again means
// the new link would close a loop. A policy missing from `known` ends the walk: the handler
// vouches for the chain it looked up.
function assertNoCycle(
  kind: LinkKind,
  policyId: string,
  linked: LinkedPolicy,
  known: readonly LinkedPolicy[],
): void {
  const path = [policyId, linked.policyId];
  let next = onward(kind, linked);
  while (next !== undefined) {
    if (next === policyId) throw new LinkCycleError([...path, next]);
    if (path.includes(next)) return;
    path.push(next);
    const step = known.find((candidate) => candidate.policyId === next);
    next = step && onward(kind, step);
  }
}

function onward(kind: LinkKind, policy: LinkedPolicy): string | undefined {
  return kind === 'implements' ? policy.implementsPolicyId : policy.supersededByPolicyId;
}
