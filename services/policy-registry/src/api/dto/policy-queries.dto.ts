import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PolicyKindSchema } from '@zoneledger/contracts';
import {
  Optional,
  PageQueryDto,
  QueryDate,
  QueryDateTime,
  Text,
  type QueryDay,
} from '@zoneledger/platform';
import { IsIn } from 'class-validator';
import { POLICY_STATUSES } from '../../queries/policy-list.query';

/** The policy kinds a filter names (the proto enum's value names but its zero value). */
export const LISTED_POLICY_KINDS = PolicyKindSchema.values
  .map((value) => value.name)
  .filter((name) => name !== 'POLICY_KIND_UNSPECIFIED');

/** `?inForceOn=&asOf=`: the day asked about (valid time) as known at a moment (recorded time). */
export class InForceQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2024-01-01',
    description: 'The day asked about (valid time); default today in China',
  })
  @Optional()
  @QueryDate()
  inForceOn?: QueryDay;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Read as the register knew things at this moment (recorded time); default now',
  })
  @Optional()
  @QueryDateTime()
  asOf?: Date;
}

/** GET /v1/policies/{policyId}/zones: the two times and a page. */
export class PolicyZonesQueryDto extends IntersectionType(InForceQueryDto, PageQueryDto) {}

/** GET /v1/policies: filters (all must hold) and a page. */
export class ListPoliciesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'The issuing body, as recorded', example: '国务院' })
  @Optional()
  @Text({ max: 100 })
  issuer?: string;

  @ApiPropertyOptional({ enum: LISTED_POLICY_KINDS })
  @Optional()
  @IsIn(LISTED_POLICY_KINDS)
  kind?: string;

  @ApiPropertyOptional({ description: 'A theme the policy is filed under' })
  @Optional()
  @Text({ max: 100 })
  theme?: string;

  @ApiPropertyOptional({ enum: POLICY_STATUSES, description: 'Where the policy stands today' })
  @Optional()
  @IsIn(POLICY_STATUSES)
  status?: (typeof POLICY_STATUSES)[number];

  @ApiPropertyOptional({ type: String, format: 'date', description: 'Issued on or after' })
  @Optional()
  @QueryDate()
  issuedFrom?: QueryDay;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'Issued on or before' })
  @Optional()
  @QueryDate()
  issuedTo?: QueryDay;

  @ApiPropertyOptional({ description: 'Only policies in force today for this zone' })
  @Optional()
  @Text({ max: 200 })
  appliesToZone?: string;

  @ApiPropertyOptional({
    description: 'Part of a title (Chinese or English) or of a measure',
    example: '开发区',
  })
  @Optional()
  @Text({ max: 100 })
  q?: string;
}
