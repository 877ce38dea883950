import { ApiPropertyOptional } from '@nestjs/swagger';
import { Optional, QueryDateTime } from '@zoneledger/platform';
import type { CalendarDate } from '@zoneledger/shared-kernel';
import { Transform } from 'class-transformer';
import { IsObject } from 'class-validator';

/** GET /v1/policies/{policyId}/history: read as the registry stood at a moment. */
export class PolicyAsOfQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Read as the registry knew the policy at this moment (recorded time)',
  })
  @Optional()
  @QueryDateTime()
  asOf?: Date;
}

// YYYY-MM-DD, a day of its month; anything else stays a string and fails IsObject.
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayOf(value: unknown): unknown {
  const parts = typeof value === 'string' ? DAY.exec(value) : null;
  if (!parts) return value;
  const [year, month, day] = parts.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? { year, month, day } : value;
}

/** GET /v1/policies/{policyId}: recorded time (asOf) and valid time (inForceOn). */
export class PolicyDetailQueryDto extends PolicyAsOfQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2020-01-01',
    description: 'The day whose version in force (and standing) is shown; default today in China',
  })
  @Optional()
  @Transform(({ value }: { value: unknown }) => dayOf(value))
  @IsObject({ message: 'inForceOn must be a calendar date YYYY-MM-DD' })
  inForceOn?: CalendarDate;
}
