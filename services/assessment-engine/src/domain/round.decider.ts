import { canonicalDate, isValidCalendarDate } from '@zoneledger/shared-kernel';
import {
  InvalidDateError,
  MethodologyNotFoundError,
  RoundAlreadyOpenedError,
} from './assessment.errors';
import { correctIndicator, submitIndicators } from './indicator-values.decider';
import { methodologyOf } from './methodology';
import { importPublishedRanking } from './published-ranking.decider';
import type { OpenRound, RoundCommand } from './round.commands';
import type { RoundEvent, RoundOpened } from './round.events';
import { requiredText, sameJson } from './round.rules';
import { evolve, initialState, type RoundState } from './round.state';
import { publishRound, scoreRoundValues } from './score-round.decider';
import { sortedPopulation } from './value-matrix';

// One pure function per command: the round's state and the command in, the events to append out,
// or an AssessmentError. An empty list means the command changes nothing (it asks for what
// already is), so a redelivered or retried command is harmless.

/**
 * A round opens with the methodology version the handler found for the command's id and version
 * (ASSESSMENT.METHODOLOGY_NOT_FOUND when none, or another), validated; a valid reference date; its
 * synthetic label; and its population, checked and sorted by zone id. A methodology whose weights
 * were never published may open a round (to hold its published ranking), but not score it.
 * Opening it again identically records nothing; differently is refused.
 */
export function openRound({ data: command }: OpenRound, state: RoundState): RoundOpened[] {
  const roundId = requiredText('roundId', command.roundId);
  const found = command.methodology;
  if (
    !found ||
    found.methodologyId !== command.methodologyId ||
    found.version !== command.methodologyVersion
  )
    throw new MethodologyNotFoundError(command.methodologyId, command.methodologyVersion);
  const methodology = methodologyOf(found);
  const referenceDate = canonicalDate(command.referenceDate);
  if (!isValidCalendarDate(referenceDate)) throw new InvalidDateError('referenceDate');
  const population = sortedPopulation(command.population).map(({ zoneId, region }) => ({
    zoneId,
    region,
  }));
  const opened: RoundOpened = {
    type: 'RoundOpened',
    data: {
      roundId,
      methodology,
      referenceDate,
      synthetic: command.synthetic === true,
      population,
    },
  };
  if (state.opened) {
    const { methodology: current, referenceDate: date, synthetic, population: zones } = state;
    const same = sameJson(
      {
        roundId: state.roundId,
        methodology: current,
        referenceDate: date,
        synthetic,
        population: zones,
      },
      opened.data,
    );
    if (same) return [];
    throw new RoundAlreadyOpenedError(roundId);
  }
  return [opened];
}

/** The events a command on one round's stream produces. */
export function decide(command: RoundCommand, state: RoundState): RoundEvent[] {
  switch (command.type) {
    case 'OpenRound':
      return openRound(command, state);
    case 'SubmitIndicators':
      return submitIndicators(command, state);
    case 'CorrectIndicator':
      return correctIndicator(command, state);
    case 'ScoreRound':
      return scoreRoundValues(command, state);
    case 'PublishRound':
      return publishRound(command, state);
    case 'ImportPublishedRanking':
      return importPublishedRanking(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown round command: ${JSON.stringify(unknown)}`);
    }
  }
}

/** The round decider: what a command handler folds a stream with and decides by. */
export const roundDecider = { decide, evolve, initialState };
