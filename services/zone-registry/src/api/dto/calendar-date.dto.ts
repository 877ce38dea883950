import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Optional } from '@zoneledger/platform';
import { IsInt, Max, Min, ValidateBy } from 'class-validator';
import { isValidCalendarDate } from '@zoneledger/shared-kernel';

/** A date as documents state it: year, year and month, or a full date (proto JSON of a Date). */
export class CalendarDateDto {
  @ApiProperty({ type: 'integer', example: 2014, minimum: 1, maximum: 9999 })
  @IsInt()
  @Min(1)
  @Max(9999)
  year!: number;

  @ApiPropertyOptional({ type: 'integer', example: 2, minimum: 1, maximum: 12 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(12)
  month?: number;

  @ApiPropertyOptional({
    type: 'integer',
    example: 1,
    minimum: 1,
    maximum: 31,
    description: 'Only with a month, and a day of that month',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(31)
  // A day without its month, or Feb 30, names no date.
  @ValidateBy({
    name: 'isDayOfMonth',
    validator: {
      validate: (_day: unknown, args) => isValidCalendarDate(args?.object as CalendarDateDto),
      defaultMessage: () => 'day must be a day of the given year and month (and needs the month)',
    },
  })
  day?: number;
}
