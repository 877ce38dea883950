import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Nested, Optional, Text } from '@zoneledger/platform';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, ValidateIf } from 'class-validator';
import type { ChannelKind, Direction, EmailMode, FilterRequest } from '../../domain';

// Shapes only: the domain checks vocabularies (event types, provinces, zone kinds), thresholds and
// webhook URLs, and refuses with its own NOTIFIER.* codes.

const DIRECTIONS: readonly Direction[] = [
  'CHANGE_DIRECTION_UP',
  'CHANGE_DIRECTION_DOWN',
  'CHANGE_DIRECTION_EITHER',
];
const CHANNEL_KINDS: readonly ChannelKind[] = [
  'CHANNEL_KIND_WEBHOOK',
  'CHANNEL_KIND_SSE',
  'CHANNEL_KIND_EMAIL',
];
const EMAIL_MODES: readonly EmailMode[] = ['EMAIL_MODE_IMMEDIATE', 'EMAIL_MODE_DAILY_DIGEST'];

/** The most values one list of a filter holds. */
export const MAX_FILTER_VALUES = 500;

const list = (description: string, example: string[]) =>
  ApiPropertyOptional({ type: [String], maxItems: MAX_FILTER_VALUES, description, example });

/** A change large enough to notify. */
export class ThresholdDto {
  @ApiProperty({ example: 5, minimum: 0, description: 'Places (ranks) or points (scores)' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  atLeast!: number;

  @ApiPropertyOptional({ enum: DIRECTIONS, default: 'CHANGE_DIRECTION_EITHER' })
  @Optional()
  @IsIn(DIRECTIONS)
  direction?: Direction;
}

/** Which events to be notified of: every criterion given must match (lists: any of their values). */
export class SubscriptionFilterDto implements FilterRequest {
  @list('Event types (of the zone, policy and assessment topics)', ['ZoneRegistered'])
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Text({ max: 200, each: true })
  eventTypes?: string[];

  @list('Zones by id', [])
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Text({ max: 200, each: true })
  zoneIds?: string[];

  @list('Province-level divisions (official or short names)', ['江苏'])
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Text({ max: 200, each: true })
  provinces?: string[];

  @list('Regions', [])
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Text({ max: 200, each: true })
  regions?: string[];

  @list('Zone kinds', [])
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Text({ max: 200, each: true })
  zoneKinds?: string[];

  @list("Policy themes (words of a policy's themes)", [])
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Text({ max: 200, each: true })
  themes?: string[];

  @list('Policy issuers', [])
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Text({ max: 200, each: true })
  issuers?: string[];

  @ApiPropertyOptional({
    type: ThresholdDto,
    description: 'A rank that moved at least so many places',
  })
  @Optional()
  @Nested(() => ThresholdDto)
  rankMoved?: ThresholdDto;

  @ApiPropertyOptional({ type: ThresholdDto, description: 'A score that changed at least so much' })
  @Optional()
  @Nested(() => ThresholdDto)
  scoreChanged?: ThresholdDto;
}

/** How notifications reach the subscriber. */
export class ChannelDto {
  @ApiProperty({ enum: CHANNEL_KINDS, example: 'CHANNEL_KIND_WEBHOOK' })
  @IsIn(CHANNEL_KINDS)
  kind!: ChannelKind;

  @ApiPropertyOptional({
    example: 'https://hooks.example.com/zoneledger',
    maxLength: 2048,
    description:
      'Webhooks (required): an https URL whose host resolves only to public addresses (or to networks the operators allow)',
  })
  @ValidateIf(
    (channel: ChannelDto) => channel.kind === 'CHANNEL_KIND_WEBHOOK' || channel.url !== undefined,
  )
  @Text({ max: 2048 })
  url?: string;

  @ApiPropertyOptional({
    example: 'analyst@example.com',
    maxLength: 320,
    description: 'E-mail (required): the address',
  })
  @ValidateIf(
    (channel: ChannelDto) => channel.kind === 'CHANNEL_KIND_EMAIL' || channel.address !== undefined,
  )
  @Text({ max: 320 })
  address?: string;

  @ApiPropertyOptional({ enum: EMAIL_MODES, default: 'EMAIL_MODE_IMMEDIATE' })
  @Optional()
  @IsIn(EMAIL_MODES)
  mode?: EmailMode;
}

/** POST /v1/subscriptions. */
export class CreateSubscriptionDto {
  @ApiProperty({ type: SubscriptionFilterDto })
  @Nested(() => SubscriptionFilterDto)
  filter!: SubscriptionFilterDto;

  @ApiProperty({ type: ChannelDto })
  @Nested(() => ChannelDto)
  channel!: ChannelDto;
}
