import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  PolicyAutonomyGrantPage,
  PolicyAutonomyGrantView,
} from '../../policy-events/autonomy-grants.query';
import { AUTONOMY_GRANT_OUTCOMES } from './autonomy-grant-queries.dto';
import { CalendarDateDto } from './calendar-date.dto';

/** One zone's share of a policy's autonomy grant and what the register made of it. */
export class PolicyAutonomyGrantDto implements PolicyAutonomyGrantView {
  @ApiProperty({ example: 'gf-2019-11' }) policyId!: string;
  @ApiProperty({ example: 'suzhou-industrial-park' }) zoneId!: string;
  @ApiProperty({ example: '土地集约利用审批权' }) power!: string;
  @ApiProperty({ type: CalendarDateDto }) effectiveOn!: CalendarDateDto;
  @ApiProperty({ enum: AUTONOMY_GRANT_OUTCOMES })
  outcome!: (typeof AUTONOMY_GRANT_OUTCOMES)[number];

  @ApiPropertyOptional({
    type: 'integer',
    description: "The zone stream's version once it held the power; absent when rejected",
  })
  zoneVersion?: number;

  @ApiPropertyOptional({
    example: 'ZONE.NOT_ACTIVE',
    description: "The register's error code; only when rejected",
  })
  errorCode?: string;

  @ApiPropertyOptional({ description: 'Why it was rejected; only when rejected' })
  detail?: string;

  @ApiProperty({ description: 'The CloudEvent id of the policy event that asked for it' })
  policyEventId!: string;

  @ApiProperty() decidedAt!: Date;
}

/** One page of autonomy-grant outcomes and how many match in all. */
export class PolicyAutonomyGrantPageDto implements PolicyAutonomyGrantPage {
  @ApiProperty({ type: [PolicyAutonomyGrantDto] }) items!: PolicyAutonomyGrantDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer', example: 50 }) limit!: number;
  @ApiProperty({ type: 'integer', example: 0 }) offset!: number;
}
