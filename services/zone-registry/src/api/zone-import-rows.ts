import {
  DEFAULT_IMPORT_LIMITS,
  fieldErrorsOf,
  ImportTooManyRowsError,
  MalformedCsvError,
  mapInTurns,
  ProblemError,
  readCsvImport,
  ValidationFailedError,
  type CsvImportRecord,
  type ImportLimits,
} from '@zoneledger/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { ZoneImportRow } from '../application/zone-import.model';
import { RegisterZoneDto } from './dto/register-zone.dto';

/** The import body cannot be read as rows at all (no CSV, no header, wrong header): nothing is done. */
export class UnreadableZoneImportError extends ProblemError {
  readonly code = 'ZONE_IMPORT.UNREADABLE';
  readonly status = 400;
  override readonly title = 'Unreadable zone import';
}

/**
 * The import route's body limit: an import is one request however many rows it has, and 32 MiB
 * takes 100,000 zones as JSON (about 25 MB); every other route keeps HTTP_BODY_LIMIT.
 */
export const IMPORT_BODY_LIMIT = {
  path: '/v1/zones/imports',
  variable: 'ZONE_IMPORT_BODY_LIMIT',
  defaultBytes: 32 * 1024 * 1024,
};

/** What a zone import may hold: the platform's limits (100,000 rows, 32 columns, 64 KiB records). */
export const ZONE_IMPORT_LIMITS: ImportLimits = DEFAULT_IMPORT_LIMITS;

/** The fields of an import's JSON body: only the list of zones. */
const JSON_IMPORT_FIELDS: readonly string[] = ['zones'];

/** The columns of an import CSV (those of the national ETDZ list); kind and level may follow. */
export const IMPORT_COLUMNS = ['name_en', 'name_zh', 'province', 'city', 'approved_year'] as const;
const OPTIONAL_COLUMNS = ['kind', 'level'] as const;
type Column = (typeof IMPORT_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

// Registration fields as a CSV names them, so a row's field errors point at its columns.
const COLUMN_OF_FIELD: Readonly<Record<string, Column>> = {
  nameEn: 'name_en',
  nameZh: 'name_zh',
  province: 'province',
  city: 'city',
  'approvedOn.year': 'approved_year',
  kind: 'kind',
  level: 'level',
};

/**
 * The rows of a CSV import, each numbered by the line it starts on. A row that does not fit
 * (column count, a year that is no number, a field the registration refuses) is a refused row;
 * a text that is no CSV, or whose header is missing or wrong, is UnreadableZoneImportError, and
 * one beyond ZONE_IMPORT_LIMITS or holding control characters an IMPORT.* problem. Kind and level
 * default to ETDZ and national; short values (`ETDZ`, `PROVINCIAL`) are accepted. Read and
 * checked a slice at a time, so the service answers other requests meanwhile.
 */
export async function zoneImportRowsFromCsv(csv: string): Promise<ZoneImportRow[]> {
  const [header, ...records] = await csvRecords(csv);
  if (!header) throw new UnreadableZoneImportError('The CSV is empty: it needs a header row');
  const columns = importColumns(header);
  return mapInTurns(records, (record) => csvRow(record, columns));
}

/**
 * The rows of a JSON import `{zones: [...]}`, each a registration as POST /v1/zones takes it.
 * Other top-level fields are refused (VALIDATION.FAILED), as every endpoint refuses them, and a
 * list longer than ZONE_IMPORT_LIMITS allows is IMPORT.TOO_MANY_ROWS.
 */
export async function zoneImportRowsFromJson(body: unknown): Promise<ZoneImportRow[]> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailedError([
      { field: 'zones', code: 'isArray', message: 'the body must be an object {zones: [...]}' },
    ]);
  }
  const unknown = Object.keys(body).filter((field) => !JSON_IMPORT_FIELDS.includes(field));
  const zones = (body as { zones?: unknown }).zones;
  const errors = [
    // The first few are enough to show the mistake; the body may hold thousands.
    ...unknown.slice(0, 10).map((field) => ({
      field: field.slice(0, 100),
      code: 'whitelistValidation',
      message: `property ${field.slice(0, 100)} should not exist`,
    })),
    ...(Array.isArray(zones)
      ? []
      : [
          {
            field: 'zones',
            code: 'isArray',
            message: 'zones must be a list of zone registrations',
          },
        ]),
  ];
  if (errors.length > 0) throw new ValidationFailedError(errors);
  const list = zones as unknown[];
  if (list.length > ZONE_IMPORT_LIMITS.maxRows) {
    throw new ImportTooManyRowsError(ZONE_IMPORT_LIMITS.maxRows);
  }
  return mapInTurns(list, (zone, index) => registrationRow(index + 1, zone, (field) => field));
}

