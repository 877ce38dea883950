import {
  AlreadySubmittedError,
  DuplicateIndicatorError,
  EmptySubmissionError,
  NothingSubmittedError,
  ReasonRequiredError,
} from './assessment.errors';
import { indicatorsOf } from './methodology';
import type { CorrectIndicator, SubmitIndicators } from './round.commands';
import type { IndicatorCorrected, IndicatorsSubmitted, SubmittedValue } from './round.events';
import {
  assertInPopulation,
  changeableRound,
  checkedIndicatorValue,
  requiredText,
} from './round.rules';
import type { RoundState } from './round.state';

// Indicator values enter a round by submission (version 1) and change by correction (a new
// version, with a reason), until the round is published.

/**
 * One zone of the population submits values: each for an indicator of the methodology, in its
 * unit, finite, not negative unless allowed, with its source and submitter, no indicator twice.
 * Values already submitted identically are left out (all of them: the command records nothing);
 * a different value for an indicator already submitted is refused (ASSESSMENT.ALREADY_SUBMITTED):
 * that is a correction.
 */
export function submitIndicators(
  { data: command }: SubmitIndicators,
  state: RoundState,
): IndicatorsSubmitted[] {
  const round = changeableRound(state, command.roundId);
  assertInPopulation(round, command.zoneId);
  if (command.values.length === 0) throw new EmptySubmissionError(command.zoneId);
  const given = new Map<string, SubmittedValue>();
  for (const submitted of command.values) {
    const indicator = checkedIndicatorValue(
      round,
      submitted.indicatorKey,
      submitted.value,
      submitted.unit,
    );
    if (given.has(indicator.key)) throw new DuplicateIndicatorError(indicator.key);
    given.set(indicator.key, {
      indicatorKey: indicator.key,
      value: submitted.value,
      unit: indicator.unit,
      source: requiredText('source', submitted.source),
      submitter: requiredText('submitter', submitted.submitter),
    });
  }
  const recorded = round.values.get(command.zoneId);
  const values: SubmittedValue[] = [];
  for (const indicator of indicatorsOf(round.methodology)) {
    const submitted = given.get(indicator.key);
    if (!submitted) continue;
    const current = recorded?.get(indicator.key);
    if (current === undefined) values.push(submitted);
    else if (current.value !== submitted.value)
      throw new AlreadySubmittedError(command.zoneId, indicator.key);
  }
  if (values.length === 0) return [];
  return [
    {
      type: 'IndicatorsSubmitted',
      data: { roundId: round.roundId, zoneId: command.zoneId, values },
    },
  ];
}

/**
 * A submitted value gets a new version, with a reason; the value checked as on submission. The
 * same value again records nothing; a value never submitted cannot be corrected.
 */
export function correctIndicator(
  { data: command }: CorrectIndicator,
  state: RoundState,
): IndicatorCorrected[] {
  const round = changeableRound(state, command.roundId);
  assertInPopulation(round, command.zoneId);
  const indicator = checkedIndicatorValue(round, command.indicatorKey, command.value, command.unit);
  const current = round.values.get(command.zoneId)?.get(indicator.key);
  if (!current) throw new NothingSubmittedError(command.zoneId, indicator.key);
  if (current.value === command.value) return [];
  const reason = (command.reason ?? '').trim();
  if (!reason) throw new ReasonRequiredError();
  return [
    {
      type: 'IndicatorCorrected',
      data: {
        roundId: round.roundId,
        zoneId: command.zoneId,
        indicatorKey: indicator.key,
        version: current.version + 1,
        previousValue: current.value,
        value: command.value,
        unit: indicator.unit,
        source: requiredText('source', command.source),
        submitter: requiredText('submitter', command.submitter),
        reason,
      },
    },
  ];
}
