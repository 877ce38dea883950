export {
  canonicalDate,
  chinaDateAt,
  earliest,
  isAfter,
  isBefore,
  isValidCalendarDate,
  sameCalendarDate,
  type CalendarDate,
} from './calendar-date';
export { dayBefore, firstDayOf, isoDate, lastDayOf } from './calendar-bounds';
export { DomainRefusal, type RefusalKind } from './domain-refusal';
export { officialProvince, PROVINCES, provinceNamed, type Province, type Region } from './region';
export {
  REGIONS,
  ZONE_ID_PATTERN,
  ZONE_KINDS,
  ZONE_LEVELS,
  type ZoneKind,
  type ZoneLevel,
  type ZoneStanding,
} from './zone-vocabulary';
