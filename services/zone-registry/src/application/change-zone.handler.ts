import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type {
  CorrectZone,
  ExitZone,
  GrantAutonomy,
  Namesake,
  RenameZone,
  SetIndustryFocus,
  UpdateZoneProfile,
  ZoneCommand,
} from '../domain/zone.commands';
import type { ZoneState } from '../domain/zone.state';
import type { ZoneLevelChange } from './change-zone-level.handler';
import type { CommandContext, ZoneCommandResult } from './zone-command';
import { ZoneNames } from './zone-names';
import { ZoneStreams } from './zone-streams';

// The commands on one zone: the caller's data and the time suffice, plus, for a renaming, a
// corrected name or a move to the other level, the zones already bearing the names at stake.

/** A change to one zone at its current level, as the caller states it. */
export type ZoneChange =
  | UpdateZoneProfile
  | { type: 'SetIndustryFocus'; data: Omit<SetIndustryFocus['data'], 'now'> }
  | { type: 'ExitZone'; data: Omit<ExitZone['data'], 'now'> }
  | { type: 'GrantAutonomy'; data: Omit<GrantAutonomy['data'], 'now'> }
  | { type: 'RenameZone'; data: Omit<RenameZone['data'], 'namesakes' | 'now'> }
  | { type: 'CorrectZone'; data: Omit<CorrectZone['data'], 'namesakes' | 'now'> };

/** Change a zone's profile, names, industry focus, standing in the register or autonomy; or correct it. */
export class ChangeZoneCommand extends Command<ZoneCommandResult> {
  constructor(
    readonly change: ZoneChange,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Decides the change on the zone's stream at the version the caller expects (if it says). Names
 * are checked against namesakes from the name claims, as at registration.
 */
@CommandHandler(ChangeZoneCommand)
export class ChangeZoneHandler implements ICommandHandler<ChangeZoneCommand> {
  constructor(
    private readonly streams: ZoneStreams,
    private readonly names: ZoneNames,
  ) {}

  execute({ change, context }: ChangeZoneCommand): Promise<ZoneCommandResult> {
    return decideZoneChange(this.streams, this.names, change, context);
  }
}

/**
 * Decides a change to one zone (at its level or to the other level) on the zone's stream, with
 * the namesakes of the names the change puts at stake.
 */
export function decideZoneChange(
  streams: ZoneStreams,
  names: Pick<ZoneNames, 'namesakes'>,
  change: ZoneChange | ZoneLevelChange,
  context: CommandContext,
): Promise<ZoneCommandResult> {
  return streams.decide(
    change.data.zoneId,
    async (state) => {
      const atStake = namesAtStake(change, state);
      const namesakes = atStake ? await names.namesakes(atStake.nameZh, atStake.nameEn) : [];
      return complete(change, namesakes, new Date());
    },
    context,
  );
}

/**
 * The names that must be free after the change, when it touches them: the proposed names of a
 * renaming or correction, or the zone's current names at the level it moves to.
 */
function namesAtStake(
  change: ZoneChange | ZoneLevelChange,
  state: ZoneState,
): { nameZh: string; nameEn: string } | undefined {
  if (change.type === 'UpgradeZone' || change.type === 'DowngradeZone') {
    return state.registered ? { nameZh: state.nameZh, nameEn: state.nameEn } : undefined;
  }
  if (change.type === 'RenameZone') return change.data;
  if (change.type !== 'CorrectZone' || !state.registered) return undefined;
  const { nameZh, nameEn } = change.data;
  if (nameZh === undefined && nameEn === undefined) return undefined;
  return { nameZh: nameZh ?? state.nameZh, nameEn: nameEn ?? state.nameEn };
}

function complete(
  change: ZoneChange | ZoneLevelChange,
  namesakes: readonly Namesake[],
  now: Date,
): ZoneCommand {
  switch (change.type) {
    case 'UpdateZoneProfile':
      return change;
    case 'SetIndustryFocus':
      return { type: change.type, data: { ...change.data, now } };
    case 'ExitZone':
      return { type: change.type, data: { ...change.data, now } };
    case 'GrantAutonomy':
      return { type: change.type, data: { ...change.data, now } };
    case 'RenameZone':
      return { type: change.type, data: { ...change.data, namesakes, now } };
    case 'CorrectZone':
      return { type: change.type, data: { ...change.data, namesakes, now } };
    case 'UpgradeZone':
      return { type: change.type, data: { ...change.data, namesakes, now } };
    case 'DowngradeZone':
      return { type: change.type, data: { ...change.data, namesakes, now } };
  }
}
