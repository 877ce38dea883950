import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CommandEndpoint,
  ApiProblemResponses,
  BEARER_SCHEME,
  ChangeContext,
  pageOf,
  PageQueryDto,
  type CommandContext,
} from '@zoneledger/platform';
import type { ServerResponse } from 'node:http';
import type { AssessmentCommandResult } from '../application/assessment-streams';
import { CreateMethodologyVersionCommand } from '../application/methodology.handlers';
import { RoundQueries } from '../queries/round.queries';
import { AssessmentCommandResultDto, MethodologyPageDto } from './dto/assessment-responses.dto';
import { CreateMethodologyDto } from './dto/methodology.dto';
import { MethodologyVersionQueryDto } from './dto/round-queries.dto';

/** Methodologies: versions created by assessors, read by any valid token. */
@ApiTags('methodologies')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/methodologies')
export class MethodologiesHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: RoundQueries,
  ) {}

  @Post()
  @CommandEndpoint({
    roles: ['assessor'],
    summary: 'Create the next version of a methodology (Idempotency-Key makes a retry harmless)',
    description:
      'Weights must sum to 1 (dimensions, and indicators within each dimension). A version is immutable: creating the same version again with the same content records nothing; other content is 409.',
    type: AssessmentCommandResultDto,
    answer: 'Created; Location names the version',
    problems: [400, 401, 403, 409, 413, 422],
  })
  async create(
    @Body() methodology: CreateMethodologyDto,
    @ChangeContext() context: CommandContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<AssessmentCommandResult> {
    const result = await this.commands.execute(
      new CreateMethodologyVersionCommand(methodology, context),
    );
    response.setHeader(
      'Location',
      `/v1/methodologies/${encodeURIComponent(methodology.methodologyId)}?version=${methodology.version}`,
    );
    return result;
  }

  @Get()
  @ApiOperation({ summary: 'The methodology versions known, each id newest version first' })
  @ApiOkResponse({ type: MethodologyPageDto })
  @ApiProblemResponses(400, 401)
  list(@Query() query: PageQueryDto) {
    return this.queries.methodologies(pageOf(query));
  }

  @Get(':methodologyId')
  @ApiOperation({ summary: 'A methodology version, whole (default: the latest)' })
  @ApiOkResponse({ description: 'The methodology as created (see CreateMethodologyDto)' })
  @ApiProblemResponses(400, 401, 404)
  get(@Param('methodologyId') methodologyId: string, @Query() query: MethodologyVersionQueryDto) {
    return this.queries.methodology(methodologyId, query.version);
  }
}
