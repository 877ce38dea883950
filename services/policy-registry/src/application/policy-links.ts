import { Injectable } from '@nestjs/common';
import type { LinkedPolicy } from '../domain/policy.commands';
import type { LinkKind } from '../domain/policy-links.rules';
import { PolicyStreams } from './policy-streams';

/** How far a chain of links is followed; a longer chain than any real one, and a bound. */
const MAX_CHAIN = 64;

/**
 * The policies along a link, from their streams, for the decider's link rules: the linked policy,
 * then the policy it implements (or that superseded it) in turn, and so on. The chain stops at a
 * policy the registry does not hold, at one already met (a cycle the decider will name) or at
 * MAX_CHAIN.
 */
@Injectable()
export class PolicyLinks {
  constructor(private readonly streams: PolicyStreams) {}

  /** The chain of `kind` links starting at `policyId` (empty when it was never issued). */
  async chain(kind: LinkKind, policyId: string | undefined): Promise<LinkedPolicy[]> {
    const chain: LinkedPolicy[] = [];
    for (let next = policyId?.trim(); next && chain.length < MAX_CHAIN; ) {
      if (chain.some((linked) => linked.policyId === next)) break;
      const { state } = await this.streams.read(next);
      if (!state.issued) break;
      const linked: LinkedPolicy = {
        policyId: state.policyId,
        issuedOn: state.issuedOn,
        effectiveOn: state.versions[0].effectiveOn,
        ...(state.implementsPolicyId ? { implementsPolicyId: state.implementsPolicyId } : {}),
        ...(state.superseded ? { supersededByPolicyId: state.superseded.byPolicyId } : {}),
      };
      chain.push(linked);
      next = kind === 'implements' ? linked.implementsPolicyId : linked.supersededByPolicyId;
    }
    return chain;
  }
}
