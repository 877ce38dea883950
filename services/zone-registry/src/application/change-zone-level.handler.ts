import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DowngradeZone, UpgradeZone } from '../domain/zone.commands';
import { decideZoneChange } from './change-zone.handler';
import type { CommandContext, ZoneCommandResult } from './zone-command';
import { ZoneNames } from './zone-names';
import { ZoneStreams } from './zone-streams';

/** An upgrade to national or a downgrade to provincial level, as the caller states it. */
export type ZoneLevelChange =
  | { type: 'UpgradeZone'; data: Omit<UpgradeZone['data'], 'namesakes' | 'now'> }
  | { type: 'DowngradeZone'; data: Omit<DowngradeZone['data'], 'namesakes' | 'now'> };

/** Move a zone to the other level. */
export class ChangeZoneLevelCommand extends Command<ZoneCommandResult> {
  constructor(
    readonly change: ZoneLevelChange,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * The zone's names must be free at the level it moves to: its namesakes are looked up (in the
 * name claims) by the names its stream holds now. A command of its own, so the command metrics
 * count level changes apart; decided like any other change to a zone.
 */
@CommandHandler(ChangeZoneLevelCommand)
export class ChangeZoneLevelHandler implements ICommandHandler<ChangeZoneLevelCommand> {
  constructor(
    private readonly streams: ZoneStreams,
    private readonly names: ZoneNames,
  ) {}

  execute({ change, context }: ChangeZoneLevelCommand): Promise<ZoneCommandResult> {
    return decideZoneChange(this.streams, this.names, change, context);
  }
}
