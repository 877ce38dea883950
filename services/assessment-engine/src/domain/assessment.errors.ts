import { DomainRefusal, type RefusalKind } from '@zoneledger/shared-kernel';

/** How an assessment refusal reads to a caller: not_found, conflict or rule (see RefusalKind). */
export type AssessmentErrorKind = RefusalKind;

/** A command or input the assessment engine refuses, with a stable `ASSESSMENT.*` code. */
export abstract class AssessmentError extends DomainRefusal {
  abstract override readonly code: `ASSESSMENT.${string}`;
}

// Methodologies -----------------------------------------------------------------------------------

/** A methodology field is missing or empty (an id, a name, a key). */
export class FieldRequiredError extends AssessmentError {
  readonly code = 'ASSESSMENT.FIELD_REQUIRED';
  readonly kind = 'rule';
  constructor(readonly field: string) {
    super(`${field} is required`);
  }
}

/** A methodology's version is not a positive integer. */
export class InvalidVersionError extends AssessmentError {
  readonly code = 'ASSESSMENT.INVALID_VERSION';
  readonly kind = 'rule';
  constructor(readonly version: unknown) {
    super(`a methodology version is a positive integer, not ${String(version)}`);
  }
}

/** A value outside an enumeration (normalisation, aggregation, missing values, direction). */
export class UnknownOptionError extends AssessmentError {
  readonly code = 'ASSESSMENT.UNKNOWN_OPTION';
  readonly kind = 'rule';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: readonly string[],
  ) {
    super(`${field} is one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  }
}

/** Two dimensions, or two indicators of the methodology, share a key. */
export class DuplicateKeyError extends AssessmentError {
  readonly code = 'ASSESSMENT.DUPLICATE_KEY';
  readonly kind = 'rule';
  constructor(readonly key: string) {
    super(`the key "${key}" is used twice`);
  }
}

/** A methodology without dimensions, or a dimension without indicators. */
export class EmptyDimensionError extends AssessmentError {
  readonly code = 'ASSESSMENT.EMPTY_DIMENSION';
  readonly kind = 'rule';
  constructor(readonly dimensionKey: string) {
    super(
      dimensionKey === ''
        ? 'a methodology needs at least one dimension'
        : `dimension ${dimensionKey} has no indicators`,
    );
  }
}

/** A weight that is not a finite number greater than zero. */
export class InvalidWeightError extends AssessmentError {
  readonly code = 'ASSESSMENT.INVALID_WEIGHT';
  readonly kind = 'rule';
  constructor(
    readonly key: string,
    readonly weight: unknown,
  ) {
    super(`the weight of ${key} must be a finite number above 0, not ${String(weight)}`);
  }
}

/** Dimension weights, or the indicator weights of one dimension, do not sum to 1 (within 1e-9). */
export class WeightsDoNotSumToOneError extends AssessmentError {
  readonly code = 'ASSESSMENT.WEIGHTS_DO_NOT_SUM_TO_ONE';
  readonly kind = 'rule';
  constructor(
    readonly scope: string,
    readonly sum: number,
  ) {
    super(`the weights of ${scope} sum to ${sum}, not 1`);
  }
}

/**
 * The methodology's weights were never published (the 2016 structure): its weights are assumed,
 * so it serves what-if and uncertainty analysis but not a round's computed scores.
 */
export class WeightsUnpublishedError extends AssessmentError {
  readonly code = 'ASSESSMENT.WEIGHTS_UNPUBLISHED';
  readonly kind = 'rule';
  constructor(
    readonly methodologyId: string,
    readonly version: number,
  ) {
    super(
      `methodology ${methodologyId} v${version} has assumed weights (never published): ` +
        'it scores what-ifs only',
    );
  }
}

/** The caller found no methodology with the id and version the command names. */
export class MethodologyNotFoundError extends AssessmentError {
  readonly code = 'ASSESSMENT.METHODOLOGY_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(
    readonly methodologyId: string,
    readonly version: number,
  ) {
    super(`no methodology ${methodologyId} v${version}`);
  }
}

/**
 * A methodology version other than the stream's next one:
 * 1 for a new methodology, else the latest + 1.
 */
export class MethodologyVersionNotNextError extends AssessmentError {
  readonly code = 'ASSESSMENT.METHODOLOGY_VERSION_NOT_NEXT';
  readonly kind = 'conflict';
  constructor(
    readonly methodologyId: string,
    readonly version: number,
    readonly next: number,
  ) {
    super(`methodology ${methodologyId}'s next version is ${next}, not ${version}`);
  }
}

