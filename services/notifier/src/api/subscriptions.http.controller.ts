import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  ApiChangeHeaders,
  ApiIdempotencyKeyHeader,
  ApiProblemResponses,
  ApiVersionedResponse,
  BEARER_SCHEME,
  ChangeContext,
  ETagFromVersion,
  pageOf,
  PageQueryDto,
  Roles,
  type CommandContext,
  type Principal,
} from '@zoneledger/platform';
import type { ServerResponse } from 'node:http';
import type { SubscriptionCommandResult } from '../application/subscription-streams';
import {
  callerOf,
  ChangeSubscriptionCommand,
  RotateSecretCommand,
  SubscribeCommand,
  type SecretCommandResult,
} from '../application/subscription.handlers';
import type { SubscriptionView } from '../application/subscription-view';
import type { ChannelRequest } from '../domain';
import { SubscriptionQueries } from '../queries/subscription.queries';
import {
  SecretCommandResultDto,
  SubscriptionCommandResultDto,
  SubscriptionPageDto,
  SubscriptionViewDto,
} from './dto/subscription-responses.dto';
import {
  CreateSubscriptionDto,
  SubscriptionFilterDto,
  type ChannelDto,
} from './dto/subscription.dto';

/** Subscription ids are UUIDs (the service makes them): anything else is 400, not a lookup. */
const SubscriptionId = () => Param('subscriptionId', new ParseUUIDPipe());

/**
 * Subscriptions: analysts subscribe and manage their own, ops any. Another analyst's subscription
 * is answered as not found (404 NOTIFIER.NOT_FOUND), so its existence does not leak.
 */
