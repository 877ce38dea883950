import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Nested, Optional, Text } from '@zoneledger/platform';
import { ArrayMaxSize, IsArray, IsIn, Matches } from 'class-validator';
import { CalendarDateDto } from './calendar-date.dto';
import { ZONE_ID_PATTERN, ZONE_KINDS, ZONE_LEVELS } from './zone-vocabulary';

/** POST /v1/zones. The province is checked by the register (422 ZONE.UNKNOWN_PROVINCE). */
export class RegisterZoneDto {
  @ApiPropertyOptional({
    description: 'Chosen by the client; a UUID is generated when absent',
    example: 'suzhou-industrial-park',
    pattern: ZONE_ID_PATTERN.source,
  })
  @Optional()
  @Matches(ZONE_ID_PATTERN, { message: 'zoneId must be lower-case letters, digits and -' })
  zoneId?: string;

  @ApiProperty({ example: '苏州工业园区', maxLength: 200 }) @Text({ max: 200 }) nameZh!: string;
  @ApiProperty({
    example: 'Suzhou Industrial Park',
    maxLength: 200,
    description: 'Empty when no English name is known',
  })
  @Text({ min: 0, max: 200 })
  nameEn!: string;
  @ApiProperty({ enum: ZONE_KINDS }) @IsIn(ZONE_KINDS) kind!: (typeof ZONE_KINDS)[number];
  @ApiProperty({ enum: ZONE_LEVELS }) @IsIn(ZONE_LEVELS) level!: (typeof ZONE_LEVELS)[number];

  @ApiProperty({
    description: 'Official ("江苏省") or short ("江苏") name',
    example: '江苏',
    maxLength: 50,
  })
  @Text({ max: 50 })
  province!: string;

  @ApiPropertyOptional({ example: '苏州市', maxLength: 100 })
  @Optional()
  @Text({ max: 100 })
  city?: string;

  @ApiPropertyOptional({ type: CalendarDateDto })
  @Optional()
  @Nested(() => CalendarDateDto)
  approvedOn?: CalendarDateDto;

  @ApiPropertyOptional({ type: [String], example: ['电子信息', '生物医药'], maxItems: 50 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @Text({ max: 100, each: true })
  industryFocus?: string[];
}
