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
export { PROVINCES, provinceNamed, type Province, type Region } from './region';
