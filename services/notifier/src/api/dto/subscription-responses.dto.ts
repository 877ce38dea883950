import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SecretCommandResult } from '../../application/subscription.handlers';

/** What a command on a subscription did. */
export class SubscriptionCommandResultDto implements SecretCommandResult {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;

  @ApiProperty({
    type: 'integer',
    example: 1,
    description: "The stream's version after the command (the ETag): If-Match of the next",
  })
  version!: number;

  @ApiProperty({
    type: [String],
    example: ['SubscriptionCreated'],
    description: 'Types of the events recorded; none when it already was as asked',
  })
  recorded!: string[];

  @ApiProperty({
    description: 'True when an earlier request with the same Idempotency-Key answered',
  })
  replayed!: boolean;
}

/** What a command that makes a webhook signing secret did, with the secret. */
export class SecretCommandResultDto extends SubscriptionCommandResultDto {
  @ApiPropertyOptional({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'The webhook signing secret (Standard Webhooks), shown in this answer only: keep it, it is never shown again. Left out for other channels and for a retry answered by its Idempotency-Key (rotate to get a new one).',
  })
  secret?: string;
}

class ThresholdViewDto {
  @ApiProperty() atLeast!: number;
  @ApiProperty() direction!: string;
}

class FilterViewDto {
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty({ type: [String] }) zoneIds!: string[];
  @ApiProperty({ type: [String] }) provinces!: string[];
  @ApiProperty({ type: [String] }) regions!: string[];
  @ApiProperty({ type: [String] }) zoneKinds!: string[];
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: [String] }) issuers!: string[];
  @ApiPropertyOptional({ type: ThresholdViewDto }) rankMoved?: ThresholdViewDto;
  @ApiPropertyOptional({ type: ThresholdViewDto }) scoreChanged?: ThresholdViewDto;
}

class ChannelViewDto {
  @ApiProperty({ example: 'CHANNEL_KIND_WEBHOOK' }) kind!: string;
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional({ description: "The signing secret's fingerprint (never the secret)" })
  fingerprint?: string;
  @ApiPropertyOptional() address?: string;
  @ApiPropertyOptional() mode?: string;
}

class PreviousSecretDto {
  @ApiProperty() fingerprint!: string;
  @ApiProperty({ format: 'date-time' }) validUntil!: string;
}

class EndpointDisabledDto {
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ format: 'date-time' }) failingSince?: string;
  @ApiProperty({ format: 'date-time' }) disabledAt!: string;
}

/** A subscription as its owner (or ops) reads it. */
export class SubscriptionViewDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ description: 'The subject who subscribed' }) owner!: string;
  @ApiProperty({ enum: ['active', 'paused', 'cancelled'] }) status!: string;
  @ApiProperty({ type: FilterViewDto }) filter!: FilterViewDto;
  @ApiProperty({ type: ChannelViewDto }) channel!: ChannelViewDto;
  @ApiPropertyOptional({ type: PreviousSecretDto }) previousSecret?: PreviousSecretDto;
  @ApiPropertyOptional({ type: EndpointDisabledDto }) endpointDisabled?: EndpointDisabledDto;
  @ApiProperty({ type: 'integer', description: 'The ETag for the next If-Match' })
  version!: number;
}

export class SubscriptionPageDto {
  @ApiProperty({ type: [SubscriptionViewDto] }) items!: SubscriptionViewDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}
