import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AmendPolicy } from '../domain/policy.commands';
import { latestVersion } from '../domain/policy.state';
import type { CommandContext, PolicyCommandResult } from './policy-command';
import { PolicyStreams } from './policy-streams';
import { ZoneDirectory } from './zone-directory';

/** What a caller gives to amend a policy: the new version's changes, its dates and reason. */
export type PolicyAmendment = Omit<AmendPolicy['data'], 'policyId' | 'zones' | 'now'>;

/** Record a new version of a policy's text. */
export class AmendPolicyCommand extends Command<PolicyCommandResult> {
  constructor(
    readonly policyId: string,
    readonly amendment: PolicyAmendment,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Amends a policy, its version's powers granted to every zone the amended scope (or the scope
 * it keeps) covers now, so a widened scope's new zones are not lost.
 */
@CommandHandler(AmendPolicyCommand)
export class AmendPolicyHandler implements ICommandHandler<AmendPolicyCommand> {
  constructor(
    private readonly streams: PolicyStreams,
    private readonly zones: ZoneDirectory,
  ) {}

  execute({ policyId, amendment, context }: AmendPolicyCommand): Promise<PolicyCommandResult> {
    return this.streams.decide(
      policyId,
      async (state) => {
        const kept = state.issued ? latestVersion(state) : undefined;
        const scope = amendment.scope ?? kept?.scope ?? {};
        const measures = amendment.measures ?? kept?.measures ?? [];
        const zones = await this.zones.lookup(scope, measures);
        return { type: 'AmendPolicy', data: { ...amendment, policyId, zones, now: new Date() } };
      },
      context,
    );
  }
}
