import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDateDto, Nested, NestedList, Optional, Text } from '@zoneledger/platform';
import { REGIONS, ZONE_ID_PATTERN, ZONE_KINDS, ZONE_LEVELS } from '@zoneledger/shared-kernel';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsDefined,
  IsObject,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { NORMALISATIONS } from '../../domain';
import { KEY_PATTERN } from './methodology.dto';

const KEY_MESSAGE = '$property must be lower-case letters, digits and -';
const ZONE_MESSAGE = 'zoneId must be lower-case letters, digits and -';
const FINITE = { allowNaN: false, allowInfinity: false };

/** The most zones one bulk submission names, and the most values it gives a zone. */
export const MAX_SUBMITTED_ZONES = 20000;
export const MAX_VALUES_PER_ZONE = 200;

/** POST /v1/rounds: open an assessment round. */
export class OpenRoundDto {
  @ApiProperty({ example: '2023', pattern: KEY_PATTERN.source })
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  roundId!: string;

  @ApiProperty({ example: 'mofcom-etdz-2021', pattern: KEY_PATTERN.source })
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  methodologyId!: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  methodologyVersion!: number;

  @ApiProperty({
    type: CalendarDateDto,
    description: 'The day the population is resolved at (zones in the register then)',
  })
  @Nested(() => CalendarDateDto)
  referenceDate!: CalendarDateDto;

  @ApiProperty({ description: 'True for generated demo values; every answer about it says so' })
  @IsBoolean()
  synthetic!: boolean;

