import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtension,
  ApiExtraModels,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  Actor,
  ApiProblemResponses,
  BEARER_SCHEME,
  IMPORT_SUMMARY_DESCRIPTION,
  importReportsController,
  importReportViews,
  Roles,
  type ImportRowView,
  type ImportSummaryView,
  type Principal,
} from '@zoneledger/platform';
import type { ServerResponse } from 'node:http';
import { ImportZonesCommand } from '../application/import-zones.handler';
import { CorrelationId } from './correlation-id.decorator';
import {
  ImportZonesDto,
  ZoneImportRowDto,
  ZoneImportRowPageDto,
  ZoneImportSummaryDto,
} from './dto/zone-import.dto';
import {
  IMPORT_BODY_LIMIT,
  IMPORT_COLUMNS,
  UnreadableZoneImportError,
  ZONE_IMPORT_LIMITS,
  zoneImportRowsFromCsv,
  zoneImportRowsFromJson,
} from './zone-import-rows';

const IMPORTS_PATH = '/v1/zones/imports';
const { maxRows, maxColumns, maxRecordBytes } = ZONE_IMPORT_LIMITS;

/** A zone import's summary as the API shows it: its rows name zones, and links to the rest. */
export type ZoneImportSummaryView = ImportSummaryView<'zoneId'>;
/** A row of a zone import's report as the API shows it. */
export type ZoneImportRowView = ImportRowView<'zoneId'>;

const views = importReportViews(IMPORTS_PATH, 'zoneId');

/**
 * Bulk registration: a CSV file or a JSON list of zones, one registration per row, and the
 * reports of imports: a summary, and every row's outcome page by page.
 */
@ApiTags('zones')
@ApiBearerAuth(BEARER_SCHEME)
@ApiExtraModels(ZoneImportRowDto)
@Controller('v1/zones/imports')
export class ZoneImportsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('zone-admin')
  @ApiOperation({
    summary: 'Register many zones from a CSV file or a JSON list; importing again is harmless',
    description:
      `CSV (text/csv): a header row naming ${IMPORT_COLUMNS.join(',')}, optionally kind and level ` +
      '(default ETDZ and NATIONAL; short or full enum names), then one zone per line, RFC 4180 quoting. ' +
      'JSON: {zones: [...]} with the fields of POST /v1/zones, and no other field. Each row is one registration, its zone id ' +
      "`zone-<level>-<hash of the Chinese name>` unless the row names one, its Idempotency-Key derived from the row's data: " +
      'a row imported before is skipped, a zone registered with other data is refused (a correction, not an import). ' +
      'Refused rows are reported and do not stop the others. ' +
      `Limits, each refused whole with 400 before any row is recorded: at most ${maxRows} rows (IMPORT.TOO_MANY_ROWS), ` +
      `${maxColumns} fields in a CSV record (IMPORT.TOO_MANY_COLUMNS), ${maxRecordBytes} bytes of field content in a CSV record ` +
      '(IMPORT.RECORD_TOO_LARGE), no control character but tab, CR and LF in a CSV value (IMPORT.CONTROL_CHARACTER, with its line); ' +
      `the body limit is ZONE_IMPORT_BODY_LIMIT (${IMPORT_BODY_LIMIT.defaultBytes / 1024 / 1024} MiB by default; 413 REQUEST.TOO_LARGE), ` +
      'not the service-wide HTTP_BODY_LIMIT. ' +
      `The answer is the import's summary (${IMPORT_SUMMARY_DESCRIPTION}), its report kept for 30 days; Location names the summary.`,
  })
  @ApiExtension('x-import-limits', {
    maxRows,
    maxColumns,
    maxRecordBytes,
    defaultBodyLimitBytes: IMPORT_BODY_LIMIT.defaultBytes,
  })
  @ApiConsumes('text/csv', 'application/json')
  @ApiExtraModels(ImportZonesDto)
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(ImportZonesDto) },
        { type: 'string', example: `${IMPORT_COLUMNS.join(',')}\n苏州工业园区 ...` },
      ],
    },
  })
  @ApiCreatedResponse({
    type: ZoneImportSummaryDto,
    description: "What the import did: the summary of its report, the rows' outcomes in links",
    headers: { Location: { description: "The import's summary", schema: { type: 'string' } } },
  })
  @ApiProblemResponses(400, 401, 403, 413, 415)
  async import(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Actor() actor: Principal,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ZoneImportSummaryView> {
    const rows =
      typeof body === 'string'
        ? await zoneImportRowsFromCsv(body)
        : isCsv(contentType)
          ? unreadable()
          : await zoneImportRowsFromJson(body);
    const summary = await this.commands.execute(
      new ImportZonesCommand(rows, { actor: actor.sub, correlationId }),
    );
    const view = views.summary(summary);
    response.setHeader('Location', view.links.self);
    return view;
  }
}

function isCsv(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'text/csv';
}

// A CSV request whose body the parser left unread: it was empty.
function unreadable(): never {
  throw new UnreadableZoneImportError('The CSV is empty: it needs a header row');
}

/** The reports of zone imports: their summaries and rows, for zone admins and ops. */
export const ZoneImportReportsHttpController = importReportsController({
  name: 'ZoneImportReportsHttpController',
  path: 'v1/zones/imports',
  subjectKey: 'zoneId',
  tag: 'zones',
  roles: ['zone-admin', 'ops'],
  audience: 'zone admins and ops',
  summaryType: ZoneImportSummaryDto,
  pageType: ZoneImportRowPageDto,
});
