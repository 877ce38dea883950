import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type {
  ExitZone,
  GrantAutonomy,
  SetIndustryFocus,
  UpdateZoneProfile,
  ZoneCommand,
} from '../domain/zone.commands';
import type { CommandContext, ZoneCommandResult } from './zone-command';
import { ZoneStreams } from './zone-streams';

// The commands on one zone that need nothing looked up: the caller's data and the time suffice.

/** A change to one zone needing only the caller's data and the time. */
export type ZoneChange =
  | UpdateZoneProfile
  | { type: 'SetIndustryFocus'; data: Omit<SetIndustryFocus['data'], 'now'> }
  | { type: 'ExitZone'; data: Omit<ExitZone['data'], 'now'> }
  | { type: 'GrantAutonomy'; data: Omit<GrantAutonomy['data'], 'now'> };

/** Change a zone's profile, industry focus, standing in the register or autonomy. */
export class ChangeZoneCommand extends Command<ZoneCommandResult> {
  constructor(
    readonly change: ZoneChange,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Decides the change on the zone's stream at the version the caller expects (if it says). */
@CommandHandler(ChangeZoneCommand)
export class ChangeZoneHandler implements ICommandHandler<ChangeZoneCommand> {
  constructor(private readonly streams: ZoneStreams) {}

  execute({ change, context }: ChangeZoneCommand): Promise<ZoneCommandResult> {
    return this.streams.decide(change.data.zoneId, () => timed(change, new Date()), context);
  }
}

function timed(change: ZoneChange, now: Date): ZoneCommand {
  switch (change.type) {
    case 'UpdateZoneProfile':
      return change;
    case 'SetIndustryFocus':
      return { type: change.type, data: { ...change.data, now } };
    case 'ExitZone':
      return { type: change.type, data: { ...change.data, now } };
    case 'GrantAutonomy':
      return { type: change.type, data: { ...change.data, now } };
  }
}
