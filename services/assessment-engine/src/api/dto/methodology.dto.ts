import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NestedList, Optional, Text } from '@zoneledger/platform';
import { IsBoolean, IsIn, IsInt, IsNumber, Matches, Max, Min } from 'class-validator';
import { AGGREGATIONS, DIRECTIONS, MISSING_VALUE_POLICIES, NORMALISATIONS } from '../../domain';

/** Keys of methodologies, dimensions, indicators and rounds: lower-case words joined by - . */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;
const KEY_MESSAGE = '$property must be lower-case letters, digits and -';
const FINITE = { allowNaN: false, allowInfinity: false };

/** One indicator of a dimension. */
export class IndicatorDto {
  @ApiProperty({ example: 'fdi-used', pattern: KEY_PATTERN.source })
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  key!: string;

  @ApiProperty({ example: 'Foreign investment actually used', maxLength: 200 })
  @Text({ max: 200 })
  nameEn!: string;

  @ApiPropertyOptional({ example: '实际使用外资', maxLength: 200 })
  @Optional()
  @Text({ max: 200 })
  nameZh?: string;

  @ApiProperty({ example: 'USD 100m', maxLength: 50 })
  @Text({ max: 50 })
  unit!: string;

  @ApiProperty({ enum: DIRECTIONS })
  @IsIn(DIRECTIONS)
  direction!: (typeof DIRECTIONS)[number];

  @ApiProperty({ example: 0.25, description: "Within its dimension; the dimension's sum to 1" })
  @IsNumber(FINITE)
  weight!: number;

  @ApiPropertyOptional({ description: 'Whether values below zero are meaningful (default false)' })
  @Optional()
  @IsBoolean()
  allowsNegative?: boolean;

  @ApiPropertyOptional({ description: 'True when the indicator is assumed, not published' })
  @Optional()
  @IsBoolean()
  assumed?: boolean;
}

/** A dimension and its indicators. */
export class DimensionDto {
  @ApiProperty({ example: 'opening-up', pattern: KEY_PATTERN.source })
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  key!: string;

  @ApiProperty({ example: 'Opening-up', maxLength: 200 })
  @Text({ max: 200 })
  nameEn!: string;

  @ApiPropertyOptional({ example: '对外开放', maxLength: 200 })
  @Optional()
  @Text({ max: 200 })
  nameZh?: string;

  @ApiProperty({ example: 0.3, description: "In the total; the dimensions' weights sum to 1" })
  @IsNumber(FINITE)
  weight!: number;

  @ApiProperty({ type: [IndicatorDto], minItems: 1, maxItems: 100 })
  @NestedList(() => IndicatorDto, { min: 1, max: 100, item: 'indicator' })
  indicators!: IndicatorDto[];
}

/** POST /v1/methodologies: a version of a methodology (the next one of its id). */
export class CreateMethodologyDto {
  @ApiProperty({ example: 'mofcom-etdz-2021', pattern: KEY_PATTERN.source })
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  methodologyId!: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  version!: number;

  @ApiProperty({ maxLength: 300 })
  @Text({ max: 300 })
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @Text({ min: 0, max: 2000, multiline: true })
  source?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional()
  @Text({ min: 0, max: 5000, multiline: true })
  notes?: string;

  @ApiProperty({ description: 'False: the weights are assumed; rounds are not scored with them' })
  @IsBoolean()
  weightsPublished!: boolean;

  @ApiProperty({ type: [DimensionDto], minItems: 1, maxItems: 20 })
  @NestedList(() => DimensionDto, { min: 1, max: 20, item: 'dimension' })
  dimensions!: DimensionDto[];

  @ApiProperty({ enum: NORMALISATIONS })
  @IsIn(NORMALISATIONS)
  normalisation!: (typeof NORMALISATIONS)[number];

  @ApiProperty({ enum: AGGREGATIONS })
  @IsIn(AGGREGATIONS)
  aggregation!: (typeof AGGREGATIONS)[number];

  @ApiProperty({ enum: MISSING_VALUE_POLICIES })
  @IsIn(MISSING_VALUE_POLICIES)
  missingValues!: (typeof MISSING_VALUE_POLICIES)[number];
}
