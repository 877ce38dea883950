import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional } from 'class-validator';

/** A date as documents state it: year, year and month, or a full date (proto JSON of a Date). */
export class CalendarDateDto {
  @ApiProperty({ type: 'integer', example: 2014 }) @IsInt() year!: number;
  @ApiPropertyOptional({ type: 'integer', example: 2, minimum: 1, maximum: 12 })
  @IsOptional()
  @IsInt()
  month?: number;
  @ApiPropertyOptional({ type: 'integer', example: 1, minimum: 1, maximum: 31 })
  @IsOptional()
  @IsInt()
  day?: number;
}
