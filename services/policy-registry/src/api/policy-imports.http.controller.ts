import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  Actor,
  ApiProblemResponses,
  BEARER_SCHEME,
  CorrelationId,
  IMPORT_SUMMARY_DESCRIPTION,
  importReportsController,
  importReportViews,
  Roles,
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
  constructor(private readonly commands: CommandBus) {}

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
}

/** The reports of policy imports: their summaries and rows, for policy admins and ops. */
export const PolicyImportReportsHttpController = importReportsController({
  name: 'PolicyImportReportsHttpController',
  path: 'v1/policies/imports',
  subjectKey: 'policyId',
  tag: 'policies',
  roles: ['policy-admin', 'ops'],
  audience: 'policy admins and ops',
  summaryType: PolicyImportSummaryDto,
  pageType: PolicyImportRowPageDto,
});
