import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, BEARER_SCHEME } from '@zoneledger/platform';
import {
  AutonomyGrantsQuery,
  type PolicyAutonomyGrantPage,
} from '../policy-events/autonomy-grants.query';
import { ListPolicyAutonomyGrantsQueryDto } from './dto/autonomy-grant-queries.dto';
import { PolicyAutonomyGrantPageDto } from './dto/autonomy-grant-responses.dto';

/** What became of the autonomy grants policies asked for. Open to any valid token. */
@ApiTags('autonomy grants')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/policy-autonomy-grants')
export class PolicyAutonomyGrantsHttpController {
  constructor(private readonly grants: AutonomyGrantsQuery) {}

  @Get()
  @ApiOperation({
    summary: "Each zone's share of the autonomy grants in policy events, and its outcome",
    description:
      "The policy-registry publishes PolicyIssued events; their autonomy grants become GrantAutonomy commands on each named zone. An outcome is granted, already_granted (the zone held the power by that policy already) or rejected (with the register's error code, e.g. ZONE.NOT_ACTIVE for a merged zone). Follows the policies topic within moments (eventually consistent).",
  })
  @ApiOkResponse({ type: PolicyAutonomyGrantPageDto, description: 'One page of the outcomes' })
  @ApiProblemResponses(400, 401)
  list(@Query() query: ListPolicyAutonomyGrantsQueryDto): Promise<PolicyAutonomyGrantPage> {
    const { limit, offset, ...filter } = query;
    return this.grants.list(filter, { limit: limit ?? 50, offset: offset ?? 0 });
  }
}
