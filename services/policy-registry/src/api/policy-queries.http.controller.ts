import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, BEARER_SCHEME, pageOf, type PageOf } from '@zoneledger/platform';
import { PolicyLinksQuery, type PolicyLinks } from '../queries/policy-links.query';
import { PolicyListQuery, type PolicySummaryView } from '../queries/policy-list.query';
import { PolicyZonesQuery, type PolicyZones } from '../queries/policy-zones.query';
import { isoDayOf, readTimesOf } from '../queries/read-times';
import { ListPoliciesQueryDto, PolicyZonesQueryDto } from './dto/policy-queries.dto';
import { PolicyLinksDto, PolicyPageDto, PolicyZonesDto } from './dto/policy-query-responses.dto';

/** The policy list, the zones a policy applies to and its links. Open to any valid token. */
@ApiTags('policies')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/policies')
export class PolicyQueriesHttpController {
  constructor(
    private readonly list: PolicyListQuery,
    private readonly zones: PolicyZonesQuery,
    private readonly links: PolicyLinksQuery,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List policies by filters, a page at a time, newest issued first',
    description:
      'status is where a policy stands today (in China); appliesToZone keeps the policies in force for that zone today; q matches part of a Chinese or English title or of a measure. Follows the policies topic within moments (eventually consistent).',
  })
  @ApiOkResponse({ type: PolicyPageDto, description: 'One page of the matching policies' })
  @ApiProblemResponses(400, 401, 404)
  listPolicies(@Query() query: ListPoliciesQueryDto): Promise<PageOf<PolicySummaryView>> {
    const { limit, offset, issuedFrom, issuedTo, q, ...filter } = query;
    return this.list.list(
      {
        ...filter,
        ...(issuedFrom ? { issuedFrom: isoDayOf(issuedFrom) } : {}),
        ...(issuedTo ? { issuedTo: isoDayOf(issuedTo) } : {}),
        ...(q ? { text: q } : {}),
      },
      pageOf({ limit, offset }),
    );
  }

  @Get(':policyId/zones')
  @ApiOperation({
    summary: 'The zones a policy applies to on a day, as the register knew them at a moment',
    description:
      'inForceOn is valid time (default today in China), asOf recorded time (default now): the version of the policy in force then, and the zones its scope covered as they stood then (active or downgraded), each with the criteria that hold. No zones when the policy was not in force.',
  })
  @ApiOkResponse({ type: PolicyZonesDto, description: 'One page of the zones' })
  @ApiProblemResponses(400, 401, 404)
  zonesOf(
    @Param('policyId') policyId: string,
    @Query() query: PolicyZonesQueryDto,
  ): Promise<PolicyZones> {
    return this.zones.forPolicy(policyId, readTimesOf(query), pageOf(query));
  }

  @Get(':policyId/links')
  @ApiOperation({
    summary: 'What a policy implements and supersedes, and what implements or supersedes it',
  })
  @ApiOkResponse({ type: PolicyLinksDto, description: "The policy's links as known now" })
  @ApiProblemResponses(401, 404)
  linksOf(@Param('policyId') policyId: string): Promise<PolicyLinks> {
    return this.links.linksOf(policyId);
  }
}
