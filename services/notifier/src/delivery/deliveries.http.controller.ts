import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  ApiIdempotencyKeyHeader,
  ApiProblemResponses,
  BEARER_SCHEME,
  ChangeContext,
  ETagFromVersion,
  pageOf,
  PageQueryDto,
  Roles,
  type CommandContext,
  type PageOf,
  type Principal,
} from '@zoneledger/platform';
import { callerOf } from '../application/subscription.handlers';
import { Deliveries, type DeliveryView, type RedeliveryResult } from './deliveries';
import { DeliveryPageDto, RedeliveryResultDto } from './deliveries.dto';

const SubscriptionId = () => Param('subscriptionId', new ParseUUIDPipe());

/**
 * A subscription's deliveries and their attempts, and manual redelivery: its owner (analyst) or
 * ops. Another analyst's subscription is answered as not found (404 NOTIFIER.NOT_FOUND).
 */
@ApiTags('deliveries')
@ApiBearerAuth(BEARER_SCHEME)
@Roles('analyst', 'ops')
@Controller('v1/subscriptions/:subscriptionId/deliveries')
export class DeliveriesHttpController {
  constructor(private readonly deliveries: Deliveries) {}

  @Get()
  @ApiOperation({
    summary: "The subscription's deliveries, newest first, each with every attempt",
    description:
      'Each attempt with its status, latency, error, the start of the response body and what followed it.',
  })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiProblemResponses(400, 401, 403, 404)
  list(
    @SubscriptionId() subscriptionId: string,
    @Query() query: PageQueryDto,
    @Actor() principal: Principal,
  ): Promise<PageOf<DeliveryView>> {
    return this.deliveries.list(subscriptionId, callerOf(principal), pageOf(query));
  }

  @Post(':notificationId/redeliver')
  @HttpCode(202)
  @ETagFromVersion()
  @ApiOperation({
    summary: 'Send a notification again (delivered, given up or stopped by its endpoint)',
    description:
      'The notification is pending again, due at once, with the retry schedule starting over; it keeps its webhook-id, so a receiver that keeps ids drops it as a repeat. Refused while it is pending (409 NOTIFIER.NOTIFICATION_PENDING). A paused subscription, or a disabled endpoint, holds it until the subscription is resumed.',
  })
  @ApiIdempotencyKeyHeader()
  @ApiResponse({
    status: 202,
    type: RedeliveryResultDto,
    description: 'Accepted: the notification goes out again',
    headers: {
      ETag: {
        description: "The notification stream's version, quoted",
        schema: { type: 'string', example: '"4"' },
      },
    },
  })
  @ApiProblemResponses(400, 401, 403, 404, 409, 422)
  redeliver(
    @SubscriptionId() subscriptionId: string,
    @Param('notificationId') notificationId: string,
    @Actor() principal: Principal,
    @ChangeContext() context: CommandContext,
  ): Promise<RedeliveryResult> {
    return this.deliveries.redeliver(subscriptionId, notificationId, callerOf(principal), context);
  }
}
