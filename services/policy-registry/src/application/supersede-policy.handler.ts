import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SupersedePolicy } from '../domain/policy.commands';
import type { CommandContext, PolicyCommandResult } from './policy-command';
import { PolicyLinks } from './policy-links';
import { PolicyStreams } from './policy-streams';

/** What a caller gives to record that a later policy supersedes this one. */
export type PolicySupersession = Omit<SupersedePolicy['data'], 'policyId' | 'linkedPolicies'>;

/** A later policy supersedes this one (recorded on the superseded policy's stream). */
export class SupersedePolicyCommand extends Command<PolicyCommandResult> {
  constructor(
    readonly policyId: string,
    readonly supersession: PolicySupersession,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Supersedes a policy, the superseding one and those that superseded it in turn read first. */
@CommandHandler(SupersedePolicyCommand)
export class SupersedePolicyHandler implements ICommandHandler<SupersedePolicyCommand> {
  constructor(
    private readonly streams: PolicyStreams,
    private readonly links: PolicyLinks,
  ) {}

  async execute({
    policyId,
    supersession,
    context,
  }: SupersedePolicyCommand): Promise<PolicyCommandResult> {
    const linkedPolicies = await this.links.chain('supersedes', supersession.supersededByPolicyId);
    return this.streams.decide(
      policyId,
      () => ({ type: 'SupersedePolicy', data: { ...supersession, policyId, linkedPolicies } }),
      context,
    );
  }
}
