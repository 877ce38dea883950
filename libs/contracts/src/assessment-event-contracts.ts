import { defineEventContract, type EventOrigin } from './event-contract';
import {
  ExitWarningIssuedSchema,
  IndicatorCorrectedSchema,
  IndicatorsSubmittedSchema,
  MethodologyVersionCreatedSchema,
  PublishedRankingImportedSchema,
  RoundOpenedSchema,
  RoundPublishedSchema,
  RoundScoredSchema,
  ZoneRankChangedSchema,
  ZoneScoreChangedSchema,
  ZoneScoredSchema,
} from './gen/zoneledger/assessment/v1/assessment_events_pb';
import { Topics } from './topics';

// The assessment-engine records methodology versions on methodology streams and everything that
// happens to a round on the round's stream.
const methodology: EventOrigin = { aggregate: 'methodology', topic: Topics.assessments };
const round: EventOrigin = { aggregate: 'round', topic: Topics.assessments };

/** The assessment events (proto/zoneledger/assessment/v1/assessment_events.proto). */
export const AssessmentEventContracts = [
  defineEventContract(MethodologyVersionCreatedSchema, methodology),
  defineEventContract(RoundOpenedSchema, round),
  defineEventContract(IndicatorsSubmittedSchema, round),
  defineEventContract(IndicatorCorrectedSchema, round),
  defineEventContract(RoundScoredSchema, round),
  defineEventContract(ZoneScoredSchema, round),
  defineEventContract(RoundPublishedSchema, round),
  defineEventContract(ZoneScoreChangedSchema, round),
  defineEventContract(ZoneRankChangedSchema, round),
  defineEventContract(ExitWarningIssuedSchema, round),
  defineEventContract(PublishedRankingImportedSchema, round),
] as const;
