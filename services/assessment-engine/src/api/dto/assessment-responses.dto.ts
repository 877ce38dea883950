import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDateDto } from '@zoneledger/platform';
import { REGIONS } from '@zoneledger/shared-kernel';
import type { AssessmentCommandResult } from '../../application/assessment-streams';

/** What a command on a methodology or a round did. */
export class AssessmentCommandResultDto implements AssessmentCommandResult {
  @ApiProperty({ example: '2023', description: 'The methodology or round changed' }) id!: string;

  @ApiProperty({
    type: 'integer',
    example: 3,
    description: "The stream's version after the command (the ETag): If-Match of the next",
  })
  version!: number;

  @ApiProperty({
    type: [String],
    example: ['RoundScored', 'ZoneScored'],
    description: 'Types of the events recorded; none when it already was as asked',
  })
  recorded!: string[];

  @ApiProperty({
    description: 'True when an earlier request with the same Idempotency-Key answered',
  })
  replayed!: boolean;
}

/** A methodology version as lists show it. */
export class MethodologySummaryDto {
  @ApiProperty({ example: 'mofcom-etdz-2021' }) methodologyId!: string;
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'False: the weights are assumed' }) weightsPublished!: boolean;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

class PageDto {
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

export class MethodologyPageDto extends PageDto {
  @ApiProperty({ type: [MethodologySummaryDto] }) items!: MethodologySummaryDto[];
}

/** A round as lists show it. */
export class RoundViewDto {
  @ApiProperty({ example: '2023' }) roundId!: string;
  @ApiProperty({ example: 'mofcom-etdz-2021' }) methodologyId!: string;
  @ApiProperty({ type: 'integer' }) methodologyVersion!: number;
  @ApiProperty({ type: CalendarDateDto }) referenceDate!: CalendarDateDto;
  @ApiProperty({
    description: "True: generated demo values, not MofCOM's (whose values are not public)",
  })
  synthetic!: boolean;
  @ApiProperty({ type: 'integer' }) populationSize!: number;
  @ApiProperty({ type: 'integer', description: 'The latest scoring; 0 before the first' })
  scoring!: number;
  @ApiProperty({ type: 'integer' }) zonesScored!: number;
  @ApiProperty({ type: [String] }) unscored!: string[];
  @ApiProperty() published!: boolean;
  @ApiPropertyOptional({ type: 'integer' }) publishedScoring?: number;
}

export class RoundPageDto extends PageDto {
  @ApiProperty({ type: [RoundViewDto] }) items!: RoundViewDto[];
}

class DimensionScoreDto {
  @ApiProperty({ example: 'opening-up' }) key!: string;
  @ApiPropertyOptional({ description: 'Absent: no value of any of its indicators' })
  score?: number;
}

/** A zone's place in a round's ranking. */
export class RankingEntryDto {
  @ApiProperty() zoneId!: string;
  @ApiPropertyOptional() nameZh?: string;
  @ApiPropertyOptional() nameEn?: string;
  @ApiProperty({ enum: REGIONS }) region!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: 'integer' }) nationalRank!: number;
  @ApiProperty({ type: 'integer' }) regionalRank!: number;
  @ApiProperty({ type: [DimensionScoreDto] }) dimensions!: DimensionScoreDto[];
  @ApiProperty({ type: [String], description: 'Indicators whose value was imputed' })
  imputed!: string[];
  @ApiProperty({ type: [String], description: 'Indicators missing and left out' })
  excluded!: string[];
}

export class RankingPageDto extends PageDto {
  @ApiProperty({ type: RoundViewDto }) round!: RoundViewDto;
  @ApiPropertyOptional() dimension?: string;
  @ApiProperty({ type: [RankingEntryDto] }) items!: RankingEntryDto[];
}

class PublishedRankViewDto {
  @ApiProperty({ type: 'integer' }) rank!: number;
  @ApiProperty() nameZh!: string;
  @ApiPropertyOptional() nameEn?: string;
  @ApiPropertyOptional({ description: 'Absent: the name matched no zone' }) zoneId?: string;
  @ApiPropertyOptional() matchedBy?: string;
  @ApiPropertyOptional() unmatchedReason?: string;
  @ApiPropertyOptional({ type: 'integer', description: "The zone's computed rank in the round" })
  computedRank?: number;
}

export class PublishedRankingDto {
  @ApiProperty({ type: RoundViewDto }) round!: RoundViewDto;
  @ApiPropertyOptional({ type: CalendarDateDto }) publishedOn?: CalendarDateDto;
  @ApiPropertyOptional({ type: 'integer' }) zonesAssessed?: number;
  @ApiPropertyOptional() source?: string;
  @ApiProperty({ type: [PublishedRankViewDto] }) items!: PublishedRankViewDto[];
}

class ContributionDto {
  @ApiProperty() indicatorKey!: string;
  @ApiPropertyOptional({ description: 'The value submitted or imputed' }) value?: number;
  @ApiPropertyOptional() normalised?: number;
  @ApiProperty() imputed!: boolean;
  @ApiProperty({ description: "The indicator's weight in the total" }) weight!: number;
  @ApiProperty({ description: 'Its share of the total; the shares sum to it' })
  contribution!: number;
}

export class ZoneExplanationDto {
  @ApiProperty() roundId!: string;
  @ApiProperty() synthetic!: boolean;
  @ApiProperty() zoneId!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: 'integer' }) nationalRank!: number;
  @ApiProperty({ type: 'integer' }) regionalRank!: number;
  @ApiProperty({ type: [ContributionDto] }) contributions!: ContributionDto[];
}

