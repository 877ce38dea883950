import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldErrorSchema } from '@zoneledger/platform';
import { RegisterZoneDto } from './register-zone.dto';

// The import's documentation. The body is not validated as a whole: each zone is checked on its
// own, and a zone that fails is a refused row of the report, not a failed request.

/** POST /v1/zones/imports as JSON. */
export class ImportZonesDto {
  @ApiProperty({
    type: [RegisterZoneDto],
    description: 'Registrations as POST /v1/zones takes them',
  })
  zones!: RegisterZoneDto[];
}

/** A row the import refused. */
export class RejectedImportRowDto {
  @ApiProperty({ description: "The row's line in a CSV file, or its 1-based index in `zones`" })
  row!: number;
  @ApiProperty({ description: 'The Chinese name the row gives (the English one if none)' })
  name!: string;
  @ApiPropertyOptional({ description: 'The zone the row names or would have created' })
  zoneId?: string;
  @ApiProperty({
    example: 'ZONE.UNKNOWN_PROVINCE',
    description:
      'VALIDATION.FAILED, ZONE_IMPORT.COLUMN_COUNT, ZONE_IMPORT.REPEATED_ZONE, ZONE.ALREADY_REGISTERED (registered with other data) or a ZONE.* rule',
  })
  code!: string;
  @ApiProperty() detail!: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema] }) errors?: FieldErrorSchema[];
}

/** What an import did. */
export class ZoneImportReportDto {
  @ApiProperty({ description: 'Zones registered by this import' }) created!: number;
  @ApiProperty({ description: 'Rows whose zone was already registered with the same data' })
  skipped!: number;
  @ApiProperty({ type: [RejectedImportRowDto] }) rejected!: RejectedImportRowDto[];
}