// The limits' problems stand; text that is no CSV keeps this endpoint's own code.
async function csvRecords(csv: string): Promise<CsvImportRecord[]> {
  try {
    return await readCsvImport(csv, ZONE_IMPORT_LIMITS);
  } catch (error) {
    if (error instanceof MalformedCsvError) {
      throw new UnreadableZoneImportError(`The body is not CSV: ${error.message}`);
    }
    throw error;
  }
}

function importColumns(header: CsvImportRecord): Column[] {
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const known: readonly string[] = [...IMPORT_COLUMNS, ...OPTIONAL_COLUMNS];
  const missing = IMPORT_COLUMNS.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !known.includes(name));
  const repeated = names.filter((name, at) => names.indexOf(name) !== at);
  // Names are echoed cut short: a header line may be 64 KiB.
  const listed = (names: readonly string[]) =>
    names.map((name) => (name.length > 40 ? `${name.slice(0, 39)}…` : name)).join(', ');
  if (missing.length + unknown.length + repeated.length > 0) {
    throw new UnreadableZoneImportError(
      `The first line must be the header ${IMPORT_COLUMNS.join(',')} (optionally with ${OPTIONAL_COLUMNS.join(', ')}); ` +
        [
          missing.length > 0 ? `missing: ${listed(missing)}` : '',
          unknown.length > 0 ? `unknown: ${listed(unknown)}` : '',
          repeated.length > 0 ? `repeated: ${listed(repeated)}` : '',
        ]
          .filter(Boolean)
          .join('; '),
    );
  }
  return names as Column[];
}

function csvRow({ line, fields }: CsvImportRecord, columns: readonly Column[]): ZoneImportRow {
  const value = (column: Column) => fields[columns.indexOf(column)]?.trim() ?? '';
  const name = value('name_zh') || value('name_en');
  if (fields.length !== columns.length) {
    const detail = `the row has ${fields.length} fields, the header names ${columns.length}`;
    return { row: line, name, code: 'ZONE_IMPORT.COLUMN_COUNT', detail };
  }
  const year = value('approved_year');
  if (year !== '' && !/^\d{1,4}$/.test(year)) {
    const got = year.length > 20 ? `${year.slice(0, 19)}…` : year;
    const message = `approved_year must be a year such as 1984, or empty; got "${got}"`;
    const errors = [{ field: 'approved_year', code: 'isYear', message }];
    return { row: line, name, code: 'VALIDATION.FAILED', detail: message, errors };
  }
  const zone = {
    nameZh: value('name_zh'),
    nameEn: value('name_en'),
    kind: enumValue('ZONE_KIND_', value('kind') || 'ETDZ'),
    level: enumValue('ZONE_LEVEL_', value('level') || 'NATIONAL'),
    province: value('province'),
    ...(value('city') ? { city: value('city') } : {}),
    ...(year ? { approvedOn: { year: Number(year) } } : {}),
  };
  return registrationRow(line, zone, (field) => COLUMN_OF_FIELD[field] ?? field);
}

// `ETDZ` and `ZONE_KIND_ETDZ` both name the ETDZ kind.
function enumValue(prefix: string, value: string): string {
  const upper = value.toUpperCase();
  return upper.startsWith(prefix) ? upper : `${prefix}${upper}`;
}

/** Checks a row by the rules of POST /v1/zones; its field errors named by `fieldName`. */
function registrationRow(
  row: number,
  zone: unknown,
  fieldName: (field: string) => string,
): ZoneImportRow {
  if (typeof zone !== 'object' || zone === null || Array.isArray(zone)) {
    const detail = 'each zone must be an object with the fields of a registration';
    return { row, name: '', code: 'VALIDATION.FAILED', detail };
  }
  const registration = plainToInstance(RegisterZoneDto, zone);
  const failures = fieldErrorsOf(
    validateSync(registration, { whitelist: true, forbidNonWhitelisted: true }),
  );
  if (failures.length === 0) return { row, registration };
  const errors = failures.map((error) => {
    const field = fieldName(error.field);
    // class-validator's messages begin with the property: say it as the row names it.
    const property = error.field.split('.').pop() ?? '';
    const message = error.message.startsWith(`${property} `)
      ? `${field}${error.message.slice(property.length)}`
      : error.message;
    return { field, code: error.code, message };
  });
  const { nameZh, nameEn } = zone as { nameZh?: unknown; nameEn?: unknown };
  const name = [nameZh, nameEn].find((value) => typeof value === 'string' && value.trim() !== '');
  return {
    row,
    name: typeof name === 'string' ? name.trim() : '',
    code: 'VALIDATION.FAILED',
    detail: errors.map((error) => error.message).join('; '),
    errors,
  };
}
