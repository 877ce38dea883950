import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, BEARER_SCHEME } from '@zoneledger/platform';
import { RoundQueries } from '../queries/round.queries';
import { ZoneAssessmentHistoryDto } from './dto/assessment-responses.dto';

/** A zone's assessment history, for any valid token. */
@ApiTags('rounds')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/zones')
export class ZoneAssessmentsHttpController {
  constructor(private readonly queries: RoundQueries) {}

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
}
