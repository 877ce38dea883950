import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DeliveryAttemptView, DeliveryView, RedeliveryResult } from './deliveries';

/** One delivery attempt. */
export class DeliveryAttemptDto implements DeliveryAttemptView {
  @ApiProperty({ type: 'integer', example: 1, description: '1 for the first attempt' })
  attempt!: number;

  @ApiProperty({ enum: ['delivered', 'failed'] }) outcome!: 'delivered' | 'failed';

  @ApiPropertyOptional({ type: 'integer', example: 503, description: 'The HTTP status answered' })
  statusCode?: number;

  @ApiProperty({ type: 'integer', example: 183, description: 'How long the attempt took (ms)' })
  latencyMs!: number;

  @ApiPropertyOptional({
    example: 'no answer within 15000 ms',
    description: 'What went wrong, when no status says it',
  })
  error?: string;

  @ApiPropertyOptional({ description: 'The start of the response body (at most 512 characters)' })
  responseExcerpt?: string;

  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;

  @ApiPropertyOptional({
    enum: ['NEXT_STEP_RETRY', 'NEXT_STEP_GIVE_UP', 'NEXT_STEP_ENDPOINT_DISABLED'],
    description: 'After a failure: what follows',
  })
  nextStep?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'NEXT_STEP_RETRY: when' })
  retryAt?: string;
}

/** A notification's delivery to the subscription, with every attempt. */
export class DeliveryDto implements DeliveryView {
  @ApiProperty({
    example: '0193f3a2-9e30-7a6c-8d4b-7b2e3f4a5c10:0197c0de-0000-7000-8000-000000000042',
    description: '<subscription id>:<source event id>: the webhook-id the receiver gets',
  })
  notificationId!: string;

  @ApiProperty({ description: "The source event's CloudEvent id" }) sourceEventId!: string;

  @ApiProperty({ example: 'zoneledger.zone.v1.ZoneRegistered' }) sourceEventType!: string;

  @ApiProperty({ example: 'zone-zone-suzhou-sip', description: "The source event's subject" })
  subject!: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'given-up', 'endpoint-disabled'] })
  status!: DeliveryView['status'];

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Pending: when the next attempt is due (it waits for an earlier delivery about its subject)',
  })
  dueAt?: string;

  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  @ApiProperty({ type: [DeliveryAttemptDto] }) attempts!: DeliveryAttemptDto[];
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

/** What a redelivery request did. */
export class RedeliveryResultDto implements RedeliveryResult {
  @ApiProperty() notificationId!: string;

  @ApiProperty({
    type: 'integer',
    description: "The notification stream's version after the request (the ETag)",
  })
  version!: number;

  @ApiProperty({ type: [String], example: ['NotificationRedeliveryRequested'] })
  recorded!: string[];

  @ApiProperty({
    description: 'True when an earlier request with the same Idempotency-Key answered',
  })
  replayed!: boolean;
}
