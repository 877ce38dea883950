import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CommandEndpoint,
  ApiProblemResponses,
  BEARER_SCHEME,
  ChangeContext,
  ETagFromVersion,
  type CommandContext,
} from '@zoneledger/platform';
import { RegisterZoneCommand } from '../application/register-zone.handler';
import type { ZoneCommandResult } from '../application/zone-command';
import {
  ZoneReader,
  type ZoneHistoryEntry,
  type ZoneLineageView,
} from '../application/zone-reader';
import type { ZonePage, ZoneView } from '../application/zone-view.model';
import { RegisterZoneDto } from './dto/register-zone.dto';
import { ZONE_HISTORY_ENTRIES, ZONE_HISTORY_SCHEMA } from './dto/zone-history.dto';
import { AsOfQueryDto, ListZonesQueryDto } from './dto/zone-queries.dto';
import {
  ZoneCommandResultDto,
  ZoneLineageViewDto,
  ZonePageDto,
  ZoneViewDto,
} from './dto/zone-responses.dto';
import { ApiVersionedResponse } from './versioned-response.decorator';

/** Registration and the reads of the zone register. Reads are open to any valid token. */
@ApiTags('zones')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/zones')
export class ZonesHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reader: ZoneReader,
  ) {}

  @Post()
  @CommandEndpoint({
    roles: ['zone-admin'],
    summary: 'Register a zone (Idempotency-Key makes a retry harmless)',
    type: ZoneCommandResultDto,
    answer: 'Registered',
    problems: [400, 401, 403, 409, 422],
  })
  register(
    @Body() registration: RegisterZoneDto,
    @ChangeContext() context: CommandContext,
  ): Promise<ZoneCommandResult> {
    return this.commands.execute(new RegisterZoneCommand(registration, context));
  }

  @Get()
  @ApiOperation({
    summary: 'List zones by filters, a page at a time',
    description:
      'Served by the zone_view read model, which follows the event log within moments of a change (eventually consistent). With asOf, every zone is read from its event stream as it stood then.',
  })
  @ApiOkResponse({ type: ZonePageDto, description: 'One page of the matching zones' })
  @ApiProblemResponses(400, 401)
  list(@Query() query: ListZonesQueryDto): Promise<ZonePage> {
    const { asOf, q, limit, offset, ...filter } = query;
    return this.reader.list(
      { ...filter, ...(q ? { text: q } : {}) },
      { limit: limit ?? 20, offset: offset ?? 0 },
      asOf,
    );
  }

  @Get(':zoneId')
  @ETagFromVersion()
  @ApiOperation({
    summary: "A zone as it stands (or stood asOf); the ETag is its stream's version",
  })
  @ApiVersionedResponse(200, ZoneViewDto, 'The zone')
  @ApiProblemResponses(400, 401, 404)
  detail(@Param('zoneId') zoneId: string, @Query() { asOf }: AsOfQueryDto): Promise<ZoneView> {
    return this.reader.detail(zoneId, asOf);
  }

  @Get(':zoneId/history')
  @ApiOperation({ summary: "The zone's events in the order they were recorded" })
  @ApiExtraModels(...Object.values(ZONE_HISTORY_ENTRIES))
  @ApiOkResponse({ schema: ZONE_HISTORY_SCHEMA, description: 'Its events, oldest first' })
  @ApiProblemResponses(400, 401, 404)
  history(
    @Param('zoneId') zoneId: string,
    @Query() { asOf }: AsOfQueryDto,
  ): Promise<ZoneHistoryEntry[]> {
    return this.reader.history(zoneId, asOf);
  }

  @Get(':zoneId/lineage')
  @ApiOperation({
    summary: 'The zones it absorbed (ancestors) and the zones it was merged into (descendants)',
  })
  @ApiOkResponse({ type: ZoneLineageViewDto, description: 'Its ancestors and descendants' })
  @ApiProblemResponses(400, 401, 404)
  lineage(
    @Param('zoneId') zoneId: string,
    @Query() { asOf }: AsOfQueryDto,
  ): Promise<ZoneLineageView> {
    return this.reader.lineage(zoneId, asOf);
  }
}
