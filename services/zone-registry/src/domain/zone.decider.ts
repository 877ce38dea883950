import type {
  GrantAutonomy,
  RegisterZone,
  RenameZone,
  SetIndustryFocus,
  UpdateZoneProfile,
  ZoneCommand,
} from './zone.commands';
import { correctZone } from './correct-zone.decider';
import { ZoneAlreadyRegisteredError } from './zone.errors';
import type {
  ZoneAutonomyGranted,
  ZoneEvent,
  ZoneIndustryFocusSet,
  ZoneProfileUpdated,
  ZoneRegistered,
  ZoneRenamed,
} from './zone.events';
import { downgradeZone, exitZone, upgradeZone } from './zone-level.decider';
import {
  assertNamesFree,
  industryList,
  provinceOf,
  recordableDate,
  tidy,
  zoneInRegister,
  zoneNames,
  zoneRenamed,
} from './zone.rules';
import { approvedOn, evolve, initialState, type ZoneState } from './zone.state';

// One pure function per command: the zone's state and the command in, the events to append out,
// or a ZoneError. An empty list means the command changes nothing (it asks for what already is),
// so a redelivered or retried command is harmless.

/** A zone enters the register; its names must be free at its level. */
export function registerZone({ data: command }: RegisterZone, state: ZoneState): ZoneRegistered[] {
  if (state.registered) throw new ZoneAlreadyRegisteredError(command.zoneId);
  const names = zoneNames(command.nameZh, command.nameEn);
  const province = provinceOf(command.province);
  const approved =
    command.approvedOn && recordableDate('approvedOn', command.approvedOn, command.now);
  assertNamesFree(names, command.level, command.namesakes, [command.zoneId]);
  return [
    {
      type: 'ZoneRegistered',
      data: {
        zoneId: command.zoneId,
        ...names,
        kind: command.kind,
        level: command.level,
        province: province.name,
        city: tidy(command.city ?? ''),
        region: province.region,
        ...(approved ? { approvedOn: approved } : {}),
        industryFocus: industryList(command.industryFocus),
      },
    },
  ];
}

/** The zone's province or city changed; the event carries the whole profile. */
export function updateZoneProfile(
  { data: command }: UpdateZoneProfile,
  state: ZoneState,
): ZoneProfileUpdated[] {
  const zone = zoneInRegister(state, command.zoneId);
  const province = command.province === undefined ? undefined : provinceOf(command.province);
  const profile = {
    province: province?.name ?? zone.province,
    city: command.city === undefined ? zone.city : tidy(command.city),
    region: province?.region ?? zone.region,
  };
  if (profile.province === zone.province && profile.city === zone.city) return [];
  const approved = approvedOn(zone);
  return [
    {
      type: 'ZoneProfileUpdated',
      data: {
        zoneId: zone.zoneId,
        ...profile,
        ...(approved ? { approvedOn: approved } : {}),
        reason: tidy(command.reason),
      },
    },
  ];
}

/** An official renaming; the new names must be free at the zone's level. */
export function renameZone({ data: command }: RenameZone, state: ZoneState): ZoneRenamed[] {
  const zone = zoneInRegister(state, command.zoneId);
  const names = zoneNames(command.nameZh, command.nameEn);
  const effectiveOn = recordableDate('effectiveOn', command.effectiveOn, command.now, zone);
  if (names.nameZh === zone.nameZh && names.nameEn === zone.nameEn) return [];
  assertNamesFree(names, zone.level, command.namesakes, [zone.zoneId]);
  return [
    zoneRenamed(zone, names, {
      effectiveOn,
      ...(command.basisPolicyId ? { basisPolicyId: command.basisPolicyId } : {}),
    }),
  ];
}

/** The zone's leading industries, replacing the list it had. */
export function setIndustryFocus(
  { data: command }: SetIndustryFocus,
  state: ZoneState,
): ZoneIndustryFocusSet[] {
  const zone = zoneInRegister(state, command.zoneId);
  const industryFocus = industryList(command.industryFocus);
  const effectiveOn =
    command.effectiveOn && recordableDate('effectiveOn', command.effectiveOn, command.now, zone);
  if (industryFocus.join('\n') === zone.industryFocus.join('\n')) return [];
  return [
    {
      type: 'ZoneIndustryFocusSet',
      data: { zoneId: zone.zoneId, industryFocus, ...(effectiveOn ? { effectiveOn } : {}) },
    },
  ];
}

/** A policy grants the zone a reform power; the same power by the same policy is recorded once. */
export function grantAutonomy(
  { data: command }: GrantAutonomy,
  state: ZoneState,
): ZoneAutonomyGranted[] {
  const zone = zoneInRegister(state, command.zoneId);
  const power = tidy(command.power);
  const effectiveOn = recordableDate('effectiveOn', command.effectiveOn, command.now, zone);
  const granted = zone.autonomy.some(
    (grant) => grant.power === power && grant.policyId === command.policyId,
  );
  if (granted) return [];
  return [
    {
      type: 'ZoneAutonomyGranted',
      data: { zoneId: zone.zoneId, power, policyId: command.policyId, effectiveOn },
    },
  ];
}

/** The events a command on one zone's stream produces (mergers span streams: see mergeZones). */
export function decide(command: ZoneCommand, state: ZoneState): ZoneEvent[] {
  switch (command.type) {
    case 'RegisterZone':
      return registerZone(command, state);
    case 'UpdateZoneProfile':
      return updateZoneProfile(command, state);
    case 'RenameZone':
      return renameZone(command, state);
    case 'SetIndustryFocus':
      return setIndustryFocus(command, state);
    case 'UpgradeZone':
      return upgradeZone(command, state);
    case 'DowngradeZone':
      return downgradeZone(command, state);
    case 'ExitZone':
      return exitZone(command, state);
    case 'GrantAutonomy':
      return grantAutonomy(command, state);
    case 'CorrectZone':
      return correctZone(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown zone command: ${JSON.stringify(unknown)}`);
    }
  }
}

/** The zone decider: what a command handler folds a stream with and decides by. */
export const zoneDecider = { decide, evolve, initialState };
