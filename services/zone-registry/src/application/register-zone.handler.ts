import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { idForNewAggregate } from '@zoneledger/platform';
import type { RegisterZone } from '../domain/zone.commands';
import type { CommandContext, ZoneCommandResult } from './zone-command';
import { ZoneStreams } from './zone-streams';

/**
 * What a caller gives to register a zone; the zone id is generated when it gives none (derived
 * from the Idempotency-Key when there is one).
 */
export type ZoneRegistration = Omit<RegisterZone['data'], 'zoneId' | 'namesakes' | 'now'> & {
  readonly zoneId?: string;
};

/** Enter a zone into the register. */
export class RegisterZoneCommand extends Command<ZoneCommandResult> {
  constructor(
    readonly registration: ZoneRegistration,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Registers a zone whose names are free at its level. No namesakes are looked up first: the name
 * claims the append writes in its own transaction (ZoneNames.move) refuse a name another zone
 * bears with the decider's own ZONE.NAME_TAKEN, naming that zone, and roll the events back. They
 * are as current as the event store itself, so a name registered a moment ago is taken, and of
 * two registrations of one name at once the second to commit is refused; a lookup before deciding
 * would only repeat that check, one round trip more per registration.
 */
@CommandHandler(RegisterZoneCommand)
export class RegisterZoneHandler implements ICommandHandler<RegisterZoneCommand> {
  constructor(private readonly streams: ZoneStreams) {}

  async execute({ registration, context }: RegisterZoneCommand): Promise<ZoneCommandResult> {
    // Without a zone id, a retry under the same Idempotency-Key must find the zone it created.
    const zoneId = registration.zoneId ?? idForNewAggregate(context);
    const now = new Date();
    // A new stream, not read first: whatever If-Match said, it must not exist yet (the decider
    // refuses it when it does).
    return this.streams.decideNew(
      zoneId,
      () => ({ type: 'RegisterZone', data: { ...registration, zoneId, namesakes: [], now } }),
      { ...context, expectedVersion: undefined },
    );
  }
}
