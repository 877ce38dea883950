import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDateDto, Nested, NestedList, Optional, Text } from '@zoneledger/platform';
import { ArrayMaxSize, IsArray, IsIn, Matches } from 'class-validator';
import { MeasureDto, PolicyScopeDto } from './policy-content.dto';
import { POLICY_ID_PATTERN, POLICY_KINDS, THEMES } from './policy-vocabulary';

/** POST /v1/policies: a policy document as issued, its version 1. */
export class IssuePolicyDto {
  @ApiPropertyOptional({
    description: 'Chosen by the client; generated when absent (from the Idempotency-Key if any)',
    example: 'gf-2019-11',
    pattern: POLICY_ID_PATTERN.source,
  })
  @Optional()
  @Matches(POLICY_ID_PATTERN, { message: 'policyId must be lower-case letters, digits and -' })
  policyId?: string;

  @ApiProperty({
    example: '国发〔2019〕11号',
    maxLength: 100,
    description: 'Unique per issuer (409 POLICY.DOCUMENT_NUMBER_TAKEN)',
  })
  @Text({ max: 100 })
  documentNumber!: string;

  @ApiProperty({ example: '国务院关于推进国家级经济技术开发区创新提升…的意见', maxLength: 500 })
  @Text({ max: 500 })
  titleZh!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @Text({ min: 0, max: 500 })
  titleEn?: string;

  @ApiProperty({ example: '国务院', maxLength: 100, description: 'The issuing body in Chinese' })
  @Text({ max: 100 })
  issuer!: string;

  @ApiProperty({ enum: POLICY_KINDS }) @IsIn(POLICY_KINDS) kind!: (typeof POLICY_KINDS)[number];

  @ApiProperty({ type: CalendarDateDto, description: 'Signed on; a day that has come' })
  @Nested(() => CalendarDateDto)
  issuedOn!: CalendarDateDto;

  @ApiPropertyOptional({ type: CalendarDateDto, description: 'Not before issuedOn' })
  @Optional()
  @Nested(() => CalendarDateDto)
  publishedOn?: CalendarDateDto;

  @ApiPropertyOptional({
    type: CalendarDateDto,
    description: 'Not before issuedOn; absent: from issuedOn',
  })
  @Optional()
  @Nested(() => CalendarDateDto)
  effectiveOn?: CalendarDateDto;

  @ApiPropertyOptional({
    type: CalendarDateDto,
    description: 'Its last day; not before it takes effect',
  })
  @Optional()
  @Nested(() => CalendarDateDto)
  expiresOn?: CalendarDateDto;

  @ApiPropertyOptional({ enum: THEMES, isArray: true, maxItems: 20 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(THEMES, { each: true })
  themes?: string[];

  @ApiPropertyOptional({ type: [MeasureDto], maxItems: 200 })
  @Optional()
  @NestedList(() => MeasureDto, { max: 200, item: 'measure' })
  measures?: MeasureDto[];

  @ApiPropertyOptional({ type: PolicyScopeDto })
  @Optional()
  @Nested(() => PolicyScopeDto)
  scope?: PolicyScopeDto;

  @ApiPropertyOptional({
    description: 'The policy this one implements (e.g. provincial rules of a central policy)',
    pattern: POLICY_ID_PATTERN.source,
  })
  @Optional()
  @Matches(POLICY_ID_PATTERN, { message: 'implementsPolicyId must be a policy id' })
  implementsPolicyId?: string;
}
