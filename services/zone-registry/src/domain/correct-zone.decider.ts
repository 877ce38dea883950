import { sameCalendarDate, type CalendarDate } from '@zoneledger/shared-kernel';
import type { CorrectZone } from './zone.commands';
import type { ZoneEvent, ZoneProfileUpdated, ZoneRenamed } from './zone.events';
import {
  assertNamesFreeIfInRegister,
  provinceOf,
  recordableDate,
  registeredZone,
  tidy,
  zoneNames,
  zoneRenamed,
} from './zone.rules';
import { approvedOn, type Zone, type ZoneState } from './zone.state';

// A correction says the register was wrong, not that the zone changed: it is accepted whatever
// the zone's status (a merged or exited zone's history must be right too), and it is recorded with
// the events consumers already know: ZoneRenamed without effectiveOn ("it was always so", as the
// contract defines it) and ZoneProfileUpdated, each with the correction's reason.

/** Fix the zone's names, province, city or approval date; only what differs is recorded. */
export function correctZone({ data: command }: CorrectZone, state: ZoneState): ZoneEvent[] {
  const zone = registeredZone(state, command.zoneId);
  return [...correctedNames(zone, command), ...correctedProfile(zone, command)];
}

function correctedNames(zone: Zone, command: CorrectZone['data']): ZoneRenamed[] {
  const names = zoneNames(command.nameZh ?? zone.nameZh, command.nameEn ?? zone.nameEn);
  if (names.nameZh === zone.nameZh && names.nameEn === zone.nameEn) return [];
  assertNamesFreeIfInRegister(zone, names, command.namesakes);
  return [zoneRenamed(zone, names, { reason: tidy(command.reason) })];
}

function correctedProfile(zone: Zone, command: CorrectZone['data']): ZoneProfileUpdated[] {
  const province = command.province === undefined ? undefined : provinceOf(command.province);
  const approved = correctedApproval(zone, command);
  const profile = {
    province: province?.name ?? zone.province,
    city: command.city === undefined ? zone.city : tidy(command.city),
    region: province?.region ?? zone.region,
  };
  const unchanged =
    profile.province === zone.province &&
    profile.city === zone.city &&
    sameCalendarDate(approved, approvedOn(zone));
  if (unchanged) return [];
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

// The approval date at the zone's current level: left out, kept; null, no longer known; a date,
// checked like any date the register records (but not against the approval it replaces).
function correctedApproval(zone: Zone, command: CorrectZone['data']): CalendarDate | undefined {
  if (command.approvedOn === undefined) return approvedOn(zone);
  if (command.approvedOn === null) return undefined;
  return recordableDate('approvedOn', command.approvedOn, command.now);
}
