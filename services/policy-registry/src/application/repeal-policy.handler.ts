import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RepealPolicy } from '../domain/policy.commands';
import type { CommandContext, PolicyCommandResult } from './policy-command';
import { PolicyStreams } from './policy-streams';

/** What a caller gives to repeal a policy: from when, why, and on which basis. */
export type PolicyRepeal = Omit<RepealPolicy['data'], 'policyId'>;

/** Repeal a policy (废止), from a date that may lie ahead. */
export class RepealPolicyCommand extends Command<PolicyCommandResult> {
  constructor(
    readonly policyId: string,
    readonly repeal: PolicyRepeal,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Repeals a policy; it takes no more changes afterwards. */
@CommandHandler(RepealPolicyCommand)
export class RepealPolicyHandler implements ICommandHandler<RepealPolicyCommand> {
  constructor(private readonly streams: PolicyStreams) {}

  execute({ policyId, repeal, context }: RepealPolicyCommand): Promise<PolicyCommandResult> {
    return this.streams.decide(
      policyId,
      () => ({ type: 'RepealPolicy', data: { ...repeal, policyId } }),
      context,
    );
  }
}
