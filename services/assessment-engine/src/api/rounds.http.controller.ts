import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtension,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  CommandEndpoint,
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
} from '@zoneledger/platform';
import type { ServerResponse } from 'node:http';
import type { AssessmentCommandResult } from '../application/assessment-streams';
import { RoundAnalysis } from '../application/round-analysis';
import { RoundsAsOf } from '../application/rounds-as-of';
import {
  CorrectIndicatorCommand,
  ImportPublishedRankingCommand,
  OpenRoundCommand,
  PublishRoundCommand,
  ScoreRoundCommand,
  SubmitIndicatorsCommand,
} from '../application/round.handlers';
import { RoundQueries } from '../queries/round.queries';
import {
  AssessmentCommandResultDto,
  PopulationDto,
  PublishedRankingDto,
  RankingPageDto,
  RoundPageDto,
  RoundViewDto,
  UncertaintyDto,
  WhatIfResultDto,
  ZoneExplanationDto,
} from './dto/assessment-responses.dto';
import {
  CorrectIndicatorDto,
  ImportPublishedRankingDto,
  MAX_SUBMITTED_ZONES,
  MAX_VALUES_PER_ZONE,
  OpenRoundDto,
  SubmitIndicatorsDto,
  WhatIfDto,
} from './dto/round.dto';
import {
  ExplainQueryDto,
  RankingQueryDto,
  RoundQueryDto,
  UncertaintyQueryDto,
} from './dto/round-queries.dto';
import {
  INDICATOR_CSV_COLUMNS,
  INDICATOR_CSV_LIMITS,
  indicatorSubmissionsOf,
} from './indicator-submissions';

// The uncertainty analysis's defaults: the "each dimension's weight +/-20%", 1,000 draws.
const DEFAULT_DRAWS = 1000;
const DEFAULT_SEED = 2023;
const DEFAULT_WEIGHT_SPREAD_PERCENT = 20;

