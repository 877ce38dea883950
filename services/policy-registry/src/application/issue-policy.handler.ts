import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { idForNewAggregate } from '@zoneledger/platform';
import type { IssuePolicy } from '../domain/policy.commands';
import type { CommandContext, PolicyCommandResult } from './policy-command';
import { PolicyDocumentNumbers } from './policy-document-numbers';
import { PolicyLinks } from './policy-links';
import { PolicyStreams } from './policy-streams';
import { ZoneDirectory } from './zone-directory';

/**
 * What a caller gives to issue a policy; the policy id is generated when it gives none (derived
 * from the Idempotency-Key when there is one).
 */
export type PolicyIssuance = Omit<
  IssuePolicy['data'],
  'policyId' | 'documentNumberHolders' | 'linkedPolicies' | 'zones' | 'now'
> & { readonly policyId?: string };

/** Enter a policy document into the registry. */
export class IssuePolicyCommand extends Command<PolicyCommandResult> {
  constructor(
    readonly issuance: PolicyIssuance,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Issues a policy whose document number is free for its issuer (from the document-number
 * claims, which the event store's transactions keep current), its implemented policy and the
 * chain above it read from their streams, its scope resolved to the zones it covers now.
 */
@CommandHandler(IssuePolicyCommand)
export class IssuePolicyHandler implements ICommandHandler<IssuePolicyCommand> {
  constructor(
    private readonly streams: PolicyStreams,
    private readonly documentNumbers: PolicyDocumentNumbers,
    private readonly links: PolicyLinks,
    private readonly zones: ZoneDirectory,
  ) {}

  async execute({ issuance, context }: IssuePolicyCommand): Promise<PolicyCommandResult> {
    // Without a policy id, a retry under the same Idempotency-Key must find the policy it created.
    const policyId = issuance.policyId ?? idForNewAggregate(context);
    const [documentNumberHolders, linkedPolicies, zones] = await Promise.all([
      this.documentNumbers.holders(issuance.issuer, issuance.documentNumber),
      this.links.chain('implements', issuance.implementsPolicyId),
      this.zones.lookup(issuance.scope, issuance.measures),
    ]);
    const now = new Date();
    return this.streams.decideNew(
      policyId,
      () => ({
        type: 'IssuePolicy',
        data: { ...issuance, policyId, documentNumberHolders, linkedPolicies, zones, now },
      }),
      // A new stream, not read first: whatever If-Match said, it must not exist yet (the decider
      // refuses it when it does).
      { ...context, expectedVersion: undefined },
    );
  }
}
