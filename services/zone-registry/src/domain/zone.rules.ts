import {
  canonicalDate,
  chinaDateAt,
  isAfter,
  isBefore,
  isValidCalendarDate,
  type CalendarDate,
} from '@zoneledger/shared-kernel';
import { provinceNamed, type Province } from '@zoneledger/shared-kernel';
import type { Namesake } from './zone.commands';
import {
  DateBeforeApprovalError,
  DateInFutureError,
  InvalidDateError,
  UnknownProvinceError,
  ZoneNameRequiredError,
  ZoneNameTakenError,
  ZoneNotActiveError,
  ZoneNotFoundError,
} from './zone.errors';
import type { ZoneLevel, ZoneRenamed } from './zone.events';
import { firstApprovedOn, isInRegister, type Zone, type ZoneState } from './zone.state';

// The rules several commands share. Each returns the checked (canonical) value or throws the
// ZoneError that names the broken rule.

/** The zone of a stream that has begun; ZONE.NOT_FOUND otherwise. */
export function registeredZone(state: ZoneState, zoneId: string): Zone {
  if (!state.registered) throw new ZoneNotFoundError(zoneId);
  return state;
}

/** A zone that accepts changes (active or downgraded); ZONE.NOT_ACTIVE when merged or exited. */
export function zoneInRegister(state: ZoneState, zoneId: string): Zone {
  const zone = registeredZone(state, zoneId);
  if (zone.status.kind === 'merged' || zone.status.kind === 'exited')
    throw new ZoneNotActiveError(zoneId, zone.status.kind);
  return zone;
}

/**
 * A date the register can record: a calendar date (ZONE.INVALID_DATE), not after today in China
 * (ZONE.DATE_IN_FUTURE: the register records what has taken effect, since the zone's state changes
 * as soon as the event is recorded), and, for a zone, not before its first approval
 * (ZONE.DATE_BEFORE_APPROVAL).
 */
export function recordableDate(
  field: string,
  date: CalendarDate,
  now: Date,
  zone?: Zone,
): CalendarDate {
  const canonical = canonicalDate(date);
  if (!isValidCalendarDate(canonical)) throw new InvalidDateError(field, date);
  if (isAfter(canonical, chinaDateAt(now))) throw new DateInFutureError(field, canonical);
  const approved = zone && firstApprovedOn(zone);
  if (zone && approved && isBefore(canonical, approved))
    throw new DateBeforeApprovalError(zone.zoneId, canonical, approved);
  return canonical;
}

/** The province by its official or short name; ZONE.UNKNOWN_PROVINCE otherwise. */
export function provinceOf(name: string): Province {
  const province = provinceNamed(name);
  if (!province) throw new UnknownProvinceError(name);
  return province;
}

/** A zone's names, trimmed with inner whitespace collapsed; ZONE.NAME_REQUIRED without a Chinese one. */
export function zoneNames(nameZh: string, nameEn: string): { nameZh: string; nameEn: string } {
  const names = { nameZh: tidy(nameZh), nameEn: tidy(nameEn) };
  if (!names.nameZh) throw new ZoneNameRequiredError();
  return names;
}

/** The ZoneRenamed event of a zone taking new names; `details` adds when and by which policy. */
export function zoneRenamed(
  zone: Zone,
  names: { nameZh: string; nameEn: string },
  details: Pick<ZoneRenamed['data'], 'effectiveOn' | 'basisPolicyId' | 'reason'> = {},
): ZoneRenamed {
  return {
    type: 'ZoneRenamed',
    data: {
      zoneId: zone.zoneId,
      ...names,
      previousNameZh: zone.nameZh,
      previousNameEn: zone.nameEn,
      ...details,
    },
  };
}

/**
 * ZONE.NAME_TAKEN when another zone in the register at `level` bears either name (the English one
 * compared without regard to case). `except` lists zones that do not count: the zone itself, and
 * the zones a merger absorbs (they leave the register with it).
 */
export function assertNamesFree(
  names: { readonly nameZh: string; readonly nameEn: string },
  level: ZoneLevel,
  namesakes: readonly Namesake[],
  except: readonly string[],
): void {
  const chinese = nameKey('zh', names.nameZh);
  const english = nameKey('en', names.nameEn);
  for (const namesake of namesakes) {
    if (namesake.level !== level || except.includes(namesake.zoneId)) continue;
    if (nameKey('zh', namesake.nameZh) === chinese)
      throw new ZoneNameTakenError(names.nameZh, namesake.zoneId);
    if (english && nameKey('en', namesake.nameEn) === english)
      throw new ZoneNameTakenError(names.nameEn, namesake.zoneId);
  }
}

/**
 * Which of a zone's names: a Chinese name is unique among Chinese names, an English one among
 * English names.
 */
export type NameLanguage = 'zh' | 'en';

/** A name as the register compares it: tidied, and an English one without regard to case. */
export function nameKey(language: NameLanguage, name: string): string {
  const tidied = tidy(name);
  return language === 'en' ? tidied.toLowerCase() : tidied;
}

/** Leading industries as given, trimmed, without blanks or repeats, in their order. */
export function industryList(industries: readonly string[] = []): string[] {
  return [...new Set(industries.map(tidy).filter((industry) => industry.length > 0))];
}

/** A zone still in the register keeps its names unique at its level; a merged or exited one does not. */
export function assertNamesFreeIfInRegister(
  zone: Zone,
  names: { readonly nameZh: string; readonly nameEn: string },
  namesakes: readonly Namesake[],
): void {
  if (isInRegister(zone)) assertNamesFree(names, zone.level, namesakes, [zone.zoneId]);
}

/** Free text as recorded: trimmed, runs of whitespace made one space. */
export function tidy(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}
