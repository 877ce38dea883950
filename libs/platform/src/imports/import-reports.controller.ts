import { Controller, Get, Inject, Param, Query, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import type { Role } from '../auth/principal';
import { ApiProblemResponses } from '../openapi/api-problem-responses.decorator';
import { BEARER_SCHEME } from '../openapi/service-document';
import { IMPORT_SUMMARY_DESCRIPTION, ImportRowsQueryDto } from './import-report.dto';
import { ImportReportStore } from './import-report.store';
import {
  importReportViews,
  type ImportRowPageView,
  type ImportSummaryView,
} from './import-report.views';

/** Where a service serves the reports of its imports, to whom, and with which schemas. */
export interface ImportReportsOptions<SubjectKey extends string> {
  /** The controller's class name (Nest and the OpenAPI operation ids use it). */
  readonly name: string;
  /** The import endpoint's path without its leading slash, e.g. `v1/zones/imports`. */
  readonly path: string;
  /** The name of the id each row's subject goes by: `zoneId`, `policyId`. */
  readonly subjectKey: SubjectKey;
  readonly tag: string;
  /** Who may read the reports, e.g. the service's admins and ops; and how the docs say it. */
  readonly roles: readonly [Role, ...Role[]];
  readonly audience: string;
  /** The service's summary and page schemas (its row schema names the subject). */
  readonly summaryType: Type<unknown>;
  readonly pageType: Type<unknown>;
}

/**
 * The controller that serves a service's import reports: GET <path>/{importId} (the summary, as
 * the import answered it) and GET <path>/{importId}/rows (every row's outcome, a page at a
 * time). The service's own controller keeps the import itself; list this one before any route
 * the import ids could fall into.
 */
export function importReportsController<SubjectKey extends string>(
  options: ImportReportsOptions<SubjectKey>,
): Type<unknown> {
  const views = importReportViews(`/${options.path}`, options.subjectKey);

  @ApiTags(options.tag)
  @ApiBearerAuth(BEARER_SCHEME)
  @Controller(options.path)
  class ImportReportsHttpController {
    constructor(@Inject(ImportReportStore) private readonly reports: ImportReportStore) {}

    @Get(':importId')
    @Roles(...options.roles)
    @ApiOperation({
      summary: "An import's summary",
      description: `${IMPORT_SUMMARY_DESCRIPTION}; as POST answered it. For ${options.audience}.`,
    })
    @ApiParam({ name: 'importId', format: 'uuid' })
    @ApiOkResponse({ type: options.summaryType, description: 'The summary of the report' })
    @ApiProblemResponses(401, 403, 404)
    async summary(@Param('importId') importId: string): Promise<ImportSummaryView<SubjectKey>> {
      return views.summary(await this.reports.summary(importId));
    }

    @Get(':importId/rows')
    @Roles(...options.roles)
    @ApiOperation({
      summary: "An import's rows and their outcomes, a page at a time, in row order",
      description:
        'Filter by outcome (created, skipped, rejected); limit 1 to 1000 (default 100). ' +
        `A page past the end is empty; total counts the rows of the outcome. For ${options.audience}.`,
    })
    @ApiParam({ name: 'importId', format: 'uuid' })
    @ApiOkResponse({ type: options.pageType, description: 'One page of rows' })
    @ApiProblemResponses(400, 401, 403, 404)
    async rows(
      @Param('importId') importId: string,
      @Query() { outcome, limit, offset }: ImportRowsQueryDto,
    ): Promise<ImportRowPageView<SubjectKey>> {
      const page = await this.reports.rows(
        importId,
        { outcome },
        { limit: limit ?? 100, offset: offset ?? 0 },
      );
      return views.page(page);
    }
  }
  // Nest names controllers by their class: each keeps the name its service gave it.
  Object.defineProperty(ImportReportsHttpController, 'name', { value: options.name });
  return ImportReportsHttpController;
}
