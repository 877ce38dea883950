import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateBy } from 'class-validator';
import { Optional } from './field.decorators';

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
      validate: (_day: unknown, args) => isDayOfMonth(args?.object as CalendarDateDto),
      defaultMessage: () => 'day must be a day of the given year and month (and needs the month)',
    },
  })
  day?: number;
}

// The kernel's isValidCalendarDate, which the platform may not import, for the one case the
// field rules above leave open: a day beyond its month's end, or without a month.
function isDayOfMonth({ year, month, day }: CalendarDateDto): boolean {
  if (day === undefined) return true;
  if (month === undefined || !Number.isInteger(month) || !Number.isInteger(year)) return false;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Number.isInteger(day) && day >= 1 && day <= lastDay;
}
