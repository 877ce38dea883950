import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  Actor,
  ApiProblemResponses,
  BEARER_SCHEME,
  Roles,
  type Principal,
} from '@zoneledger/platform';
import { ImportZonesCommand } from '../application/import-zones.handler';
import type { ZoneImportReport } from '../application/zone-import.model';
import { CorrelationId } from './correlation-id.decorator';
import { ImportZonesDto, ZoneImportReportDto } from './dto/zone-import.dto';
import {
  IMPORT_COLUMNS,
  UnreadableZoneImportError,
  zoneImportRowsFromCsv,
  zoneImportRowsFromJson,
} from './zone-import-rows';

/** Bulk registration: a CSV file or a JSON list of zones, one registration per row. */
@ApiTags('zones')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/zones/imports')
export class ZoneImportsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Roles('zone-admin')
  @ApiOperation({
    summary: 'Register many zones from a CSV file or a JSON list; importing again is harmless',
    description:
      `CSV (text/csv): a header row naming ${IMPORT_COLUMNS.join(',')}, optionally kind and level ` +
      '(default ETDZ and NATIONAL; short or full enum names), then one zone per line, RFC 4180 quoting. ' +
      'JSON: {zones: [...]} with the fields of POST /v1/zones. Each row is one registration, its zone id ' +
      "`zone-<level>-<hash of the Chinese name>` unless the row names one, its Idempotency-Key derived from the row's data: " +
      'a row imported before is skipped, a zone registered with other data is refused (a correction, not an import). ' +
      'Refused rows are listed in the report and do not stop the others. The body limit is ZONE_IMPORT_BODY_LIMIT (32 MiB by default), not the service-wide HTTP_BODY_LIMIT.',
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
  @ApiOkResponse({ type: ZoneImportReportDto, description: 'What the import did, row by row' })
  @ApiProblemResponses(400, 401, 403, 413, 415)
  import(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Actor() actor: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<ZoneImportReport> {
    const rows =
      typeof body === 'string'
        ? zoneImportRowsFromCsv(body)
        : isCsv(contentType)
          ? unreadable()
          : zoneImportRowsFromJson(body);
    return this.commands.execute(new ImportZonesCommand(rows, { actor: actor.sub, correlationId }));
  }
}

function isCsv(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'text/csv';
}

// A CSV request whose body the parser left unread: it was empty.
function unreadable(): never {
  throw new UnreadableZoneImportError('The CSV is empty: it needs a header row');
}
