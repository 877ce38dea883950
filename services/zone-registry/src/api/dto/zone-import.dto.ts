import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DEFAULT_IMPORT_LIMITS,
  IMPORT_ROWS_PAGE_MAX,
  IMPORT_SUMMARY_REJECTED_ROWS,
  ImportRowDto,
  ImportRowPageDto,
  ImportSummaryDto,
} from '@zoneledger/platform';
import { RegisterZoneDto } from './register-zone.dto';

// The import's documentation. The body is not validated as a whole: each zone is checked on its
// own, and a zone that fails is a refused row of the report, not a failed request.

/** POST /v1/zones/imports as JSON: `zones` and no other field. */
export class ImportZonesDto {
  @ApiProperty({
    type: [RegisterZoneDto],
    maxItems: DEFAULT_IMPORT_LIMITS.maxRows,
    description: 'Registrations as POST /v1/zones takes them',
  })
  zones!: RegisterZoneDto[];
}

/** One row of a zone import and its outcome. */
export class ZoneImportRowDto extends ImportRowDto {
  @ApiPropertyOptional({ description: 'The zone the row created, skipped or would have created' })
  zoneId?: string;
}

/** What a zone import did: its counts, its first refusals and where its rows are served. */
export class ZoneImportSummaryDto extends ImportSummaryDto {
  @ApiProperty({
    type: [ZoneImportRowDto],
    maxItems: IMPORT_SUMMARY_REJECTED_ROWS,
    description: `The first ${IMPORT_SUMMARY_REJECTED_ROWS} rejected rows in row order, without their field errors; every rejected row, with them, is in links.rejectedRows`,
  })
  firstRejected!: ZoneImportRowDto[];
}

/** A page of a zone import's rows. */
export class ZoneImportRowPageDto extends ImportRowPageDto {
  @ApiProperty({ type: [ZoneImportRowDto], maxItems: IMPORT_ROWS_PAGE_MAX })
  items!: ZoneImportRowDto[];
}
