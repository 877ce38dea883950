import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const AUTONOMY_GRANT_OUTCOMES = ['granted', 'already_granted', 'rejected'] as const;

/** GET /v1/policy-autonomy-grants: filters (all must hold) and a page. */
export class ListPolicyAutonomyGrantsQueryDto {
  @ApiPropertyOptional({ description: 'The granting policy (a policy id in the policy-registry)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  policyId?: string;

  @ApiPropertyOptional({ description: 'The zone granted the power' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  zoneId?: string;

  @ApiPropertyOptional({ enum: AUTONOMY_GRANT_OUTCOMES })
  @IsOptional()
  @IsIn(AUTONOMY_GRANT_OUTCOMES)
  outcome?: (typeof AUTONOMY_GRANT_OUTCOMES)[number];

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