  @ApiPropertyOptional({
    enum: ZONE_KINDS,
    isArray: true,
    minItems: 1,
    maxItems: 10,
    description: 'Default: ETDZs',
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(ZONE_KINDS, { each: true })
  zoneKinds?: (typeof ZONE_KINDS)[number][];

  @ApiPropertyOptional({
    enum: ZONE_LEVELS,
    isArray: true,
    minItems: 1,
    maxItems: 2,
    description: 'Default: national',
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(ZONE_LEVELS, { each: true })
  zoneLevels?: (typeof ZONE_LEVELS)[number][];
}

/** One indicator value. */
export class IndicatorValueDto {
  @ApiProperty({ example: 'fdi-used', pattern: KEY_PATTERN.source })
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  indicatorKey!: string;

  @ApiProperty({ example: 12.5, description: 'A finite number in the indicator’s unit' })
  @IsNumber(FINITE)
  value!: number;

  @ApiProperty({ example: 'USD 100m', maxLength: 50, description: 'The methodology’s unit' })
  @Text({ max: 50 })
  unit!: string;

  @ApiProperty({ example: 'zone statistics bureau', maxLength: 200 })
  @Text({ max: 200 })
  source!: string;
}

/** One zone's values. */
export class ZoneSubmissionDto {
  @ApiProperty({ example: 'suzhou-industrial-park', pattern: ZONE_ID_PATTERN.source })
  @Matches(ZONE_ID_PATTERN, { message: ZONE_MESSAGE })
  zoneId!: string;

  @ApiProperty({ type: [IndicatorValueDto], minItems: 1, maxItems: MAX_VALUES_PER_ZONE })
  @NestedList(() => IndicatorValueDto, { min: 1, max: MAX_VALUES_PER_ZONE, item: 'value' })
  values!: IndicatorValueDto[];
}

/** POST /v1/rounds/{roundId}/indicators: zones' values, all recorded or none. */
export class SubmitIndicatorsDto {
  @ApiProperty({ type: [ZoneSubmissionDto], minItems: 1, maxItems: MAX_SUBMITTED_ZONES })
  @NestedList(() => ZoneSubmissionDto, { min: 1, max: MAX_SUBMITTED_ZONES, item: 'submission' })
  submissions!: ZoneSubmissionDto[];
}

/** POST /v1/rounds/{roundId}/corrections: a new version of one value. */
export class CorrectIndicatorDto extends IndicatorValueDto {
  @ApiProperty({ example: 'suzhou-industrial-park', pattern: ZONE_ID_PATTERN.source })
  @Matches(ZONE_ID_PATTERN, { message: ZONE_MESSAGE })
  zoneId!: string;

  @ApiProperty({ example: 'revised yearbook figure', maxLength: 1000 })
  @Text({ max: 1000, multiline: true })
  reason!: string;
}

/** A row of a published ranking, as published. */
export class PublishedRowDto {
  @ApiProperty({ example: 1, minimum: 1, maximum: 100000 })
  @IsInt()
  @Min(1)
  @Max(100000)
  rank!: number;

  @ApiProperty({ example: '苏州工业园区', maxLength: 200 })
  @Text({ max: 200 })
  nameZh!: string;

  @ApiPropertyOptional({ example: 'Suzhou Industrial Park', maxLength: 200 })
  @Optional()
  @Text({ max: 200 })
  nameEn?: string;
}

/** POST /v1/rounds/{roundId}/published-ranking: MofCOM's published ranks, as facts. */
export class ImportPublishedRankingDto {
  @ApiPropertyOptional({ type: CalendarDateDto })
  @Optional()
  @Nested(() => CalendarDateDto)
  publishedOn?: CalendarDateDto;

  @ApiPropertyOptional({ example: 230, minimum: 1, maximum: 100000 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100000)
  zonesAssessed?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @Text({ max: 500 })
  source?: string;

  @ApiProperty({ type: [PublishedRowDto], minItems: 1, maxItems: 10000 })
  @NestedList(() => PublishedRowDto, { min: 1, max: 10000, item: 'row' })
  rows!: PublishedRowDto[];
}

/** A dimension's weight in a what-if. */
export class DimensionWeightDto {
  @ApiProperty({ example: 'opening-up', pattern: KEY_PATTERN.source })
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  key!: string;

  @ApiProperty({ example: 0.4 })
  @IsNumber(FINITE)
  weight!: number;
}

// A what-if changes the weights, the normalisation or both: a body naming neither (none at all,
// or one the JSON parser did not read) asks nothing and is refused.
const CHANGES_NOTHING = 'a what-if changes dimensionWeights or normalisation (or both)';

/** POST /v1/rounds/{roundId}/what-if: score the round another way, recording nothing. */
export class WhatIfDto {
  @ApiPropertyOptional({
    type: [DimensionWeightDto],
    maxItems: 20,
    description:
      "Dimensions' new weights, each dimension once (the others kept), summing to 1 with the others; required when neither normalisation nor a methodology is given",
  })
  @ValidateIf(
    (whatIf: WhatIfDto, value) =>
      value !== undefined ||
      (whatIf.normalisation === undefined && whatIf.methodologyId === undefined),
  )
  @IsDefined({ message: CHANGES_NOTHING })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique((weight: Partial<DimensionWeightDto> | null) => weight?.key ?? weight, {
    message: 'dimensionWeights must name each dimension once',
  })
  @IsObject({ each: true, message: 'each weight must be an object' })
  @ValidateNested({ each: true })
  @Type(() => DimensionWeightDto)
  dimensionWeights?: DimensionWeightDto[];

  @ApiPropertyOptional({ enum: NORMALISATIONS })
  @Optional()
  @IsIn(NORMALISATIONS)
  normalisation?: (typeof NORMALISATIONS)[number];

  @ApiPropertyOptional({
    example: 'ccid-top100-parks',
    pattern: KEY_PATTERN.source,
    description: "Score with this methodology instead of the round's (with methodologyVersion)",
  })
  @ValidateIf(
    (whatIf: WhatIfDto, value) => value !== undefined || whatIf.methodologyVersion !== undefined,
  )
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  methodologyId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: 'With methodologyId' })
  @ValidateIf(
    (whatIf: WhatIfDto, value) => value !== undefined || whatIf.methodologyId !== undefined,
  )
  @IsInt()
  @Min(1)
  @Max(1000)
  methodologyVersion?: number;
}

/** GET /v1/rounds/{roundId}/rankings filters. */
export const RANKING_REGIONS = REGIONS;
