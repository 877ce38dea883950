import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CalendarDate } from '@zoneledger/shared-kernel';
import { POLICY_STATUSES } from '../../queries/policy-list.query';
import { LISTED_POLICY_KINDS } from './policy-queries.dto';

/** A date as documents state it: a year, a year and month, or a full date. */
class DocumentDateDto {
  @ApiProperty({ type: 'integer', example: 2019 }) year!: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 12, example: 5 }) month?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 31, example: 28 }) day?: number;
}

const DOCUMENT_DATE = { type: DocumentDateDto };

const SCOPE_CLAUSES = ['named_zone', 'zone_kind', 'zone_level', 'province', 'region'];

/** The two times a read was asked about. */
class ReadTimesDto {
  @ApiProperty({ format: 'date', example: '2024-01-01', description: 'Valid time' })
  inForceOn!: string;
  @ApiProperty({ format: 'date-time', description: 'Recorded time' }) asOf!: Date;
}

/** A merger that brought a policy to the zone asked about. */
export class PolicyInheritanceDto {
  @ApiProperty({ description: 'The absorbed zone the policy applied to' }) zoneId!: string;
  @ApiProperty() mergerId!: string;
  @ApiProperty({ format: 'date', example: '2021-06-01' }) mergedOn!: string;
}

/** Why a policy applies to a zone. */
export class PolicyApplicationDto {
  @ApiProperty({ description: 'The zone the scope covers: the one asked about or one it absorbed' })
  zoneId!: string;
  @ApiProperty({
    enum: SCOPE_CLAUSES,
    isArray: true,
    description: 'The scope criteria that hold; none: the scope covers every zone',
  })
  matchedBy!: string[];
  @ApiPropertyOptional({ type: PolicyInheritanceDto, description: 'Set when inherited by merger' })
  inheritedFrom?: PolicyInheritanceDto;
}

/** A policy's version in force. */
export class PolicyVersionInForceDto {
  @ApiProperty({ example: 'gf-2019-11' }) policyId!: string;
  @ApiProperty({ example: 'gf-2019-11/v1', description: 'Stable identifier: policy id + version' })
  versionId!: string;
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty({ example: '国发〔2019〕11号' }) documentNumber!: string;
  @ApiProperty({ example: '国务院' }) issuer!: string;
  @ApiProperty({ enum: LISTED_POLICY_KINDS }) kind!: string;
  @ApiProperty() titleZh!: string;
  @ApiPropertyOptional() titleEn?: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: [String] }) measures!: string[];
  @ApiProperty(DOCUMENT_DATE) issuedOn!: CalendarDate;
  @ApiProperty({ ...DOCUMENT_DATE, description: 'From when this version applies' })
  effectiveOn!: CalendarDate;
  @ApiPropertyOptional({ ...DOCUMENT_DATE, description: 'The last day it applies' })
  expiresOn?: CalendarDate;
}

/** A policy in force for a zone, and why. */
export class ZonePolicyDto extends PolicyVersionInForceDto {
  @ApiProperty({ type: PolicyApplicationDto }) appliesThrough!: PolicyApplicationDto;
}

/** The policies in force for a zone. */
export class ZonePoliciesDto extends ReadTimesDto {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ type: [ZonePolicyDto] }) items!: ZonePolicyDto[];
}

/** A zone a policy applies to, as it stood on the day asked. */
export class PolicyZoneDto {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ example: 'ZONE_KIND_ETDZ' }) kind!: string;
  @ApiProperty({ example: 'ZONE_LEVEL_NATIONAL' }) level!: string;
  @ApiProperty({ example: '江苏省' }) province!: string;
  @ApiProperty({ example: 'REGION_EAST' }) region!: string;
  @ApiProperty({ enum: ['active', 'downgraded'] }) status!: string;
  @ApiProperty({
    enum: SCOPE_CLAUSES,
    isArray: true,
    description: 'The scope criteria that hold (of the absorbed zone, for an heir)',
  })
  matchedBy!: string[];
  @ApiPropertyOptional({
    type: PolicyInheritanceDto,
    description: 'Set when the zone has the policy as heir of a zone it absorbed',
  })
  inheritedFrom?: PolicyInheritanceDto;
}

/** A page of the zones a policy applies to. */
export class PolicyZonesDto extends ReadTimesDto {
  @ApiProperty() policyId!: string;
  @ApiProperty({
    enum: ['not_yet_effective', 'in_force', 'expired', 'superseded', 'repealed'],
    description: 'Where the policy stood on inForceOn, as known at asOf',
  })
  standing!: string;
  @ApiPropertyOptional({
    type: PolicyVersionInForceDto,
    description: 'The version in force; absent when the policy was not in force',
  })
  version?: PolicyVersionInForceDto;
  @ApiProperty({ type: [PolicyZoneDto] }) items!: PolicyZoneDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

/** A policy as lists show it. */
export class PolicySummaryDto {
  @ApiProperty() policyId!: string;
  @ApiProperty() documentNumber!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ enum: LISTED_POLICY_KINDS }) kind!: string;
  @ApiProperty(DOCUMENT_DATE) issuedOn!: CalendarDate;
  @ApiProperty({ type: 'integer', description: 'Its newest version as known now' })
  latestVersion!: number;
  @ApiProperty() titleZh!: string;
  @ApiPropertyOptional() titleEn?: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ enum: POLICY_STATUSES, description: 'Where it stands today' }) status!: string;
}

/** A page of policies. */
export class PolicyPageDto {
  @ApiProperty({ type: [PolicySummaryDto] }) items!: PolicySummaryDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

/** A policy linked to another. */
export class LinkedPolicyDto {
  @ApiProperty() policyId!: string;
  @ApiProperty() documentNumber!: string;
  @ApiProperty() titleZh!: string;
}

/** A supersession, from its effective date. */
export class SupersessionDto extends LinkedPolicyDto {
  @ApiProperty(DOCUMENT_DATE) effectiveOn!: CalendarDate;
}

/** A policy's links. */
export class PolicyLinksDto {
  @ApiProperty() policyId!: string;
  @ApiPropertyOptional({ type: LinkedPolicyDto, description: 'The policy it implements' })
  implements?: LinkedPolicyDto;
  @ApiProperty({ type: [LinkedPolicyDto], description: 'Policies implementing it' })
  implementedBy!: LinkedPolicyDto[];
  @ApiPropertyOptional({ type: SupersessionDto, description: 'The policy superseding it' })
  supersededBy?: SupersessionDto;
  @ApiProperty({ type: [SupersessionDto], description: 'Policies it superseded' })
  supersedes!: SupersessionDto[];
}
