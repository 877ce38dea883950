import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { REGIONS, ZONE_KINDS, ZONE_LEVELS, ZONE_STATUSES } from './zone-vocabulary';

/** `?asOf=`: every read can be asked about a past moment. */
export class AsOfQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Read as the register stood at this moment',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'asOf must be an ISO 8601 date-time' })
  asOf?: Date;
}

/** GET /v1/zones: filters (all must hold) and a page. */
export class ListZonesQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ description: 'Official or short name', example: '江苏' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  province?: string;

  @ApiPropertyOptional({ enum: REGIONS })
  @IsOptional()
  @IsIn(REGIONS)
  region?: (typeof REGIONS)[number];
  @ApiPropertyOptional({ enum: ZONE_KINDS })
  @IsOptional()
  @IsIn(ZONE_KINDS)
  kind?: (typeof ZONE_KINDS)[number];
  @ApiPropertyOptional({ enum: ZONE_LEVELS })
  @IsOptional()
  @IsIn(ZONE_LEVELS)
  level?: (typeof ZONE_LEVELS)[number];
  @ApiPropertyOptional({ enum: ZONE_STATUSES })
  @IsOptional()
  @IsIn(ZONE_STATUSES)
  status?: (typeof ZONE_STATUSES)[number];
  @ApiPropertyOptional({ description: 'One of the leading industries' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  industry?: string;

  @ApiPropertyOptional({ description: 'Part of the Chinese or English name', example: '苏州' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
