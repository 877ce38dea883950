import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Topics } from '@zoneledger/contracts';
import { PlatformModule, projectionsRunner, routeBodyLimits } from '@zoneledger/platform';
import { zoneTimelineProjection } from '@zoneledger/zone-timeline';
import { ASSESSMENT_ERROR_MAPPINGS } from './api/assessment-error-mappings';
import { MethodologiesHttpController } from './api/methodologies.http.controller';
import { RoundsHttpController } from './api/rounds.http.controller';
import { ZoneAssessmentsHttpController } from './api/zone-assessments.http.controller';
import { MethodologyStreams, RoundStreams } from './application/assessment-streams';
import { CreateMethodologyVersionHandler } from './application/methodology.handlers';
import { RoundAnalysis } from './application/round-analysis';
import { RoundHistory } from './application/round-history';
import { RoundsAsOf } from './application/rounds-as-of';
import { ScoreChanges } from './application/score-changes';
import { AssessmentCommandHandlers } from './application/round.handlers';
import { ZonePopulation } from './application/zone-population';
import { AssessmentEngineMigrations } from './migrations';
import { assessmentRoundsProjection } from './projections/assessment-rounds.projection';
import { zoneNamesProjection } from './projections/zone-names.projection';
import { RoundQueries } from './queries/round.queries';

/**
 * Keeps the engine's read models up to date while it runs: the zones as it needs them (their
 * timeline for populations and lineage, their names for published rankings) from the zones
 * topic, and its own rounds from the assessments topic.
 */
export const AssessmentReadModelsRunner = projectionsRunner(
  'AssessmentReadModelsRunner',
  (topicOf) => [
    zoneTimelineProjection(topicOf(Topics.zones)),
    zoneNamesProjection(topicOf(Topics.zones)),
    assessmentRoundsProjection(topicOf(Topics.assessments)),
  ],
);

/**
 * A bulk submission of indicator values takes more than HTTP_BODY_LIMIT: 4 MiB holds a national
 * round (230 zones of 40 values is about 0.8 MB as JSON) or some 1,600 zones of 50 values a
 * request, and parses in under 200 ms; larger rounds are submitted in several requests. Every
 * other route keeps HTTP_BODY_LIMIT.
 */
export const INDICATORS_BODY_LIMIT = {
  path: '/v1/rounds/:roundId/indicators',
  variable: 'ASSESSMENT_INDICATORS_BODY_LIMIT',
  defaultBytes: 4 * 1024 * 1024,
};

/** The assessment engine's HTTP API, command handlers and reads (no platform). */
@Module({
  imports: [CqrsModule.forRoot()],
  controllers: [MethodologiesHttpController, RoundsHttpController, ZoneAssessmentsHttpController],
  providers: [
    CreateMethodologyVersionHandler,
    ...AssessmentCommandHandlers,
    MethodologyStreams,
    RoundStreams,
    ZonePopulation,
    RoundHistory,
    RoundAnalysis,
    ScoreChanges,
    RoundsAsOf,
    RoundQueries,
    AssessmentReadModelsRunner,
    routeBodyLimits(INDICATORS_BODY_LIMIT),
  ],
})
export class AssessmentEngineModule {}

/** The assessment-engine service: the platform and the engine. */
@Module({
  imports: [
    PlatformModule.forService({
      service: 'assessment-engine',
      port: 3103,
      databaseSchema: 'assessment_engine',
      migrations: AssessmentEngineMigrations,
      entities: [],
      errorMappings: ASSESSMENT_ERROR_MAPPINGS,
    }),
    AssessmentEngineModule,
  ],
})
export class AppModule {}