/** Assessment rounds: assessors change them; any valid token reads them. */
@ApiTags('rounds')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/rounds')
export class RoundsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: RoundQueries,
    private readonly analysis: RoundAnalysis,
    private readonly asOf: RoundsAsOf,
  ) {}

  @Post()
  @CommandEndpoint({
    roles: ['assessor'],
    summary: 'Open a round (Idempotency-Key makes a retry harmless)',
    description:
      'Its population is the zones of the assessed kinds and levels in the register on the reference date, as this service knows them from zoneledger.zones.v1.',
    type: AssessmentCommandResultDto,
    answer: 'Opened; Location names the round',
    problems: [400, 401, 403, 404, 409, 413, 422],
  })
  async open(
    @Body() opening: OpenRoundDto,
    @ChangeContext() context: CommandContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<AssessmentCommandResult> {
    const result = await this.commands.execute(
      new OpenRoundCommand(opening.roundId, opening, context),
    );
    response.setHeader('Location', `/v1/rounds/${encodeURIComponent(opening.roundId)}`);
    return result;
  }

  @Post(':roundId/indicators')
  @Roles('assessor')
  @ETagFromVersion()
  @ApiOperation({
    summary:
      "Submit zones' indicator values as JSON or CSV: all recorded or none (If-Match, Idempotency-Key)",
    description:
      "Each value must be finite, in the methodology's unit, not negative unless the indicator allows it, for a zone of the population; a value already submitted is changed by a correction. " +
      `JSON: {submissions: [{zoneId, values: [...]}]}, at most ${MAX_SUBMITTED_ZONES} zones of ${MAX_VALUES_PER_ZONE} values, and no other field. ` +
      `CSV (text/csv, UTF-8): a header row naming the columns ${INDICATOR_CSV_COLUMNS.join(',')} in any order (no other, none missing), ` +
      'then one value per line, RFC 4180 quoting (a leading BOM, empty lines and spaces around fields are ignored); ' +
      'the rows are grouped by zone_id, in the order zones first appear, into the submissions the JSON form makes, so the answer is the same. ' +
      'A value is a decimal number as JSON writes it (12.5, -3, 1.5e3: no hex, no empty field, none beyond the finite numbers). ' +
      'Any bad row refuses the whole request with 400 VALIDATION.FAILED, its field errors naming the line and column (`line 7 value`; the first 20 listed, errorCount counting all). ' +
      `Beyond ${INDICATOR_CSV_LIMITS.maxRows} values, ${INDICATOR_CSV_LIMITS.maxColumns} fields or ${INDICATOR_CSV_LIMITS.maxRecordBytes} bytes of content in a record, or with a control character or an unclosed quote, a CSV is refused whole with 400 IMPORT.TOO_MANY_ROWS, IMPORT.TOO_MANY_COLUMNS, IMPORT.RECORD_TOO_LARGE, IMPORT.CONTROL_CHARACTER or IMPORT.MALFORMED_CSV. ` +
      'Either body may be up to ASSESSMENT_INDICATORS_BODY_LIMIT (4 MiB by default: a national round, or some 1,600 zones of 50 values; 413 REQUEST.TOO_LARGE beyond), not the service-wide HTTP_BODY_LIMIT.',
  })
  @ApiExtension('x-import-limits', { ...INDICATOR_CSV_LIMITS })
  @ApiConsumes('application/json', 'text/csv')
  @ApiExtraModels(SubmitIndicatorsDto)
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(SubmitIndicatorsDto) },
        {
          type: 'string',
          example: `${INDICATOR_CSV_COLUMNS.join(',')}\nsuzhou-industrial-park,fdi-used,12.5,USD 100m,zone statistics bureau\n`,
        },
      ],
    },
  })
  @ApiIdempotencyKeyHeader()
  @ApiVersionedResponse(201, AssessmentCommandResultDto, 'Recorded (or already so)')
  @ApiProblemResponses(400, 401, 403, 404, 409, 413, 415, 422)
  async submit(
    @Param('roundId') roundId: string,
    // JSON or CSV: read and validated as SubmitIndicatorsDto by indicatorSubmissionsOf, since
    // the global ValidationPipe validates no `unknown` body.
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @ChangeContext() context: CommandContext,
  ): Promise<AssessmentCommandResult> {
    const submissions = await indicatorSubmissionsOf(body, contentType);
    return this.commands.execute(new SubmitIndicatorsCommand(roundId, submissions, context));
  }

  @Post(':roundId/corrections')
  @CommandEndpoint({
    roles: ['assessor'],
    summary: 'Correct a submitted value: a new version with a reason',
    type: AssessmentCommandResultDto,
    answer: 'Corrected (or already so)',
    problems: [400, 401, 403, 404, 409, 413, 422],
  })
  correct(
    @Param('roundId') roundId: string,
    @Body() correction: CorrectIndicatorDto,
    @ChangeContext() context: CommandContext,
  ): Promise<AssessmentCommandResult> {
    return this.commands.execute(new CorrectIndicatorCommand(roundId, correction, context));
  }

  @Post(':roundId/scorings')
  @CommandEndpoint({
    roles: ['assessor'],
    summary: "Score the round's values as they stand: RoundScored and one ZoneScored a zone",
    type: AssessmentCommandResultDto,
    answer: 'Scored (or nothing new to score)',
    problems: [400, 401, 403, 404, 409, 413, 422],
  })
  score(
    @Param('roundId') roundId: string,
    @ChangeContext() context: CommandContext,
  ): Promise<AssessmentCommandResult> {
    return this.commands.execute(new ScoreRoundCommand(roundId, {}, context));
  }

  @Post(':roundId/publication')
  @CommandEndpoint({
    roles: ['assessor'],
    summary: "Publish the round's last scoring: score and rank changes, exit warnings",
    description:
      'Changes are against each zone’s result in the previous published round (by reference date), through merger lineage; a zone in its region’s bottom 5 in this round and in one of the two before gets an exit warning. ' +
      'The rounds published before are read from the engine’s read model, which follows its own events within moments: publishing waits (up to 10 s) until it holds every publication recorded, so a round published right after another is compared with it; 503 ASSESSMENT.EARLIER_PUBLICATIONS_PENDING if it does not (retry with the same Idempotency-Key).',
    type: AssessmentCommandResultDto,
    answer: 'Published (or already published)',
    problems: [400, 401, 403, 404, 409, 413, 422, 503],
  })
  publish(
    @Param('roundId') roundId: string,
    @ChangeContext() context: CommandContext,
  ): Promise<AssessmentCommandResult> {
    return this.commands.execute(new PublishRoundCommand(roundId, {}, context));
  }

  @Post(':roundId/published-ranking')
  @CommandEndpoint({
    roles: ['assessor'],
    summary: "Import MofCOM's published ranking of the round, as facts matched to zones by name",
    description:
      'Rows are matched by Chinese, then English name against the zones known now; rows that match none are kept and reported, not dropped. A new import replaces the previous one.',
    type: AssessmentCommandResultDto,
    answer: 'Imported (or already so)',
    problems: [400, 401, 403, 404, 409, 413, 422],
  })
  importPublishedRanking(
    @Param('roundId') roundId: string,
    @Body() ranking: ImportPublishedRankingDto,
    @ChangeContext() context: CommandContext,
  ): Promise<AssessmentCommandResult> {
    return this.commands.execute(new ImportPublishedRankingCommand(roundId, ranking, context));
  }

  @Get()
  @ApiOperation({ summary: 'The rounds, newest reference date first' })
  @ApiOkResponse({ type: RoundPageDto })
  @ApiProblemResponses(400, 401)
  list(@Query() query: PageQueryDto) {
    return this.queries.rounds(pageOf(query));
  }

  @Get(':roundId')
  @ApiOperation({ summary: 'A round: its methodology, population, scoring and publication' })
  @ApiOkResponse({ type: RoundViewDto })
  @ApiProblemResponses(400, 401, 404)
  get(@Param('roundId') roundId: string, @Query() query: RoundQueryDto) {
    return query.asOf ? this.asOf.round(roundId, query.asOf) : this.queries.round(roundId);
  }

  @Get(':roundId/population')
  @ApiOperation({
    summary: "The round's population: the zones it assesses, with their regions",
    description: 'Read from the round itself, so it answers as soon as the round is opened.',
  })
  @ApiOkResponse({ type: PopulationDto })
  @ApiProblemResponses(400, 401, 404)
  population(@Param('roundId') roundId: string) {
    return this.analysis.population(roundId);
  }

  @Get(':roundId/rankings')
  @ApiOperation({
    summary: "A page of the round's latest scoring: national, regional or by a dimension",
  })
  @ApiOkResponse({ type: RankingPageDto })
  @ApiProblemResponses(400, 401, 404)
  ranking(@Param('roundId') roundId: string, @Query() query: RankingQueryDto) {
    const filter = {
      ...(query.region ? { region: query.region } : {}),
      ...(query.dimension ? { dimension: query.dimension } : {}),
    };
    return query.asOf
      ? this.asOf.ranking(roundId, query.asOf, filter, pageOf(query))
      : this.queries.ranking(roundId, filter, pageOf(query));
  }

  @Get(':roundId/published-ranking')
  @ApiOperation({
    summary: "MofCOM's published ranking of the round, beside the computed rank of each zone",
  })
  @ApiOkResponse({ type: PublishedRankingDto })
  @ApiProblemResponses(400, 401, 404)
  publishedRanking(@Param('roundId') roundId: string) {
    return this.queries.publishedRanking(roundId);
  }

  @Get(':roundId/zones/:zoneId')
  @ApiOperation({
    summary: "A zone's score explained: each indicator's contribution (they sum to the total)",
  })
  @ApiOkResponse({ type: ZoneExplanationDto })
  @ApiProblemResponses(400, 401, 404)
  explain(
    @Param('roundId') roundId: string,
    @Param('zoneId') zoneId: string,
    @Query() query: ExplainQueryDto,
  ) {
    return this.analysis.explain(roundId, zoneId, query.asOf);
  }

  @Get(':roundId/uncertainty')
  @ApiOperation({
    summary: 'How sure each rank is: Monte Carlo over weights and normalisation (fixed seed)',
    description:
      "Each draw multiplies every dimension's weight by U(1 - s, 1 + s) and renormalises, and picks a normalisation; each zone's rank interval is its 5th-95th percentile over the draws.",
  })
  @ApiOkResponse({ type: UncertaintyDto })
  @ApiProblemResponses(400, 401, 404, 422)
  uncertainty(@Param('roundId') roundId: string, @Query() query: UncertaintyQueryDto) {
    return this.analysis.uncertainty(roundId, {
      draws: query.draws ?? DEFAULT_DRAWS,
      seed: query.seed ?? DEFAULT_SEED,
      weightSpread: (query.weightSpreadPercent ?? DEFAULT_WEIGHT_SPREAD_PERCENT) / 100,
      ...(query.alsoNormalisation ? { alsoNormalisation: query.alsoNormalisation } : {}),
    });
  }

  @Post(':roundId/what-if')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Score the round with another methodology, other weights or normalisation: rank changes',
    description: 'Records nothing.',
  })
  @ApiOkResponse({ type: WhatIfResultDto })
  @ApiProblemResponses(400, 401, 404, 413, 422)
  whatIf(@Param('roundId') roundId: string, @Body() change: WhatIfDto) {
    return this.analysis.whatIf(roundId, {
      ...(change.methodologyId && change.methodologyVersion
        ? {
            methodology: {
              methodologyId: change.methodologyId,
              version: change.methodologyVersion,
            },
          }
        : {}),
      ...(change.dimensionWeights
        ? {
            dimensionWeights: Object.fromEntries(
              change.dimensionWeights.map(({ key, weight }) => [key, weight]),
            ),
          }
        : {}),
      ...(change.normalisation ? { normalisation: change.normalisation } : {}),
    });
  }
}
