import {
  FieldRequiredError,
  NegativeValueError,
  RoundNotFoundError,
  RoundPublishedError,
  UnknownIndicatorError,
  ValueNotFiniteError,
  WrongUnitError,
  ZoneNotInPopulationError,
} from './assessment.errors';
import { indicatorOf, type Indicator } from './methodology';
import type { OpenedRound, RoundState } from './round.state';

// Checks the round's deciders share.

/** The round, opened; else ASSESSMENT.ROUND_NOT_FOUND. */
export function openedRound(state: RoundState, roundId: string): OpenedRound {
  if (!state.opened) throw new RoundNotFoundError(roundId);
  return state;
}

/** The round, opened and not published: its values may still change. */
export function changeableRound(state: RoundState, roundId: string): OpenedRound {
  const round = openedRound(state, roundId);
  if (round.published) throw new RoundPublishedError(roundId);
  return round;
}

/** Refuses a zone outside the round's population. */
export function assertInPopulation(round: OpenedRound, zoneId: string): void {
  if (!round.regions.has(zoneId)) throw new ZoneNotInPopulationError(zoneId);
}

/**
 * The methodology's indicator for a value, the value checked: a known indicator, in its unit
 * (compared exactly, surrounding spaces aside), finite, not negative unless the indicator allows.
 */
export function checkedIndicatorValue(
  round: OpenedRound,
  indicatorKey: string,
  value: number,
  unit: string,
): Indicator {
  const indicator = indicatorOf(round.methodology, indicatorKey);
  if (!indicator) throw new UnknownIndicatorError(indicatorKey);
  if ((unit ?? '').trim() !== indicator.unit)
    throw new WrongUnitError(indicatorKey, unit, indicator.unit);
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ValueNotFiniteError(indicatorKey);
  if (value < 0 && !indicator.allowsNegative) throw new NegativeValueError(indicatorKey, value);
  return indicator;
}

/** Trimmed text, required. */
export function requiredText(field: string, text: string | undefined): string {
  const trimmed = (text ?? '').trim();
  if (!trimmed) throw new FieldRequiredError(field);
  return trimmed;
}

/**
 * Whether two plain JSON values say the same: the same fields (in any order: a store may not keep
 * the order events were built in) with the same values, lists in the same order.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, sortedKeys) === JSON.stringify(b, sortedKeys);
}

// A JSON.stringify replacer writing each object's fields in key order.
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}
