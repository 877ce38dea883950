import type { DowngradeZone, ExitZone, UpgradeZone } from './zone.commands';
import { ZoneAlreadyNationalError, ZoneNotNationalError } from './zone.errors';
import type { ZoneDowngraded, ZoneExited, ZoneUpgraded } from './zone.events';
import { assertNamesFree, recordableDate, tidy, zoneInRegister } from './zone.rules';
import type { ZoneState } from './zone.state';

// A zone's standing: up to national level, back down to provincial, or out of the register.

/**
 * A provincial zone becomes national (e.g. the four zones of 国办函〔2024〕83号), possibly as
 * another kind; its names must be free among national zones.
 */
export function upgradeZone({ data: command }: UpgradeZone, state: ZoneState): ZoneUpgraded[] {
  const zone = zoneInRegister(state, command.zoneId);
  if (zone.level === 'ZONE_LEVEL_NATIONAL') throw new ZoneAlreadyNationalError(zone.zoneId);
  const effectiveOn = recordableDate('effectiveOn', command.effectiveOn, command.now, zone);
  assertNamesFree(zone, 'ZONE_LEVEL_NATIONAL', command.namesakes, [zone.zoneId]);
  return [
    {
      type: 'ZoneUpgraded',
      data: {
        zoneId: zone.zoneId,
        previousLevel: zone.level,
        level: 'ZONE_LEVEL_NATIONAL',
        previousKind: zone.kind,
        kind: command.kind ?? zone.kind,
        effectiveOn,
        basisPolicyId: command.basisPolicyId,
      },
    },
  ];
}

/**
 * A national zone returns to provincial management (e.g. after ranking in its region's bottom five
 * twice within three years); its names must be free among provincial zones.
 */
export function downgradeZone(
  { data: command }: DowngradeZone,
  state: ZoneState,
): ZoneDowngraded[] {
  const zone = zoneInRegister(state, command.zoneId);
  if (zone.level !== 'ZONE_LEVEL_NATIONAL') throw new ZoneNotNationalError(zone.zoneId);
  const effectiveOn = recordableDate('effectiveOn', command.effectiveOn, command.now, zone);
  assertNamesFree(zone, 'ZONE_LEVEL_PROVINCIAL', command.namesakes, [zone.zoneId]);
  return [
    {
      type: 'ZoneDowngraded',
      data: {
        zoneId: zone.zoneId,
        previousLevel: zone.level,
        level: 'ZONE_LEVEL_PROVINCIAL',
        effectiveOn,
        ...(command.basisPolicyId ? { basisPolicyId: command.basisPolicyId } : {}),
        reason: tidy(command.reason),
      },
    },
  ];
}

/** The zone leaves the register (e.g. Jiuquan ETDZ, 17 Jan 2020); its history stays. */
export function exitZone({ data: command }: ExitZone, state: ZoneState): ZoneExited[] {
  const zone = zoneInRegister(state, command.zoneId);
  const effectiveOn = recordableDate('effectiveOn', command.effectiveOn, command.now, zone);
  return [
    {
      type: 'ZoneExited',
      data: {
        zoneId: zone.zoneId,
        effectiveOn,
        basisPolicyId: command.basisPolicyId,
        reason: tidy(command.reason),
      },
    },
  ];
}