/** A methodology version that exists already with other content: a correction is a new version. */
export class MethodologyVersionExistsError extends AssessmentError {
  readonly code = 'ASSESSMENT.METHODOLOGY_VERSION_EXISTS';
  readonly kind = 'conflict';
  constructor(
    readonly methodologyId: string,
    readonly version: number,
  ) {
    super(
      `methodology ${methodologyId} v${version} exists with other content ` +
        '(versions are immutable: create the next one)',
    );
  }
}

// Indicator values --------------------------------------------------------------------------------

/** The indicator key is not one of the methodology's. */
export class UnknownIndicatorError extends AssessmentError {
  readonly code = 'ASSESSMENT.UNKNOWN_INDICATOR';
  readonly kind = 'rule';
  constructor(readonly indicatorKey: string) {
    super(`"${indicatorKey}" is not an indicator of the round's methodology`);
  }
}

/** A value given in another unit than the methodology's for the indicator. */
export class WrongUnitError extends AssessmentError {
  readonly code = 'ASSESSMENT.WRONG_UNIT';
  readonly kind = 'rule';
  constructor(
    readonly indicatorKey: string,
    readonly unit: string,
    readonly expected: string,
  ) {
    super(`${indicatorKey} is measured in ${expected}, not ${unit}`);
  }
}

/** NaN or an infinity. */
export class ValueNotFiniteError extends AssessmentError {
  readonly code = 'ASSESSMENT.VALUE_NOT_FINITE';
  readonly kind = 'rule';
  constructor(
    readonly indicatorKey: string,
    readonly zoneId?: string,
  ) {
    super(`the value of ${indicatorKey}${zoneId ? ` for ${zoneId}` : ''} is not a finite number`);
  }
}

/** A negative value for an indicator that allows none (counts, amounts, intensities). */
export class NegativeValueError extends AssessmentError {
  readonly code = 'ASSESSMENT.NEGATIVE_VALUE';
  readonly kind = 'rule';
  constructor(
    readonly indicatorKey: string,
    readonly value: number,
  ) {
    super(`${indicatorKey} cannot be negative (${value})`);
  }
}

/** One submission names the same indicator twice. */
export class DuplicateIndicatorError extends AssessmentError {
  readonly code = 'ASSESSMENT.DUPLICATE_INDICATOR';
  readonly kind = 'rule';
  constructor(readonly indicatorKey: string) {
    super(`${indicatorKey} is given twice in one submission`);
  }
}

/** A submission with no values. */
export class EmptySubmissionError extends AssessmentError {
  readonly code = 'ASSESSMENT.EMPTY_SUBMISSION';
  readonly kind = 'rule';
  constructor(readonly zoneId: string) {
    super(`the submission for ${zoneId} has no values`);
  }
}

/** A different value for an indicator already submitted: that is a correction, with a reason. */
export class AlreadySubmittedError extends AssessmentError {
  readonly code = 'ASSESSMENT.ALREADY_SUBMITTED';
  readonly kind = 'conflict';
  constructor(
    readonly zoneId: string,
    readonly indicatorKey: string,
  ) {
    super(`${indicatorKey} of ${zoneId} is already submitted: correct it instead`);
  }
}

/** A correction of a value never submitted. */
export class NothingSubmittedError extends AssessmentError {
  readonly code = 'ASSESSMENT.NOTHING_SUBMITTED';
  readonly kind = 'rule';
  constructor(
    readonly zoneId: string,
    readonly indicatorKey: string,
  ) {
    super(`no value of ${indicatorKey} was submitted for ${zoneId}: nothing to correct`);
  }
}

/** A correction needs its reason. */
export class ReasonRequiredError extends AssessmentError {
  readonly code = 'ASSESSMENT.REASON_REQUIRED';
  readonly kind = 'rule';
  constructor() {
    super('a correction needs a reason');
  }
}

// Rounds ------------------------------------------------------------------------------------------

/** The round's stream has not begun: it was never opened. */
export class RoundNotFoundError extends AssessmentError {
  readonly code = 'ASSESSMENT.ROUND_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly roundId: string) {
    super(`round ${roundId} was never opened`);
  }
}

