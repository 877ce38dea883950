import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  Actor,
  ApiProblemResponses,
  BEARER_SCHEME,
  InvalidHeaderError,
  Roles,
  type Principal,
} from '@zoneledger/platform';
import type { ServerResponse } from 'node:http';
import { callerOf } from '../application/subscription.handlers';
import { SubscriptionCancelledError, type SubscriptionFilter } from '../domain';
import { SubscriptionQueries } from '../queries/subscription.queries';
import { FEED_POSITION_PATTERN, parsePosition, type FeedPosition } from './feed-position';
import { MAX_STREAMS_PER_CALLER, RECONNECT_HINT_MS, StreamHub } from './stream-hub';
import { namesCriteria, streamFilterOf } from './stream-filter';
import { StreamQueryDto } from './stream-query.dto';

const DESCRIPTION = `Server-sent events (text/event-stream) of every event of the zone, policy and assessment topics the filter matches, from now, or after Last-Event-ID: nothing missed, nothing twice, in the order the notifier recorded them.

Each event: \`id: <tx>-<seq>\` (its place in the notifier's feed: send it back as Last-Event-ID to resume), \`event: <event type>\` (e.g. ZoneRankChanged), \`data: <CloudEvent>\` (structured-mode JSON, the event data as proto JSON, as a webhook receives it). The stream first sends a \`retry:\` hint and an event of its own: \`ready\` (its id is where the stream starts, so a client reconnecting before any event resumes there) or \`gap\` (the Last-Event-ID is older than the events the notifier keeps, NOTIFIER_STREAM_RETENTION_MS: what came between may be lost, and the stream resumes after the oldest kept; or it lies ahead of the feed, an id of another deployment: the stream starts now). A comment (\`: heartbeat\`) every 15 s keeps the connection open.

The filter is the query's (the same criteria as a subscription's filter, each list repeated or comma-separated; no criterion at all streams every event), or a saved subscription's (subscriptionId: the caller's own, any for ops; read when the stream opens), which criteria of the query narrow (an event must meet both). A filter naming zones follows a zone merged away to its survivor. Without Last-Event-ID the stream starts now (an event recorded just before may come too). A client that does not read is not buffered for: nothing more is read for it, and it is dropped after 30 s. At most ${MAX_STREAMS_PER_CALLER} streams per caller and instance (429 beyond). Roles: analyst, ops.`;

/** GET /v1/stream: the live stream of the events a filter matches (server-sent events). */
@ApiTags('stream')
@ApiBearerAuth(BEARER_SCHEME)
@Roles('analyst', 'ops')
@Controller('v1/stream')
export class StreamHttpController {
  constructor(
    private readonly hub: StreamHub,
    private readonly subscriptions: SubscriptionQueries,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Follow the events a filter matches as server-sent events, resumable',
    description: DESCRIPTION,
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event id (EventSource sends it when it reconnects)',
    schema: { type: 'string', pattern: FEED_POSITION_PATTERN, maxLength: 39 },
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: `The stream (it does not end: the client closes it; retry ${RECONNECT_HINT_MS} ms)`,
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiProblemResponses(400, 401, 403, 404, 422, 429)
  async stream(
    @Query() query: StreamQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Actor() principal: Principal,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const filters = await this.filtersOf(query, principal);
    const resume = resumeFrom(lastEventId, query.lastEventId);
    await this.hub.open({
      caller: principal.sub,
      filters,
      ...(resume ? { resume } : {}),
      response,
    });
  }

  // The query's filter; or the saved filter of the subscription it names (read as the
  // subscriptions API reads it: another analyst's is not found), narrowed by the query's criteria
  // when it names any.
  private async filtersOf(
    query: StreamQueryDto,
    principal: Principal,
  ): Promise<SubscriptionFilter[]> {
    if (query.subscriptionId === undefined) return [streamFilterOf(query)];
    const narrowed = namesCriteria(query) ? [streamFilterOf(query)] : [];
    const subscription = await this.subscriptions.subscription(
      query.subscriptionId,
      callerOf(principal),
    );
    if (subscription.status === 'cancelled')
      throw new SubscriptionCancelledError(subscription.subscriptionId);
    return [subscription.filter, ...narrowed];
  }
}

// Last-Event-ID (the header EventSource sends; it wins) or the lastEventId parameter; an empty
// header is none, as the server-sent events specification has it.
function resumeFrom(header: string | undefined, parameter: string | undefined) {
  const text = header?.trim() || parameter;
  if (text === undefined) return undefined;
  const position: FeedPosition | undefined = parsePosition(text);
  if (!position)
    throw new InvalidHeaderError(
      'REQUEST.INVALID_LAST_EVENT_ID',
      'Last-Event-ID must be an event id of this stream, <tx>-<seq>',
    );
  return position;
}
