import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Nested, Optional, Text } from '@zoneledger/platform';
import { ArrayMaxSize, IsArray, IsIn } from 'class-validator';
import { CalendarDateDto } from './calendar-date.dto';
import { ZONE_KINDS } from './zone-vocabulary';

// The bodies of the commands on one zone; the zone id is the path's.

/** PATCH /v1/zones/{id}/profile: fields left out stay. */
export class UpdateZoneProfileDto {
  @ApiPropertyOptional({ example: '江苏省', maxLength: 50 })
  @Optional()
  @Text({ max: 50 })
  province?: string;
  @ApiPropertyOptional({ example: '苏州市', maxLength: 100 })
  @Optional()
  @Text({ max: 100 })
  city?: string;
  @ApiProperty({ example: 'Wujiang became a district of Suzhou', maxLength: 500 })
  @Text({ max: 500 })
  reason!: string;
}

/** PUT /v1/zones/{id}/industry-focus: the whole list (empty clears it). */
export class SetIndustryFocusDto {
  @ApiProperty({ type: [String], example: ['集成电路', '纳米技术'], maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  @Text({ max: 100, each: true })
  industryFocus!: string[];

  @ApiPropertyOptional({ type: CalendarDateDto })
  @Optional()
  @Nested(() => CalendarDateDto)
  effectiveOn?: CalendarDateDto;
}

/** What every dated change to a zone states. */
class DatedChangeDto {
  @ApiProperty({ type: CalendarDateDto })
  @Nested(() => CalendarDateDto)
  effectiveOn!: CalendarDateDto;
}

/** POST /v1/zones/{id}/upgrade. */
export class UpgradeZoneDto extends DatedChangeDto {
  @ApiPropertyOptional({
    enum: ZONE_KINDS,
    description: 'The kind after the upgrade; unchanged when absent',
  })
  @Optional()
  @IsIn(ZONE_KINDS)
  kind?: (typeof ZONE_KINDS)[number];

  @ApiProperty({ example: 'state-council-2010-1', maxLength: 100 })
  @Text({ max: 100 })
  basisPolicyId!: string;
}

/** POST /v1/zones/{id}/downgrade. */
export class DowngradeZoneDto extends DatedChangeDto {
  @ApiPropertyOptional({ maxLength: 100 }) @Optional() @Text({ max: 100 }) basisPolicyId?: string;
  @ApiProperty({ maxLength: 500 }) @Text({ max: 500 }) reason!: string;
}

/** POST /v1/zones/{id}/exit. */
export class ExitZoneDto extends DatedChangeDto {
  @ApiProperty({ maxLength: 100 }) @Text({ max: 100 }) basisPolicyId!: string;
  @ApiProperty({ maxLength: 500 }) @Text({ max: 500 }) reason!: string;
}

/** POST /v1/zones/{id}/renames: an official renaming; the names must be free at the zone's level. */
export class RenameZoneDto extends DatedChangeDto {
  @ApiProperty({ example: '苏州工业园区', maxLength: 200 }) @Text({ max: 200 }) nameZh!: string;
  @ApiProperty({
    example: 'Suzhou Industrial Park',
    maxLength: 200,
    description: 'Empty when no English name is known',
  })
  @Text({ min: 0, max: 200 })
  nameEn!: string;
  @ApiPropertyOptional({ example: 'state-council-2019-5', maxLength: 100 })
  @Optional()
  @Text({ max: 100 })
  basisPolicyId?: string;
}

/**
 * POST /v1/zones/{id}/corrections: what the register got wrong; fields left out stay. Accepted
 * whatever the zone's status, merged and exited too.
 */
export class CorrectZoneDto {
  @ApiPropertyOptional({ example: '苏州工业园区', maxLength: 200 })
  @Optional()
  @Text({ max: 200 })
  nameZh?: string;
  @ApiPropertyOptional({
    example: 'Suzhou Industrial Park',
    maxLength: 200,
    description: 'Empty when no English name is known',
  })
  @Optional()
  @Text({ min: 0, max: 200 })
  nameEn?: string;
  @ApiPropertyOptional({ description: 'Official ("江苏省") or short ("江苏") name', maxLength: 50 })
  @Optional()
  @Text({ max: 50 })
  province?: string;
  @ApiPropertyOptional({ example: '苏州市', maxLength: 100 })
  @Optional()
  @Text({ max: 100 })
  city?: string;

  @ApiPropertyOptional({
    type: CalendarDateDto,
    nullable: true,
    description: 'Approval at the current level; null when it is not known after all',
  })
  @Optional({ nullable: true })
  @Nested(() => CalendarDateDto)
  approvedOn?: CalendarDateDto | null;

  @ApiProperty({ example: 'The English name was mistransliterated', maxLength: 500 })
  @Text({ max: 500 })
  reason!: string;
}

/** POST /v1/zones/{id}/autonomy-grants. */
export class GrantAutonomyDto extends DatedChangeDto {
  @ApiProperty({ example: '土地集约利用审批权', maxLength: 200 })
  @Text({ max: 200 })
  power!: string;
  @ApiProperty({ maxLength: 100 }) @Text({ max: 100 }) policyId!: string;
}
