import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Topics } from '@zoneledger/contracts';
import { WrongExpectedVersionError } from '@zoneledger/event-store';
import { physicalTopic, type ConsumedEvent } from '@zoneledger/messaging';
import {
  ConcurrencyConflictError,
  ProjectionHost,
  SERVICE_CONFIG,
  type ServiceConfig,
} from '@zoneledger/platform';
import { createHash } from 'node:crypto';
import { ChangeZoneCommand } from '../application/change-zone.handler';
import type { CommandContext } from '../application/zone-command';
import { ZoneError } from '../domain/zone.errors';
import type { AutonomyGrantRequest } from './autonomy-grant-requests';
import { autonomyGrantsProcess, type AutonomyGrantOutcome } from './autonomy-grants.process';

/** Who the zone history names as the author of a grant that came from a policy event. */
export const AUTONOMY_GRANTS_ACTOR = 'zone-registry/autonomy-grants';

// A zone changed by someone else between the command's read and its append: read it again.
// Each retry starts from a fresher stream, so a handful is plenty even on a busy zone.
const CONFLICT_RETRIES = 5;

/** Runs the policy-to-zone autonomy saga while the service runs, through the register's own commands. */
@Injectable()
export class AutonomyGrantsRunner implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly projections: ProjectionHost,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const policies = physicalTopic(this.config.topicPrefix, Topics.policies);
    await this.projections.host(
      autonomyGrantsProcess(policies, (request, event) => this.grant(request, event)),
    );
  }

  private async grant(
    request: AutonomyGrantRequest,
    policyEvent: ConsumedEvent,
  ): Promise<AutonomyGrantOutcome> {
    const { zoneId, power, policyId, effectiveOn } = request;
    const change = {
      type: 'GrantAutonomy',
      data: { zoneId, power, policyId, effectiveOn },
    } as const;
    const context: CommandContext = {
      actor: AUTONOMY_GRANTS_ACTOR,
      correlationId: policyEvent.cloudEvent.id,
      idempotencyKey: grantKey(request),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.commands.execute(new ChangeZoneCommand(change, context));
        const granted = result.replayed || result.recorded.length > 0;
        return { outcome: granted ? 'granted' : 'already_granted', zoneVersion: result.version };
      } catch (error) {
        if (error instanceof ZoneError) {
          return { outcome: 'rejected', errorCode: error.code, detail: error.message };
        }
        if (!isConflict(error) || attempt > CONFLICT_RETRIES) throw error;
      }
    }
  }
}

/**
 * The command's idempotency key: the same policy granting the same power to the zone, however
 * often the event is delivered or re-published, is one command.
 */
export function grantKey({ policyId, power }: AutonomyGrantRequest): string {
  const digest = createHash('sha256').update(`${policyId}\n${power}`).digest('base64url');
  return `autonomy-grant:${digest}`;
}

function isConflict(error: unknown): boolean {
  return error instanceof WrongExpectedVersionError || error instanceof ConcurrencyConflictError;
}
