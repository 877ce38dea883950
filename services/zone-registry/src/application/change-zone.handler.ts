import { Inject } from '@nestjs/common';
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
import type { CommandContext, ZoneCommandResult } from './zone-command';
import { ZoneStreams } from './zone-streams';
import { ZONE_CATALOG, type ZoneCatalog } from './zone-view.model';

// The commands on one zone at its current level: the caller's data and the time suffice, plus,
// for a renaming or a corrected name, the zones already bearing the proposed names.

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
 * are checked against namesakes from the eventually consistent zone_view, as at registration.
 */
@CommandHandler(ChangeZoneCommand)
export class ChangeZoneHandler implements ICommandHandler<ChangeZoneCommand> {
  constructor(
    private readonly streams: ZoneStreams,
    @Inject(ZONE_CATALOG) private readonly catalog: ZoneCatalog,
  ) {}

  execute({ change, context }: ChangeZoneCommand): Promise<ZoneCommandResult> {
    return this.streams.decide(
      change.data.zoneId,
      async (state) => {
        const names = proposedNames(change, state);
        const namesakes = names ? await this.catalog.namesakes(names.nameZh, names.nameEn) : [];
        return complete(change, namesakes, new Date());
      },
      context,
    );
  }
}

/** The names the zone would bear after the change, when the change touches its names. */
function proposedNames(
  change: ZoneChange,
  state: ZoneState,
): { nameZh: string; nameEn: string } | undefined {
  if (change.type === 'RenameZone') return change.data;
  if (change.type !== 'CorrectZone' || !state.registered) return undefined;
  const { nameZh, nameEn } = change.data;
  if (nameZh === undefined && nameEn === undefined) return undefined;
  return { nameZh: nameZh ?? state.nameZh, nameEn: nameEn ?? state.nameEn };
}

function complete(change: ZoneChange, namesakes: readonly Namesake[], now: Date): ZoneCommand {
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
  }
}
