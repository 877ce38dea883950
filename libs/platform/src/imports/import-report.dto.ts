import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MAX_PAGE_OFFSET, Optional, QueryInteger } from '../input/field.decorators';
import { FieldErrorSchema } from '../openapi/problem-details.schema';
import {
  IMPORT_ROW_FIELD_ERRORS,
  IMPORT_ROW_OUTCOMES,
  IMPORT_ROWS_PAGE_MAX,
  IMPORT_SUMMARY_REJECTED_ROWS,
  type ImportRowOutcome,
} from './import-report.model';

// Bases of a service's import report schemas: the service extends them with the id its rows
// name (zoneId, policyId) and the lists of its own row schema.

/** One row of an import and its outcome (the service's schema adds the id of its subject). */
export class ImportRowDto {
  @ApiProperty({ description: "The row's line in a CSV file, or its 1-based index in the list" })
  row!: number;
  @ApiProperty({ enum: IMPORT_ROW_OUTCOMES }) outcome!: ImportRowOutcome;
  @ApiProperty({ description: 'The name the row gives (at most 200 characters)' }) name!: string;
  @ApiPropertyOptional({
    example: 'VALIDATION.FAILED',
    description: "A rejected row's stable problem code",
  })
  code?: string;
  @ApiPropertyOptional({ description: 'Why the row was rejected (at most 500 characters)' })
  detail?: string;
  @ApiPropertyOptional({
    type: [FieldErrorSchema],
    maxItems: IMPORT_ROW_FIELD_ERRORS,
    description: `The first ${IMPORT_ROW_FIELD_ERRORS} field errors of a rejected row`,
  })
  errors?: FieldErrorSchema[];
  @ApiPropertyOptional({ description: 'How many field errors the row had in all' })
  errorCount?: number;
}

/** Where an import's report is served. */
export class ImportReportLinksDto {
  @ApiProperty({ example: '/v1/zones/imports/0b7c…', description: 'This summary' })
  self!: string;
  @ApiProperty({ example: '/v1/zones/imports/0b7c…/rows', description: 'Every row, paged' })
  rows!: string;
  @ApiProperty({
    example: '/v1/zones/imports/0b7c…/rows?outcome=rejected',
    description: 'The rejected rows, paged',
  })
  rejectedRows!: string;
}

/** An import's summary (the service's schema adds `firstRejected` of its row schema). */
export class ImportSummaryDto {
  @ApiProperty({ format: 'uuid' }) importId!: string;
  @ApiProperty({ type: String, format: 'date-time' }) importedAt!: Date;
  @ApiProperty({ description: 'Who imported (the subject of their token)' }) actor!: string;
  @ApiProperty({ description: 'Rows read from the body' }) rows!: number;
  @ApiProperty({ description: 'Rows that created what they describe' }) created!: number;
  @ApiProperty({ description: 'Rows already recorded with the same data' }) skipped!: number;
  @ApiProperty({ description: 'Rows refused' }) rejected!: number;
  @ApiProperty({ type: ImportReportLinksDto }) links!: ImportReportLinksDto;
}

/** A page of an import's rows (the service's schema adds `items` of its row schema). */
export class ImportRowPageDto {
  @ApiProperty({ description: 'Rows of the requested outcome (or all) in the report' })
  total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
}

/** GET .../imports/{importId}/rows: an outcome to filter by and a page. */
export class ImportRowsQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_ROW_OUTCOMES })
  @Optional()
  @IsIn(IMPORT_ROW_OUTCOMES)
  outcome?: ImportRowOutcome;

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: IMPORT_ROWS_PAGE_MAX })
  @Optional()
  @QueryInteger({ min: 1, max: IMPORT_ROWS_PAGE_MAX })
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: MAX_PAGE_OFFSET })
  @Optional()
  @QueryInteger({ min: 0, max: MAX_PAGE_OFFSET })
  offset?: number;
}

/** The links of an import's report served under `basePath` (e.g. `/v1/zones/imports`). */
export function importReportLinks(basePath: string, importId: string): ImportReportLinksDto {
  const self = `${basePath}/${importId}`;
  return { self, rows: `${self}/rows`, rejectedRows: `${self}/rows?outcome=rejected` };
}

/** The summary's documented size, for services' operation descriptions. */
export const IMPORT_SUMMARY_DESCRIPTION =
  `counts of created, skipped and rejected rows, the first ${IMPORT_SUMMARY_REJECTED_ROWS} rejected rows ` +
  `(with errorCount; their field errors, at most ${IMPORT_ROW_FIELD_ERRORS} a row, are in the rows' pages), and links to the report and its rows`;