@ApiTags('subscriptions')
@ApiBearerAuth(BEARER_SCHEME)
@Roles('analyst', 'ops')
@Controller('v1/subscriptions')
export class SubscriptionsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: SubscriptionQueries,
  ) {}

  @Post()
  @ETagFromVersion()
  @ApiOperation({
    summary: 'Subscribe to the events a filter matches (Idempotency-Key makes a retry harmless)',
    description:
      "A webhook's signing secret (Standard Webhooks, whsec_...) is in this answer only: it is stored encrypted and never shown again. Its URL must be https and reach only public addresses (the host's every resolved address is checked), unless the operators allow a network.",
  })
  @ApiIdempotencyKeyHeader()
  @ApiVersionedResponse(201, SecretCommandResultDto, 'Subscribed; Location names the subscription')
  @ApiProblemResponses(400, 401, 403, 409, 413, 422)
  async subscribe(
    @Body() body: CreateSubscriptionDto,
    @Actor() principal: Principal,
    @ChangeContext() context: CommandContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<SecretCommandResult> {
    const result = await this.commands.execute(
      new SubscribeCommand(
        { filter: body.filter, channel: channelRequest(body.channel) },
        callerOf(principal),
        context,
      ),
    );
    response.setHeader('Location', `/v1/subscriptions/${result.subscriptionId}`);
    // Nor may a cache keep the secret.
    response.setHeader('Cache-Control', 'no-store');
    return result;
  }

  @Get()
  @ApiOperation({ summary: "The caller's subscriptions (ops: every one), oldest first" })
  @ApiOkResponse({ type: SubscriptionPageDto })
  @ApiProblemResponses(400, 401, 403)
  list(@Query() query: PageQueryDto, @Actor() principal: Principal) {
    return this.queries.subscriptions(callerOf(principal), pageOf(query));
  }

  @Get(':subscriptionId')
  @ETagFromVersion()
  @ApiOperation({ summary: 'A subscription (never its secret)' })
  @ApiVersionedResponse(200, SubscriptionViewDto, 'The subscription')
  @ApiProblemResponses(400, 401, 403, 404)
  get(
    @SubscriptionId() subscriptionId: string,
    @Actor() principal: Principal,
  ): Promise<SubscriptionView> {
    return this.queries.subscription(subscriptionId, callerOf(principal));
  }

  @Put(':subscriptionId/filter')
  @ETagFromVersion()
  @ApiOperation({ summary: "Replace the subscription's filter (the same filter records nothing)" })
  @ApiChangeHeaders('subscription')
  @ApiVersionedResponse(200, SubscriptionCommandResultDto, 'The filter is as asked')
  @ApiProblemResponses(400, 401, 403, 404, 409, 413, 422)
  changeFilter(
    @SubscriptionId() subscriptionId: string,
    @Body() filter: SubscriptionFilterDto,
    @Actor() principal: Principal,
    @ChangeContext() context: CommandContext,
  ): Promise<SubscriptionCommandResult> {
    return this.change(subscriptionId, { type: 'ChangeFilter', filter }, principal, context);
  }

  @Post(':subscriptionId/pause')
  @ETagFromVersion()
  @ApiOperation({ summary: 'Stop notifications until resumed (nothing is kept for later)' })
  @ApiChangeHeaders('subscription')
  @ApiVersionedResponse(201, SubscriptionCommandResultDto, 'Paused')
  @ApiProblemResponses(400, 401, 403, 404, 409, 422)
  pause(
    @SubscriptionId() subscriptionId: string,
    @Actor() principal: Principal,
    @ChangeContext() context: CommandContext,
  ): Promise<SubscriptionCommandResult> {
    return this.change(subscriptionId, { type: 'PauseSubscription' }, principal, context);
  }

  @Post(':subscriptionId/resume')
  @ETagFromVersion()
  @ApiOperation({ summary: 'Notify again (a disabled webhook endpoint too)' })
  @ApiChangeHeaders('subscription')
  @ApiVersionedResponse(201, SubscriptionCommandResultDto, 'Active')
  @ApiProblemResponses(400, 401, 403, 404, 409, 422)
  resume(
    @SubscriptionId() subscriptionId: string,
    @Actor() principal: Principal,
    @ChangeContext() context: CommandContext,
  ): Promise<SubscriptionCommandResult> {
    return this.change(subscriptionId, { type: 'ResumeSubscription' }, principal, context);
  }

  @Delete(':subscriptionId')
  @ETagFromVersion()
  @ApiOperation({ summary: 'Unsubscribe for good (again: nothing recorded)' })
  @ApiChangeHeaders('subscription')
  @ApiVersionedResponse(200, SubscriptionCommandResultDto, 'Cancelled')
  @ApiProblemResponses(400, 401, 403, 404, 409, 422)
  unsubscribe(
    @SubscriptionId() subscriptionId: string,
    @Actor() principal: Principal,
    @ChangeContext() context: CommandContext,
  ): Promise<SubscriptionCommandResult> {
    return this.change(subscriptionId, { type: 'Unsubscribe' }, principal, context);
  }

  @Post(':subscriptionId/secret-rotations')
  @ETagFromVersion()
  @ApiOperation({
    summary: "Rotate a webhook's signing secret",
    description:
      'The new secret is in this answer only. The previous one keeps signing too (a second signature in webhook-signature) for 24 hours, so the receiver can switch without losing a delivery.',
  })
  @ApiChangeHeaders('subscription')
  @ApiVersionedResponse(201, SecretCommandResultDto, 'Rotated')
  @ApiProblemResponses(400, 401, 403, 404, 409, 422)
  async rotateSecret(
    @SubscriptionId() subscriptionId: string,
    @Actor() principal: Principal,
    @ChangeContext() context: CommandContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<SecretCommandResult> {
    const result = await this.commands.execute(
      new RotateSecretCommand(subscriptionId, callerOf(principal), context),
    );
    response.setHeader('Cache-Control', 'no-store');
    return result;
  }

  private change(
    subscriptionId: string,
    change: ChangeSubscriptionCommand['change'],
    principal: Principal,
    context: CommandContext,
  ): Promise<SubscriptionCommandResult> {
    return this.commands.execute(
      new ChangeSubscriptionCommand(subscriptionId, change, callerOf(principal), context),
    );
  }
}

// The channel as the domain takes it: only the fields of its kind.
function channelRequest(channel: ChannelDto): ChannelRequest {
  switch (channel.kind) {
    case 'CHANNEL_KIND_WEBHOOK':
      return { kind: channel.kind, url: channel.url ?? '' };
    case 'CHANNEL_KIND_EMAIL':
      return {
        kind: channel.kind,
        address: channel.address ?? '',
        ...(channel.mode ? { mode: channel.mode } : {}),
      };
    default:
      return { kind: channel.kind };
  }
}
