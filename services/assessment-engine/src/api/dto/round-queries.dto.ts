import { ApiPropertyOptional } from '@nestjs/swagger';
import { Optional, PageQueryDto, QueryDateTime, QueryInteger } from '@zoneledger/platform';
import { REGIONS } from '@zoneledger/shared-kernel';
import { IsIn, Matches } from 'class-validator';
import { NORMALISATIONS } from '../../domain';
import { KEY_PATTERN } from './methodology.dto';

/** GET /v1/rounds/{roundId}/rankings: a page, nationally, in a region or by a dimension. */
export class RankingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REGIONS, description: 'Rank within this region' })
  @Optional()
  @IsIn(REGIONS)
  region?: (typeof REGIONS)[number];

  @ApiPropertyOptional({
    example: 'opening-up',
    pattern: KEY_PATTERN.source,
    description: "Order by this dimension's score",
  })
  @Optional()
  @Matches(KEY_PATTERN, { message: 'dimension must be a dimension key' })
  dimension?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description:
      "As the engine knew the round at this moment, from the round's own events (default: now, from the read model)",
  })
  @Optional()
  @QueryDateTime()
  asOf?: Date;
}

/** GET /v1/methodologies/{methodologyId}: a version (default: the latest). */
export class MethodologyVersionQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000 })
  @Optional()
  @QueryInteger({ min: 1, max: 1000 })
  version?: number;
}

/** GET /v1/rounds/{roundId}/zones/{zoneId}: the zone's score explained, as known at a moment. */
export class ExplainQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: "Read the round's values as recorded at this moment (default: now)",
  })
  @Optional()
  @QueryDateTime()
  asOf?: Date;
}

/** GET /v1/rounds/{roundId}/uncertainty: a Monte Carlo analysis of the ranks. */
export class UncertaintyQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 10000, default: 1000 })
  @Optional()
  @QueryInteger({ min: 1, max: 10000 })
  draws?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 4294967295, default: 2023 })
  @Optional()
  @QueryInteger({ min: 0, max: 4294967295 })
  seed?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 90,
    default: 20,
    description: 'Each dimension weight varies by up to this many per cent (then renormalised)',
  })
  @Optional()
  @QueryInteger({ min: 0, max: 90 })
  weightSpreadPercent?: number;

  @ApiPropertyOptional({
    enum: NORMALISATIONS,
    description: "Also draw this normalisation (besides the methodology's)",
  })
  @Optional()
  @IsIn(NORMALISATIONS)
  alsoNormalisation?: (typeof NORMALISATIONS)[number];
}

/** GET /v1/zones/{zoneId}/assessments/{roundId}/change: against which earlier round. */
export class ScoreChangeQueryDto {
  @ApiPropertyOptional({
    example: '2021',
    pattern: KEY_PATTERN.source,
    description: 'The earlier round (default: the published round just before this one)',
  })
  @Optional()
  @Matches(KEY_PATTERN, { message: 'against must be a round id' })
  against?: string;
}

/** GET /v1/rounds/{roundId}: the round as known at a moment. */
export class RoundQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description:
      "As the engine knew the round at this moment, from the round's own events (default: now, from the read model)",
  })
  @Optional()
  @QueryDateTime()
  asOf?: Date;
}
