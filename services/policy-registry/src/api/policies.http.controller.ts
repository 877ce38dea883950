import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CommandEndpoint,
  ApiProblemResponses,
  ApiVersionedResponse,
  BEARER_SCHEME,
  ChangeContext,
  ETagFromVersion,
  type CommandContext,
} from '@zoneledger/platform';
import type { ServerResponse } from 'node:http';
import { AmendPolicyCommand } from '../application/amend-policy.handler';
import { ExtendAutonomyCommand } from '../application/extend-autonomy.handler';
import { IssuePolicyCommand } from '../application/issue-policy.handler';
import type { PolicyCommandResult } from '../application/policy-command';
import {
  PolicyReader,
  type PolicyHistoryEntry,
  type PolicyView,
} from '../application/policy-reader';
import { RepealPolicyCommand } from '../application/repeal-policy.handler';
import { SupersedePolicyCommand } from '../application/supersede-policy.handler';
import { AmendPolicyDto } from './dto/amend-policy.dto';
import { ExtendAutonomyDto, RepealPolicyDto, SupersedePolicyDto } from './dto/end-policy.dto';
import { IssuePolicyDto } from './dto/issue-policy.dto';
import { PolicyAsOfQueryDto } from './dto/policy-detail-query.dto';
import { InForceQueryDto } from './dto/policy-queries.dto';
import {
  PolicyCommandResultDto,
  PolicyHistoryEntryDto,
  PolicyViewDto,
} from './dto/policy-responses.dto';

/**
 * The policy registry's commands (policy admins) and a policy's detail and history, read from
 * its event stream (any valid token).
 */
@ApiTags('policies')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/policies')
export class PoliciesHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reader: PolicyReader,
  ) {}

  @Post()
  @CommandEndpoint({
    roles: ['policy-admin'],
    summary: 'Issue a policy (Idempotency-Key makes a retry harmless)',
    description:
      'Its powers are granted to the zones its scope covers now (the zones this service knows from zoneledger.zones.v1), published in PolicyIssued.autonomyGrants.',
    type: PolicyCommandResultDto,
    answer: 'Issued; Location names the policy',
    problems: [400, 401, 403, 409, 413, 422],
  })
  async issue(
    @Body() issuance: IssuePolicyDto,
    @ChangeContext() context: CommandContext,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<PolicyCommandResult> {
    const result = await this.commands.execute(new IssuePolicyCommand(issuance, context));
    response.setHeader('Location', `/v1/policies/${encodeURIComponent(result.policyId)}`);
    return result;
  }

  @Post(':policyId/amendments')
  @CommandEndpoint({
    roles: ['policy-admin'],
    summary: 'Amend a policy: a new version of its text (If-Match, Idempotency-Key)',
    type: PolicyCommandResultDto,
    answer: 'Amended (or already as asked)',
    problems: [400, 401, 403, 404, 409, 413, 422],
  })
  amend(
    @Param('policyId') policyId: string,
    @Body() amendment: AmendPolicyDto,
    @ChangeContext() context: CommandContext,
  ): Promise<PolicyCommandResult> {
    return this.commands.execute(new AmendPolicyCommand(policyId, amendment, context));
  }

  @Post(':policyId/supersession')
  @CommandEndpoint({
    roles: ['policy-admin'],
    summary: 'Record that a later policy supersedes this one (Idempotency-Key)',
    type: PolicyCommandResultDto,
    answer: 'Superseded (or already so)',
    problems: [400, 401, 403, 404, 409, 413, 422],
  })
  supersede(
    @Param('policyId') policyId: string,
    @Body() supersession: SupersedePolicyDto,
    @ChangeContext() context: CommandContext,
  ): Promise<PolicyCommandResult> {
    return this.commands.execute(new SupersedePolicyCommand(policyId, supersession, context));
  }

  @Post(':policyId/repeal')
  @CommandEndpoint({
    roles: ['policy-admin'],
    summary: 'Repeal a policy from a date (Idempotency-Key)',
    type: PolicyCommandResultDto,
    answer: 'Repealed',
    problems: [400, 401, 403, 404, 409, 413, 422],
  })
  repeal(
    @Param('policyId') policyId: string,
    @Body() repeal: RepealPolicyDto,
    @ChangeContext() context: CommandContext,
  ): Promise<PolicyCommandResult> {
    return this.commands.execute(new RepealPolicyCommand(policyId, repeal, context));
  }

  @Post(':policyId/autonomy-extensions')
  @CommandEndpoint({
    roles: ['policy-admin'],
    summary: "Grant a policy's powers to zones that entered its scope since (Idempotency-Key)",
    description:
      'The scope of the version in force on effectiveOn is resolved to the zones it covers now; zones granted before are not granted again (asking twice records nothing).',
    type: PolicyCommandResultDto,
    answer: 'Extended (or nothing new to grant)',
    problems: [400, 401, 403, 404, 409, 413, 422],
  })
  extendAutonomy(
    @Param('policyId') policyId: string,
    @Body() extension: ExtendAutonomyDto,
    @ChangeContext() context: CommandContext,
  ): Promise<PolicyCommandResult> {
    return this.commands.execute(new ExtendAutonomyCommand(policyId, extension, context));
  }

  @Get(':policyId')
  @ETagFromVersion()
  @ApiOperation({
    summary:
      "A policy as it stands (or stood asOf), with the version in force on inForceOn; the ETag is its stream's version",
  })
  @ApiVersionedResponse(200, PolicyViewDto, 'The policy')
  @ApiProblemResponses(400, 401, 404)
  detail(
    @Param('policyId') policyId: string,
    @Query() { asOf, inForceOn }: InForceQueryDto,
  ): Promise<PolicyView> {
    return this.reader.detail(policyId, asOf, inForceOn);
  }

  @Get(':policyId/history')
  @ApiOperation({ summary: "The policy's events in the order they were recorded" })
  @ApiOkResponse({ type: [PolicyHistoryEntryDto], description: 'Its events, oldest first' })
  @ApiProblemResponses(400, 401, 404)
  history(
    @Param('policyId') policyId: string,
    @Query() { asOf }: PolicyAsOfQueryDto,
  ): Promise<PolicyHistoryEntry[]> {
    return this.reader.history(policyId, asOf);
  }
}