class ZoneRankUncertaintyDto {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ enum: REGIONS }) region!: string;
  @ApiProperty({ type: 'integer', description: '5th percentile of its rank' }) rankLow!: number;
  @ApiProperty({ type: 'integer', description: '95th percentile of its rank' })
  rankHigh!: number;
  @ApiProperty() medianRank!: number;
  @ApiProperty({ description: 'Share of draws in the top 30' }) topShare!: number;
  @ApiProperty({ description: "Share of draws in its region's bottom 5" })
  regionalBottomShare!: number;
}

export class UncertaintyDto {
  @ApiProperty() roundId!: string;
  @ApiProperty() synthetic!: boolean;
  @ApiProperty({ type: [ZoneRankUncertaintyDto] }) zones!: ZoneRankUncertaintyDto[];
}

class WhatIfZoneDto {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ enum: REGIONS }) region!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: 'integer' }) nationalRank!: number;
  @ApiProperty({ type: 'integer' }) regionalRank!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: "Its rank in the round's scoring" })
  roundRank!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'nationalRank - roundRank' })
  rankDelta!: number | null;
}

export class WhatIfResultDto {
  @ApiProperty() roundId!: string;
  @ApiProperty() synthetic!: boolean;
  @ApiProperty() methodologyId!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty() normalisation!: string;
  @ApiProperty({ type: [WhatIfZoneDto] }) zones!: WhatIfZoneDto[];
  @ApiProperty({ type: [String] }) unscored!: string[];
}

class ZoneRoundResultDto {
  @ApiProperty() roundId!: string;
  @ApiProperty({ type: CalendarDateDto }) referenceDate!: CalendarDateDto;
  @ApiProperty() synthetic!: boolean;
  @ApiProperty() published!: boolean;
  @ApiProperty({ description: 'The zone asked about, or one it absorbed later' }) zoneId!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: 'integer' }) nationalRank!: number;
  @ApiProperty({ type: 'integer' }) regionalRank!: number;
  @ApiProperty({ type: [DimensionScoreDto] }) dimensions!: DimensionScoreDto[];
  @ApiPropertyOptional() scoreDelta?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'Negative: the zone climbed' })
  rankDelta?: number;
  @ApiProperty() exitWarning!: boolean;
  @ApiPropertyOptional({ type: 'integer', description: "MofCOM's published rank" })
  publishedRank?: number;
}

export class ZoneAssessmentHistoryDto {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ type: [ZoneRoundResultDto] }) items!: ZoneRoundResultDto[];
}

class PopulationZoneDto {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ enum: REGIONS }) region!: string;
}

export class PopulationDto {
  @ApiProperty() roundId!: string;
  @ApiProperty({ type: CalendarDateDto }) referenceDate!: CalendarDateDto;
  @ApiProperty({ type: [PopulationZoneDto], description: 'By zone id' })
  items!: PopulationZoneDto[];
}

class ZoneStandingDto {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ enum: REGIONS }) region!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: 'integer' }) nationalRank!: number;
  @ApiProperty({ type: 'integer' }) regionalRank!: number;
}

class ScoreChangePartsDto {
  @ApiProperty({ description: "C's methodology on P's population and values" })
  methodology!: number;
  @ApiProperty({ description: "C's population (entries, exits, mergers), P's values" })
  population!: number;
  @ApiProperty({ description: "Other zones' current values" }) otherZonesData!: number;
  @ApiProperty({ description: "The zone's own current values" }) ownData!: number;
}

class IndicatorChangeDto {
  @ApiProperty() indicatorKey!: string;
  @ApiProperty({ type: 'number', nullable: true, description: 'Given or imputed; null: missing' })
  previousValue!: number | null;
  @ApiProperty({ type: 'number', nullable: true }) currentValue!: number | null;
  @ApiProperty({ type: 'number', nullable: true }) valueDelta!: number | null;
  @ApiProperty() previousImputed!: boolean;
  @ApiProperty() currentImputed!: boolean;
  @ApiProperty() previousWeight!: number;
  @ApiProperty() currentWeight!: number;
  @ApiProperty() previousContribution!: number;
  @ApiProperty() currentContribution!: number;
  @ApiProperty() contributionDelta!: number;
}

export class ScoreChangeDto {
  @ApiProperty() zoneId!: string;
  @ApiProperty({
    description: 'The zone whose earlier result it continues (itself, or one it absorbed)',
  })
  previousZoneId!: string;
  @ApiProperty() previousRoundId!: string;
  @ApiProperty() currentRoundId!: string;
  @ApiProperty({ description: 'True when either round is scored on generated values' })
  synthetic!: boolean;
  @ApiProperty({ description: 'False: the change cannot be split (see reason)' })
  comparable!: boolean;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ description: 'The parts summed' }) change?: number;
  @ApiPropertyOptional({ type: ScoreChangePartsDto }) parts?: ScoreChangePartsDto;
  @ApiPropertyOptional({ type: ZoneStandingDto, nullable: true }) previous?: ZoneStandingDto | null;
  @ApiPropertyOptional({ type: ZoneStandingDto, nullable: true }) current?: ZoneStandingDto | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'Negative: it climbed' })
  rankDelta?: number | null;
  @ApiProperty({ type: [IndicatorChangeDto], description: 'Largest contribution change first' })
  topMovers!: IndicatorChangeDto[];
}
