import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MAX_PAGE_OFFSET as MAX_OFFSET, Optional, QueryInteger, Text } from '@zoneledger/platform';

export const AUTONOMY_GRANT_OUTCOMES = ['granted', 'already_granted', 'rejected'] as const;

/** GET /v1/policy-autonomy-grants: filters (all must hold) and a page. */
export class ListPolicyAutonomyGrantsQueryDto {
  @ApiPropertyOptional({ description: 'The granting policy (a policy id in the policy-registry)' })
  @Optional()
  @Text({ max: 200 })
  policyId?: string;

  @ApiPropertyOptional({ description: 'The zone granted the power' })
  @Optional()
  @Text({ max: 200 })
  zoneId?: string;

  @ApiPropertyOptional({ enum: AUTONOMY_GRANT_OUTCOMES })
  @Optional()
  @IsIn(AUTONOMY_GRANT_OUTCOMES)
  outcome?: (typeof AUTONOMY_GRANT_OUTCOMES)[number];

  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 500 })
  @Optional()
  @QueryInteger({ min: 1, max: 500 })
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: MAX_OFFSET })
  @Optional()
  @QueryInteger({ min: 0, max: MAX_OFFSET })
  offset?: number;
}