/** The round is open already, with another methodology, date, label or population. */
export class RoundAlreadyOpenedError extends AssessmentError {
  readonly code = 'ASSESSMENT.ROUND_ALREADY_OPENED';
  readonly kind = 'conflict';
  constructor(readonly roundId: string) {
    super(`round ${roundId} is already open, differently`);
  }
}

/** A published round's values and scores are final. */
export class RoundPublishedError extends AssessmentError {
  readonly code = 'ASSESSMENT.ROUND_PUBLISHED';
  readonly kind = 'rule';
  constructor(readonly roundId: string) {
    super(`round ${roundId} is published: its values and scores are final`);
  }
}

/** Publishing, or a what-if against, a round never scored. */
export class RoundNotScoredError extends AssessmentError {
  readonly code = 'ASSESSMENT.ROUND_NOT_SCORED';
  readonly kind = 'rule';
  constructor(readonly roundId: string) {
    super(`round ${roundId} has not been scored`);
  }
}

/** Values were submitted or corrected after the last scoring: score again before publishing. */
export class ScoresStaleError extends AssessmentError {
  readonly code = 'ASSESSMENT.SCORES_STALE';
  readonly kind = 'conflict';
  constructor(readonly roundId: string) {
    super(`round ${roundId} has values newer than its scores: score it again`);
  }
}

/** Scoring a round no zone has any value for. */
export class NothingToScoreError extends AssessmentError {
  readonly code = 'ASSESSMENT.NOTHING_TO_SCORE';
  readonly kind = 'rule';
  constructor(readonly roundId: string) {
    super(`round ${roundId} has no values to score`);
  }
}

/** A population without zones. */
export class EmptyPopulationError extends AssessmentError {
  readonly code = 'ASSESSMENT.EMPTY_POPULATION';
  readonly kind = 'rule';
  constructor() {
    super('the population has no zones');
  }
}

/** The zone is not among the round's population. */
export class ZoneNotInPopulationError extends AssessmentError {
  readonly code = 'ASSESSMENT.ZONE_NOT_IN_POPULATION';
  readonly kind = 'rule';
  constructor(readonly zoneId: string) {
    super(`zone ${zoneId} is not in the round's population`);
  }
}

/** A population listing a zone twice. */
export class DuplicateZoneError extends AssessmentError {
  readonly code = 'ASSESSMENT.DUPLICATE_ZONE';
  readonly kind = 'rule';
  constructor(readonly zoneId: string) {
    super(`zone ${zoneId} is listed twice`);
  }
}

/** A zone id the zone register would not take. */
export class InvalidZoneIdError extends AssessmentError {
  readonly code = 'ASSESSMENT.INVALID_ZONE_ID';
  readonly kind = 'rule';
  constructor(readonly zoneId: string) {
    super(`"${zoneId}" is not a zone id`);
  }
}

/** Not one of MofCOM's ranking regions. */
export class UnknownRegionError extends AssessmentError {
  readonly code = 'ASSESSMENT.UNKNOWN_REGION';
  readonly kind = 'rule';
  constructor(
    readonly zoneId: string,
    readonly region: unknown,
  ) {
    super(`zone ${zoneId}: ${JSON.stringify(region)} is not a ranking region`);
  }
}

/** A date that names no day, month or year. */
export class InvalidDateError extends AssessmentError {
  readonly code = 'ASSESSMENT.INVALID_DATE';
  readonly kind = 'rule';
  constructor(readonly field: string) {
    super(`${field} is not a valid date`);
  }
}

/** A published rank that is not a positive integer. */
export class InvalidRankError extends AssessmentError {
  readonly code = 'ASSESSMENT.INVALID_RANK';
  readonly kind = 'rule';
  constructor(readonly rank: unknown) {
    super(`a rank is a positive integer, not ${String(rank)}`);
  }
}

/** Two rows of a published ranking with the same rank. */
export class DuplicateRankError extends AssessmentError {
  readonly code = 'ASSESSMENT.DUPLICATE_RANK';
  readonly kind = 'rule';
  constructor(readonly rank: number) {
    super(`rank ${rank} is listed twice`);
  }
}

/** An option of an analysis (draws, seed, spread, ...) out of its range. */
export class InvalidOptionError extends AssessmentError {
  readonly code = 'ASSESSMENT.INVALID_OPTION';
  readonly kind = 'rule';
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${option} must be ${expected}, not ${JSON.stringify(value)}`);
  }
}
