import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  Actor,
  ApiProblemResponses,
  BEARER_SCHEME,
  CorrelationId,
  IMPORT_SUMMARY_DESCRIPTION,
  importReportViews,
  ImportReportStore,
  ImportRowsQueryDto,
  Roles,
  type ImportRowPageView,
  type ImportRowView,
  type ImportSummaryView,
  type Principal,
} from '@zoneledger/platform';
import type { ServerResponse } from 'node:http';
import { ImportPoliciesCommand } from '../application/import-policies.handler';
import {
  ImportPoliciesDto,
  PolicyImportRowDto,
  PolicyImportRowPageDto,
  PolicyImportSummaryDto,
} from './dto/policy-import.dto';
import { POLICY_IMPORT_MAX_ROWS, policyImportRowsFromJson } from './policy-import-rows';

const IMPORTS_PATH = '/v1/policies/imports';

/** A policy import's summary as the API shows it: its rows name policies, and links to the rest. */
export type PolicyImportSummaryView = ImportSummaryView<'policyId'>;
/** A row of a policy import's report as the API shows it. */
export type PolicyImportRowView = ImportRowView<'policyId'>;

const views = importReportViews(IMPORTS_PATH, 'policyId');

/** Bulk issuance from a JSON list of policies, and the reports of imports. */
@ApiTags('policies')
@ApiBearerAuth(BEARER_SCHEME)
@ApiExtraModels(PolicyImportRowDto)
@Controller('v1/policies/imports')
export class PolicyImportsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reports: ImportReportStore,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('policy-admin')
  @ApiOperation({
    summary: 'Issue many policies from a JSON list; importing again is harmless',
    description:
      '{policies: [...]} with the fields of POST /v1/policies, and no other field, issued in row order (a row may implement a policy an earlier row issued). ' +
      "Idempotent per document number: a row whose issuer already has a policy bearing its number is skipped. A row's policy id is " +
      '`policy-<hash of issuer and document number>` unless it names one. Refused rows are reported and do not stop the others. ' +
      `At most ${POLICY_IMPORT_MAX_ROWS} rows (400 IMPORT.TOO_MANY_ROWS). ` +
      `The answer is the import's summary (${IMPORT_SUMMARY_DESCRIPTION}), its report kept for 30 days; Location names the summary.`,
  })
  @ApiBody({ type: ImportPoliciesDto })
  @ApiCreatedResponse({
    type: PolicyImportSummaryDto,
    description: "What the import did: the summary of its report, the rows' outcomes in links",
    headers: { Location: { description: "The import's summary", schema: { type: 'string' } } },
  })
  @ApiProblemResponses(400, 401, 403, 413, 415)
  async import(
    @Body() body: unknown,
    @Actor() actor: Principal,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<PolicyImportSummaryView> {
    const rows = await policyImportRowsFromJson(body);
    const summary = await this.commands.execute(
      new ImportPoliciesCommand(rows, { actor: actor.sub, correlationId }),
    );
    const view = views.summary(summary);
    response.setHeader('Location', view.links.self);
    return view;
  }

  @Get(':importId')
  @Roles('policy-admin', 'ops')
  @ApiOperation({
    summary: "An import's summary",
    description: `${IMPORT_SUMMARY_DESCRIPTION}; as POST answered it. For policy admins and ops.`,
  })
  @ApiParam({ name: 'importId', format: 'uuid' })
  @ApiOkResponse({ type: PolicyImportSummaryDto, description: 'The summary of the report' })
  @ApiProblemResponses(401, 403, 404)
  async summary(@Param('importId') importId: string): Promise<PolicyImportSummaryView> {
    return views.summary(await this.reports.summary(importId));
  }

  @Get(':importId/rows')
  @Roles('policy-admin', 'ops')
  @ApiOperation({
    summary: "An import's rows and their outcomes, a page at a time, in row order",
    description:
      'Filter by outcome (created, skipped, rejected); limit 1 to 1000 (default 100). ' +
      'A page past the end is empty; total counts the rows of the outcome. For policy admins and ops.',
  })
  @ApiParam({ name: 'importId', format: 'uuid' })
  @ApiOkResponse({ type: PolicyImportRowPageDto, description: 'One page of rows' })
  @ApiProblemResponses(400, 401, 403, 404)
  async rows(
    @Param('importId') importId: string,
    @Query() query: ImportRowsQueryDto,
  ): Promise<ImportRowPageView<'policyId'>> {
    const { outcome, limit, offset } = query;
    const page = await this.reports.rows(
      importId,
      { outcome },
      { limit: limit ?? 100, offset: offset ?? 0 },
    );
    return views.page(page);
  }
}
