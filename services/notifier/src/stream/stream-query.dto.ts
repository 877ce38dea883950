import { ApiPropertyOptional } from '@nestjs/swagger';
import { Optional, Text } from '@zoneledger/platform';
import { PROVINCES, REGIONS, ZONE_ID_PATTERN, ZONE_KINDS } from '@zoneledger/shared-kernel';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { MAX_FILTER_VALUES } from '../api/dto/subscription.dto';
import { NOTIFIABLE_EVENT_TYPES, type Direction } from '../domain';
import { FEED_POSITION_PATTERN } from './feed-position';

// GET /v1/stream's query: the criteria of a subscription's filter, one parameter per list, each
// repeated (`zoneIds=a&zoneIds=b`) or comma-separated (`zoneIds=a,b`), and the thresholds as
// `minRankChange` / `rankDirection` and `minScoreChange` / `scoreDirection`. Shapes only here:
// the domain (filterOf) checks the vocabularies, as it does for a subscription.

const DIRECTIONS: readonly Direction[] = [
  'CHANGE_DIRECTION_UP',
  'CHANGE_DIRECTION_DOWN',
  'CHANGE_DIRECTION_EITHER',
];

/** The largest threshold a stream takes (ranks in places, scores in points). */
const MAX_THRESHOLD = 1_000_000;

/** Decimal digits only, with at most a decimal fraction: no sign, exponent, hex or spaces. */
const DECIMAL = /^(0|[1-9]\d{0,14})(\.\d{1,12})?$/;
const WHOLE = /^(0|[1-9]\d{0,14})$/;

// A parameter given once is a string, repeated an array: either way a list, each value split at
// commas. Anything else (an object of qs's bracket syntax) is left for IsArray to refuse.
const listOf = ({ value }: { value: unknown }): unknown => {
  if (typeof value === 'string') return value.split(',').map((item) => item.trim());
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value.flatMap((item: string) => item.split(',').map((part) => part.trim()));
  return value;
};

function FilterList(
  description: string,
  items: { enum?: readonly string[]; pattern?: string } = {},
) {
  return function decorate(target: object, property: string): void {
    ApiPropertyOptional({
      type: 'array',
      items: {
        type: 'string',
        ...(items.enum ? { enum: [...items.enum] } : {}),
        ...(items.pattern ? { pattern: items.pattern } : {}),
      },
      maxItems: MAX_FILTER_VALUES,
      description: `${description}; repeated or comma-separated`,
    })(target, property);
    Optional()(target, property);
    Transform(listOf)(target, property);
    IsArray()(target, property);
    ArrayMaxSize(MAX_FILTER_VALUES)(target, property);
    Text({ max: 200, each: true })(target, property);
  };
}

const numberOf =
  (pattern: RegExp) =>
  ({ value }: { value: unknown }): unknown =>
    typeof value === 'string' && pattern.test(value) ? Number(value) : value;

/** What GET /v1/stream is asked: a filter, or a subscription whose filter to use; where to resume. */
export class StreamQueryDto {
  @FilterList('Event types (of the zone, policy and assessment topics)', {
    enum: NOTIFIABLE_EVENT_TYPES,
  })
  eventTypes?: string[];

  @FilterList('Zones by id (a zone merged away is followed to its survivor)', {
    pattern: ZONE_ID_PATTERN.source,
  })
  zoneIds?: string[];

  @FilterList('Province-level divisions (official or short names)', {
    enum: PROVINCES.flatMap((province) => [province.name, province.shortName]),
  })
  provinces?: string[];

  @FilterList('Regions', { enum: REGIONS })
  regions?: string[];

  @FilterList('Zone kinds', { enum: ZONE_KINDS })
  zoneKinds?: string[];

  @FilterList("Policy themes (words of a policy's themes)")
  themes?: string[];

  @FilterList('Policy issuers')
  issuers?: string[];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_THRESHOLD,
    description: "ZoneRankChanged: a zone's national rank moved at least this many places",
  })
  @Optional()
  @Transform(numberOf(WHOLE))
  @IsInt({ message: '$property must be a whole number in decimal digits' })
  @Min(0)
  @Max(MAX_THRESHOLD)
  minRankChange?: number;

  @ApiPropertyOptional({
    enum: DIRECTIONS,
    default: 'CHANGE_DIRECTION_EITHER',
    description: 'With minRankChange: which way (up is climbing, to a smaller rank)',
  })
  @Optional()
  @IsIn(DIRECTIONS)
  rankDirection?: Direction;

  @ApiPropertyOptional({
    type: 'number',
    minimum: 0,
    maximum: MAX_THRESHOLD,
    description: "ZoneScoreChanged: a zone's total score changed at least this much",
  })
  @Optional()
  @Transform(numberOf(DECIMAL))
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: '$property must be a decimal number, e.g. 2.5' },
  )
  @Min(0)
  @Max(MAX_THRESHOLD)
  minScoreChange?: number;

  @ApiPropertyOptional({
    enum: DIRECTIONS,
    default: 'CHANGE_DIRECTION_EITHER',
    description: 'With minScoreChange: which way',
  })
  @Optional()
  @IsIn(DIRECTIONS)
  scoreDirection?: Direction;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Stream what this subscription's saved filter matches (the caller's own; ops: any), narrowed by the query's criteria if it names any",
  })
  @Optional()
  @IsUUID('all', { message: '$property must be a subscription id (a UUID)' })
  subscriptionId?: string;

  @ApiPropertyOptional({
    pattern: FEED_POSITION_PATTERN,
    maxLength: 39,
    example: '7301-1822',
    description:
      'Resume after this event id, for clients that cannot send the Last-Event-ID header (the header wins)',
  })
  @Optional()
  @Matches(new RegExp(FEED_POSITION_PATTERN), {
    message: '$property must be an event id of this stream, <tx>-<seq>',
  })
  lastEventId?: string;
}
