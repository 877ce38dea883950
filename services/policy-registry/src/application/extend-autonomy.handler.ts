import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ExtendAutonomy } from '../domain/policy.commands';
import { versionOn } from '../domain/policy-in-force';
import type { CommandContext, PolicyCommandResult } from './policy-command';
import { PolicyStreams } from './policy-streams';
import { ZoneDirectory } from './zone-directory';

/** What a caller gives to extend a policy's powers to zones that entered its scope since. */
export type AutonomyExtension = Omit<ExtendAutonomy['data'], 'policyId' | 'scopeZoneIds'>;

/** Grant a policy's powers to the zones its scope covers now and no grant reached yet. */
export class ExtendAutonomyCommand extends Command<PolicyCommandResult> {
  constructor(
    readonly policyId: string,
    readonly extension: AutonomyExtension,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Resolves the scope of the version in force on the extension's date to the zones it covers now
 * (an upgraded zone, a new one) and lets the decider grant those not granted before.
 */
@CommandHandler(ExtendAutonomyCommand)
export class ExtendAutonomyHandler implements ICommandHandler<ExtendAutonomyCommand> {
  constructor(
    private readonly streams: PolicyStreams,
    private readonly zones: ZoneDirectory,
  ) {}

  execute({ policyId, extension, context }: ExtendAutonomyCommand): Promise<PolicyCommandResult> {
    return this.streams.decide(
      policyId,
      async (state) => {
        const version = state.issued ? versionOn(state.versions, extension.effectiveOn) : undefined;
        const scopeZoneIds = version ? await this.zones.covered(version.scope) : [];
        return { type: 'ExtendAutonomy', data: { ...extension, policyId, scopeZoneIds } };
      },
      context,
    );
  }
}
