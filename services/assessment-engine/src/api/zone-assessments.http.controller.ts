import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, BEARER_SCHEME } from '@zoneledger/platform';
import { ScoreChanges } from '../application/score-changes';
import { RoundQueries } from '../queries/round.queries';
import { ScoreChangeDto, ZoneAssessmentHistoryDto } from './dto/assessment-responses.dto';
import { ScoreChangeQueryDto } from './dto/round-queries.dto';

/** A zone's assessment history, for any valid token. */
@ApiTags('rounds')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/zones')
export class ZoneAssessmentsHttpController {
  constructor(
    private readonly queries: RoundQueries,
    private readonly changes: ScoreChanges,
  ) {}

  @Get(':zoneId/assessments')
  @ApiOperation({
    summary: "A zone's score and rank in every round, through its lineage, with what changed",
    description:
      'Oldest round first; rounds before a merger show the results of the zones it absorbed. Each entry carries the score and rank changes its publication recorded, an exit warning if one was issued, and the published rank where MofCOM named the zone.',
  })
  @ApiOkResponse({ type: ZoneAssessmentHistoryDto })
  @ApiProblemResponses(400, 401)
  async history(@Param('zoneId') zoneId: string) {
    return { zoneId, items: await this.queries.zoneHistory(zoneId) };
  }

  @Get(':zoneId/assessments/:roundId/change')
  @ApiOperation({
    summary: "What moved the zone's score since an earlier round, part by part",
    description:
      "The change from the earlier round (default: the published round just before) split into what the methodology changed, what the population changed (entries, exits, mergers), what other zones' data changed and what the zone's own data changed, each scored both ways, the parts summing to the change; with the contribution imputed values made in each round and every indicator's value and contribution in both, the largest movers first. Records nothing.",
  })
  @ApiOkResponse({ type: ScoreChangeDto })
  @ApiProblemResponses(400, 401, 404, 422)
  change(
    @Param('zoneId') zoneId: string,
    @Param('roundId') roundId: string,
    @Query() query: ScoreChangeQueryDto,
  ) {
    return this.changes.explain(zoneId, roundId, query.against);
  }
}
