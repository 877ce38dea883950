import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  MAX_PAGE_OFFSET as MAX_OFFSET,
  Optional,
  QueryDateTime,
  QueryInteger,
  Text,
} from '@zoneledger/platform';
import { REGIONS, ZONE_KINDS, ZONE_LEVELS, ZONE_STATUSES } from './zone-vocabulary';

/** `?asOf=`: every read can be asked about a past moment. */
export class AsOfQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Read as the register stood at this moment',
  })
  @Optional()
  @QueryDateTime()
  asOf?: Date;
}

/** GET /v1/zones: filters (all must hold) and a page. */
export class ListZonesQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ description: 'Official or short name', example: '江苏' })
  @Optional()
  @Text({ max: 50 })
  province?: string;

  @ApiPropertyOptional({ enum: REGIONS })
  @Optional()
  @IsIn(REGIONS)
  region?: (typeof REGIONS)[number];
  @ApiPropertyOptional({ enum: ZONE_KINDS })
  @Optional()
  @IsIn(ZONE_KINDS)
  kind?: (typeof ZONE_KINDS)[number];
  @ApiPropertyOptional({ enum: ZONE_LEVELS })
  @Optional()
  @IsIn(ZONE_LEVELS)
  level?: (typeof ZONE_LEVELS)[number];
  @ApiPropertyOptional({ enum: ZONE_STATUSES })
  @Optional()
  @IsIn(ZONE_STATUSES)
  status?: (typeof ZONE_STATUSES)[number];
  @ApiPropertyOptional({ description: 'One of the leading industries' })
  @Optional()
  @Text({ max: 100 })
  industry?: string;

  @ApiPropertyOptional({ description: 'Part of the Chinese or English name', example: '苏州' })
  @Optional()
  @Text({ max: 100 })
  q?: string;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100 })
  @Optional()
  @QueryInteger({ min: 1, max: 100 })
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: MAX_OFFSET })
  @Optional()
  @QueryInteger({ min: 0, max: MAX_OFFSET })
  offset?: number;
}
