import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDateDto } from '@zoneledger/platform';
import type { PolicyCommandResult } from '../../application/policy-command';
import { MeasureDto, PolicyScopeDto } from './policy-content.dto';
import { POLICY_KINDS, THEMES } from './policy-vocabulary';

/** What a command on a policy did. */
export class PolicyCommandResultDto implements PolicyCommandResult {
  @ApiProperty({ example: 'gf-2019-11' }) policyId!: string;

  @ApiProperty({
    type: 'integer',
    example: 2,
    description: "The policy stream's version after the command (the ETag): If-Match of the next",
  })
  version!: number;

  @ApiProperty({
    type: [String],
    example: ['PolicyAmended'],
    description: 'Types of the events recorded; none when the policy already was as asked',
  })
  recorded!: string[];

  @ApiProperty({
    description: 'True when an earlier request with the same Idempotency-Key answered',
  })
  replayed!: boolean;
}

/** One version of a policy's text. */
export class PolicyVersionViewDto {
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty({ example: 'gf-2019-11/v1', description: 'Stable identifier: policy id + version' })
  versionId!: string;
  @ApiProperty({ type: CalendarDateDto }) effectiveOn!: CalendarDateDto;
  @ApiProperty() titleZh!: string;
  @ApiPropertyOptional() titleEn?: string;
  @ApiProperty({ enum: THEMES, isArray: true }) themes!: string[];
  @ApiProperty({ type: [MeasureDto] }) measures!: MeasureDto[];
  @ApiProperty({ type: PolicyScopeDto }) scope!: PolicyScopeDto;
  @ApiPropertyOptional({ type: CalendarDateDto }) expiresOn?: CalendarDateDto;
  @ApiPropertyOptional({ type: CalendarDateDto, description: 'Amendments only' })
  amendedOn?: CalendarDateDto;
  @ApiPropertyOptional({ description: 'Amendments only' }) reason?: string;
}

/** The supersession of a policy. */
export class PolicySupersessionDto {
  @ApiProperty({ type: CalendarDateDto }) effectiveOn!: CalendarDateDto;
  @ApiProperty() byPolicyId!: string;
}

/** The repeal of a policy. */
export class PolicyRepealDto {
  @ApiProperty({ type: CalendarDateDto }) effectiveOn!: CalendarDateDto;
  @ApiProperty() reason!: string;
}

export const POLICY_STANDINGS = [
  'not_yet_effective',
  'in_force',
  'expired',
  'superseded',
  'repealed',
] as const;

/** A policy folded from its event stream. */
export class PolicyViewDto {
  @ApiProperty({ example: 'gf-2019-11' }) policyId!: string;
  @ApiProperty({ type: 'integer', description: "The stream's version (the ETag)" })
  version!: number;
  @ApiProperty({ example: '国发〔2019〕11号' }) documentNumber!: string;
  @ApiProperty({ example: '国务院' }) issuer!: string;
  @ApiProperty({ enum: POLICY_KINDS }) kind!: string;
  @ApiProperty({ type: CalendarDateDto }) issuedOn!: CalendarDateDto;
  @ApiPropertyOptional({ type: CalendarDateDto }) publishedOn?: CalendarDateDto;
  @ApiPropertyOptional() implementsPolicyId?: string;
  @ApiProperty({ type: CalendarDateDto, description: 'The day the standing is for' })
  standingOn!: CalendarDateDto;
  @ApiProperty({ enum: POLICY_STANDINGS }) standing!: string;
  @ApiPropertyOptional({
    type: PolicyVersionViewDto,
    description: 'The version applying on standingOn (in force, or the one that expired)',
  })
  versionInForce?: PolicyVersionViewDto;
  @ApiProperty({ type: [PolicyVersionViewDto], description: 'Every version, oldest first' })
  versions!: PolicyVersionViewDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    description: 'Per power, the zones granted it',
  })
  grantedZones!: Record<string, string[]>;
  @ApiPropertyOptional({ type: PolicySupersessionDto }) superseded?: PolicySupersessionDto;
  @ApiPropertyOptional({ type: PolicyRepealDto }) repealed?: PolicyRepealDto;
}

/** One event of a policy's stream. */
export class PolicyHistoryEntryDto {
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({
    enum: [
      'PolicyIssued',
      'PolicyAmended',
      'PolicySuperseded',
      'PolicyRepealed',
      'PolicyAutonomyExtended',
    ],
  })
  type!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event as recorded (the proto JSON of zoneledger.policy.v1.<type>)',
  })
  data!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: Date;
  @ApiPropertyOptional({ description: 'Who recorded it' }) actor?: string;
}
