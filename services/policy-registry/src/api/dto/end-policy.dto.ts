import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDateDto, Nested, Optional, Text } from '@zoneledger/platform';
import { Matches } from 'class-validator';
import { POLICY_ID_PATTERN } from './policy-vocabulary';

/** POST /v1/policies/{policyId}/supersession: a later policy supersedes this one. */
export class SupersedePolicyDto {
  @ApiProperty({
    description: 'The superseding policy, issued no earlier than this one',
    pattern: POLICY_ID_PATTERN.source,
  })
  @Matches(POLICY_ID_PATTERN, { message: 'supersededByPolicyId must be a policy id' })
  supersededByPolicyId!: string;

  @ApiPropertyOptional({
    type: CalendarDateDto,
    description: "Absent: the superseding policy's effective date, else its issue date",
  })
  @Optional()
  @Nested(() => CalendarDateDto)
  effectiveOn?: CalendarDateDto;
}

/** POST /v1/policies/{policyId}/repeal: repealed (废止) from a date, which may lie ahead. */
export class RepealPolicyDto {
  @ApiProperty({ type: CalendarDateDto, description: 'Not before the policy was issued' })
  @Nested(() => CalendarDateDto)
  effectiveOn!: CalendarDateDto;

  @ApiProperty({ example: 'Replaced by 国发〔2019〕11号', maxLength: 1000 })
  @Text({ max: 1000, multiline: true })
  reason!: string;

  @ApiPropertyOptional({
    description: 'The repealing policy, if any',
    pattern: POLICY_ID_PATTERN.source,
  })
  @Optional()
  @Matches(POLICY_ID_PATTERN, { message: 'basisPolicyId must be a policy id' })
  basisPolicyId?: string;
}

/** POST /v1/policies/{policyId}/autonomy-extensions: grant zones that entered the scope since. */
export class ExtendAutonomyDto {
  @ApiProperty({
    type: CalendarDateDto,
    description: 'From when the zones hold the powers; the policy must be in force then',
  })
  @Nested(() => CalendarDateDto)
  effectiveOn!: CalendarDateDto;

  @ApiProperty({ example: 'Huadu upgraded to a national ETDZ', maxLength: 1000 })
  @Text({ max: 1000, multiline: true })
  reason!: string;
}
