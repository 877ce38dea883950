import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, BEARER_SCHEME } from '@zoneledger/platform';
import { readTimesOf } from '../queries/read-times';
import { ZonePoliciesQuery, type ZonePolicies } from '../queries/zone-policies.query';
import { InForceQueryDto } from './dto/policy-queries.dto';
import { ZonePoliciesDto } from './dto/policy-query-responses.dto';

/** The policies in force for a zone over time. Open to any valid token. */
@ApiTags('policies')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/zones')
export class ZonePoliciesHttpController {
  constructor(private readonly policies: ZonePoliciesQuery) {}

  @Get(':zoneId/policies')
  @ApiOperation({
    summary: 'The policies in force for a zone on a day, as the register knew them at a moment',
    description:
      'inForceOn is valid time (default today in China): the version of each policy in force then, the latest effective at or before it, unless the policy had expired, been superseded or repealed. asOf is recorded time (default now): what the register had recorded by then. Each policy says why it applies (the scope criteria that hold); after a merger, policies of the absorbed zones are listed too, marked with the zone they came from. Follows the policies and zones topics within moments (eventually consistent).',
  })
  @ApiOkResponse({ type: ZonePoliciesDto, description: 'The policies in force and why' })
  @ApiProblemResponses(400, 401, 404)
  forZone(@Param('zoneId') zoneId: string, @Query() query: InForceQueryDto): Promise<ZonePolicies> {
    return this.policies.forZone(zoneId, readTimesOf(query));
  }
}
