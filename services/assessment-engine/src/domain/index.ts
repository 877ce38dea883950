// The assessment engine's pure domain: what the application layer (command handlers, API, Kafka
// relay) uses. Nothing here does I/O; callers look up what a command needs and pass it in.

export * from './assessment.errors';
export {
  AGGREGATIONS,
  DIRECTIONS,
  indicatorOf,
  indicatorsOf,
  methodologyOf,
  MISSING_VALUE_POLICIES,
  NORMALISATIONS,
  WEIGHT_SUM_TOLERANCE,
  withDimensionWeights,
  type Aggregation,
  type Dimension,
  type Direction,
  type Indicator,
  type Methodology,
  type MethodologyInput,
  type MissingValuePolicy,
  type Normalisation,
} from './methodology';
export { NEUTRAL_SCORE } from './normalisation';
export {
  scoreRound,
  type DimensionScore,
  type IndicatorContribution,
  type RoundScores,
  type ScoringOverrides,
  type ZoneScore,
} from './scoring';
export type { IndicatorValues, PopulationZone } from './value-matrix';
export {
  rankUncertainty,
  type RankUncertainty,
  type UncertaintyOptions,
  type ZoneRankUncertainty,
} from './uncertainty';
export {
  EXIT_WARNING_BOTTOM,
  exitWarnings,
  regionalBottom,
  type ExitWarning,
  type PreviousBottom,
  type RegionalStanding,
} from './exit-warnings';
export {
  matchPublishedRows,
  normalisedNameEn,
  normalisedNameZh,
  type DirectoryEntry,
  type MatchedBy,
  type MatchedRow,
  type PublishedRow,
  type RankingMatch,
  type UnmatchedReason,
  type UnmatchedRow,
} from './name-matching';
export * from './methodology.commands';
export * from './methodology.events';
export {
  evolveMethodology,
  initialMethodologyState,
  latestMethodologyVersion,
  methodologyVersion,
  type MethodologyState,
} from './methodology.state';
export {
  createMethodologyVersion,
  decideMethodology,
  methodologyDecider,
} from './methodology.decider';
export * from './round.commands';
export * from './round.events';
export {
  evolve,
  indicatorValuesOf,
  initialState,
  type OpenedRound,
  type RecordedValue,
  type RoundState,
  type Scoring,
  type UnopenedRound,
} from './round.state';
export { foldRound } from './round.fold';
export { decide, openRound, roundDecider } from './round.decider';
export { correctIndicator, submitIndicators } from './indicator-values.decider';
export { publishRound, scoreRoundValues } from './score-round.decider';
export { importPublishedRanking } from './published-ranking.decider';
export { whatIf, type WhatIf, type WhatIfChange, type WhatIfZone } from './what-if';
export {
  SCORE_CHANGE_TOP_MOVERS,
  scoreChange,
  type ComparableScoreChange,
  type ImputationShare,
  type IncomparableReason,
  type IncomparableScoreChange,
  type IndicatorChange,
  type ScoreChange,
  type ScoreChangeOptions,
  type ScoreChangeParts,
  type ScoreChangeStep,
  type ScoreChangeSteps,
  type ZoneStanding,
} from './score-change';
