import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CalendarDateDto } from './calendar-date.dto';
import { ZONE_ID_PATTERN, ZONE_KINDS, ZONE_LEVELS } from './zone-vocabulary';

/** POST /v1/zones. The province is checked by the register (422 ZONE.UNKNOWN_PROVINCE). */
export class RegisterZoneDto {
  @ApiPropertyOptional({
    description: 'Chosen by the client; a UUID is generated when absent',
    example: 'suzhou-industrial-park',
  })
  @IsOptional()
  @Matches(ZONE_ID_PATTERN, { message: 'zoneId must be lower-case letters, digits and -' })
  zoneId?: string;

  @ApiProperty({ example: '苏州工业园区' }) @IsString() @Length(1, 200) nameZh!: string;
  @ApiProperty({ example: 'Suzhou Industrial Park' }) @IsString() @MaxLength(200) nameEn!: string;
  @ApiProperty({ enum: ZONE_KINDS }) @IsIn(ZONE_KINDS) kind!: (typeof ZONE_KINDS)[number];
  @ApiProperty({ enum: ZONE_LEVELS }) @IsIn(ZONE_LEVELS) level!: (typeof ZONE_LEVELS)[number];

  @ApiProperty({ description: 'Official ("江苏省") or short ("江苏") name', example: '江苏' })
  @IsString()
  @MaxLength(50)
  province!: string;

  @ApiPropertyOptional({ example: '苏州市' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string;

  @ApiPropertyOptional({ type: CalendarDateDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CalendarDateDto)
  approvedOn?: CalendarDateDto;

  @ApiPropertyOptional({ type: [String], example: ['电子信息', '生物医药'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  industryFocus?: string[];
}
