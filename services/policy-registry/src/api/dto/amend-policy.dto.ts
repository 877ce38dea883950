import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDateDto, Nested, NestedList, Optional, Text } from '@zoneledger/platform';
import { ArrayMaxSize, IsArray, IsIn, Matches, ValidateIf } from 'class-validator';
import { MeasureDto, PolicyScopeDto } from './policy-content.dto';
import { POLICY_ID_PATTERN, THEMES } from './policy-vocabulary';

/**
 * POST /v1/policies/{policyId}/amendments: a new version of the text from `effectiveOn`. Fields
 * left out stay as the latest version has them; `expiresOn: null` clears the expiry.
 */
export class AmendPolicyDto {
  @ApiProperty({ type: CalendarDateDto, description: "The amending document's date" })
  @Nested(() => CalendarDateDto)
  amendedOn!: CalendarDateDto;

  @ApiProperty({
    type: CalendarDateDto,
    description: 'From when the new version applies; not before the version it amends',
  })
  @Nested(() => CalendarDateDto)
  effectiveOn!: CalendarDateDto;

  @ApiProperty({ example: 'Scope widened to provincial ETDZs', maxLength: 1000 })
  @Text({ max: 1000, multiline: true })
  reason!: string;

  @ApiPropertyOptional({
    description: 'The amending policy, if any',
    pattern: POLICY_ID_PATTERN.source,
  })
  @Optional()
  @Matches(POLICY_ID_PATTERN, { message: 'basisPolicyId must be a policy id' })
  basisPolicyId?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @Text({ max: 500 })
  titleZh?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @Text({ min: 0, max: 500 })
  titleEn?: string;

  @ApiPropertyOptional({ enum: THEMES, isArray: true, maxItems: 20 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(THEMES, { each: true })
  themes?: string[];

  @ApiPropertyOptional({ type: [MeasureDto], maxItems: 200, description: 'The whole new list' })
  @Optional()
  @NestedList(() => MeasureDto, { max: 200, item: 'measure' })
  measures?: MeasureDto[];

  @ApiPropertyOptional({ type: PolicyScopeDto, description: 'The whole new scope' })
  @Optional()
  @Nested(() => PolicyScopeDto)
  scope?: PolicyScopeDto;

  @ApiPropertyOptional({
    type: CalendarDateDto,
    nullable: true,
    description: 'The new last day; null clears the expiry',
  })
  @Optional({ nullable: true })
  @ValidateIf((_object, value) => value !== null)
  @Nested(() => CalendarDateDto)
  expiresOn?: CalendarDateDto | null;
}
