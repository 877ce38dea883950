import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Optional, Text } from '@zoneledger/platform';
import { ArrayMaxSize, IsArray, IsIn, Matches } from 'class-validator';
import {
  SCOPE_REGIONS,
  SCOPE_ZONE_KINDS,
  SCOPE_ZONE_LEVELS,
  ZONE_ID_PATTERN,
} from './policy-vocabulary';

/** One measure of a policy: a sentence, and the reform power it grants, if any. */
export class MeasureDto {
  @ApiProperty({ example: '赋予国家级经开区更大改革自主权', maxLength: 2000 })
  @Text({ max: 2000, multiline: true })
  text!: string;

  @ApiPropertyOptional({
    example: 'approve-foreign-investment',
    maxLength: 200,
    description: 'The reform power the measure grants to the zones in scope',
  })
  @Optional()
  @Text({ max: 200 })
  grantsPower?: string;
}

/** The zones a policy applies to: every criterion given must hold; none, every zone. */
export class PolicyScopeDto {
  @ApiPropertyOptional({ enum: SCOPE_ZONE_KINDS, isArray: true, maxItems: 10 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(SCOPE_ZONE_KINDS, { each: true })
  zoneKinds?: (typeof SCOPE_ZONE_KINDS)[number][];

  @ApiPropertyOptional({ enum: SCOPE_ZONE_LEVELS, isArray: true, maxItems: 2 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsIn(SCOPE_ZONE_LEVELS, { each: true })
  zoneLevels?: (typeof SCOPE_ZONE_LEVELS)[number][];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 31,
    example: ['江苏'],
    description: 'Official ("江苏省") or short ("江苏") names (422 POLICY.UNKNOWN_PROVINCE)',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(31)
  @Text({ max: 50, each: true })
  provinces?: string[];

  @ApiPropertyOptional({ enum: SCOPE_REGIONS, isArray: true, maxItems: 3 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn(SCOPE_REGIONS, { each: true })
  regions?: (typeof SCOPE_REGIONS)[number][];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 1000,
    description: 'Named zones (zone-registry ids; 422 POLICY.UNKNOWN_ZONE for one it lacks)',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(ZONE_ID_PATTERN, {
    each: true,
    message: 'each zone id is lower-case letters, digits and -',
  })
  zoneIds?: string[];
}
