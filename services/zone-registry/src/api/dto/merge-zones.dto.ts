import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Nested, Optional, Text } from '@zoneledger/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { MergerResult } from '../../application/merge-zones.handler';
import { CalendarDateDto } from './calendar-date.dto';
import { MERGER_KINDS, ZONE_ID_PATTERN, ZONE_KINDS, ZONE_LEVELS } from './zone-vocabulary';

/** The zone a merger creates. */
export class NewZoneDto {
  @ApiProperty({ maxLength: 200 }) @Text({ max: 200 }) nameZh!: string;
  @ApiProperty({ maxLength: 200, description: 'Empty when no English name is known' })
  @Text({ min: 0, max: 200 })
  nameEn!: string;
  @ApiProperty({ enum: ZONE_KINDS }) @IsIn(ZONE_KINDS) kind!: (typeof ZONE_KINDS)[number];
  @ApiProperty({ enum: ZONE_LEVELS }) @IsIn(ZONE_LEVELS) level!: (typeof ZONE_LEVELS)[number];
  @ApiProperty({ maxLength: 50 }) @Text({ max: 50 }) province!: string;
  @ApiPropertyOptional({ maxLength: 100 }) @Optional() @Text({ max: 100 }) city?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 50 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @Text({ max: 100, each: true })
  industryFocus?: string[];
}

/** The version of an involved zone: the ETag a client based a merger on, or the one after it. */
export class ZoneVersionDto {
  @ApiProperty() @Matches(ZONE_ID_PATTERN) zoneId!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 2147483647 })
  @IsInt()
  @Min(0)
  @Max(2147483647)
  version!: number;
}

/** POST /v1/mergers. */
export class MergeZonesDto {
  @ApiPropertyOptional({ description: 'Chosen by the client; generated when absent' })
  @Optional()
  @Matches(ZONE_ID_PATTERN)
  mergerId?: string;

  @ApiPropertyOptional({
    description:
      "The existing surviving zone; with newZone, the new zone's id (generated when absent)",
  })
  @ValidateIf(
    (merger: MergeZonesDto) => merger.newZone === undefined || merger.survivingZoneId !== undefined,
  )
  @Matches(ZONE_ID_PATTERN)
  survivingZoneId?: string;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 50,
    description: 'The zones the survivor absorbs',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(ZONE_ID_PATTERN, { each: true })
  absorbedZoneIds!: string[];

  @ApiPropertyOptional({
    type: NewZoneDto,
    description: 'Set when the merger creates the surviving zone',
  })
  @Optional()
  @Nested(() => NewZoneDto)
  newZone?: NewZoneDto;

  @ApiProperty({ type: CalendarDateDto })
  @Nested(() => CalendarDateDto)
  effectiveOn!: CalendarDateDto;

  @ApiProperty({ enum: MERGER_KINDS }) @IsIn(MERGER_KINDS) kind!: (typeof MERGER_KINDS)[number];
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @Text({ max: 100 })
  basisPolicyId?: string;

  @ApiPropertyOptional({
    type: [ZoneVersionDto],
    description:
      'Versions of involved zones the merger is based on; a zone changed since makes it 409. Zones left out are taken as read.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(51)
  @ValidateNested({ each: true })
  @Type(() => ZoneVersionDto)
  expectedVersions?: ZoneVersionDto[];
}

/** What a merger recorded. */
export class MergerResultDto implements MergerResult {
  @ApiProperty() mergerId!: string;
  @ApiProperty({ description: 'The existing or the new zone that absorbed the others' })
  survivingZoneId!: string;

  @ApiProperty({
    type: [ZoneVersionDto],
    description:
      "Each involved zone's stream version after the merger (now, when replayed), the survivor first",
  })
  zones!: ZoneVersionDto[];

  @ApiProperty({
    description: 'True when an earlier request with the same Idempotency-Key answered',
  })
  replayed!: boolean;
}
