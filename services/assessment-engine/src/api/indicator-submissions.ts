import {
  DEFAULT_IMPORT_LIMITS,
  fieldErrorsOf,
  mapInTurns,
  readCsvImport,
  ValidationFailedError,
  type CsvImportRecord,
  type FieldError,
  type ImportLimits,
} from '@zoneledger/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';
import {
  MAX_SUBMITTED_ZONES,
  MAX_VALUES_PER_ZONE,
  SubmitIndicatorsDto,
  ZoneSubmissionDto,
} from './dto/round.dto';

/** The columns of an indicator CSV, in any order: one value per line. */
export const INDICATOR_CSV_COLUMNS = [
  'zone_id',
  'indicator_key',
  'value',
  'unit',
  'source',
] as const;
type Column = (typeof INDICATOR_CSV_COLUMNS)[number];

/**
 * What an indicator CSV may hold: the platform's import limits (100,000 values, 32 fields and
 * 64 KiB a record), beyond which it is refused whole with IMPORT.*; a national round of 230
 * zones of 40 values is 9,200 lines.
 */
export const INDICATOR_CSV_LIMITS: ImportLimits = DEFAULT_IMPORT_LIMITS;

/** The global ValidationPipe's options (platformValidationPipe), for bodies it does not see. */
const AS_THE_PIPE: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: true,
};

// The value properties as the CSV names them.
const COLUMN_OF: Readonly<Record<string, Column>> = {
  zoneId: 'zone_id',
  indicatorKey: 'indicator_key',
  value: 'value',
  unit: 'unit',
  source: 'source',
};

// A number as JSON writes it: no hex, no leading +, no bare dot, no Infinity or NaN.
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The submissions of a body to POST /v1/rounds/{roundId}/indicators, read from CSV (a string,
 * as the platform's text/csv parser leaves it) or JSON, and validated as SubmitIndicatorsDto.
 * Anything wrong is VALIDATION.FAILED (field errors naming a CSV's lines and columns); a CSV
 * beyond INDICATOR_CSV_LIMITS, or that is no CSV, is the platform's IMPORT.* problem.
 */
export async function indicatorSubmissionsOf(
  body: unknown,
  contentType: string | undefined,
): Promise<ZoneSubmissionDto[]> {
  if (typeof body === 'string') return indicatorSubmissionsFromCsv(body);
  // A CSV request whose body the parser left unread: it was empty.
  if (isCsv(contentType)) return indicatorSubmissionsFromCsv('');
  return indicatorSubmissionsFromJson(body);
}

/**
 * A JSON body `{submissions: [...]}`, validated as the global ValidationPipe validates a
 * SubmitIndicatorsDto body (unknown fields refused, one error a field).
 */
export function indicatorSubmissionsFromJson(body: unknown): ZoneSubmissionDto[] {
  // No body at all reads as {} (as the pipe reads it): `submissions` is then missing.
  if (Array.isArray(body) || (typeof body !== 'object' && body !== undefined)) {
    throw new ValidationFailedError([
      {
        field: 'submissions',
        code: 'isObject',
        message: 'the body must be an object {submissions: [...]}, or text/csv',
      },
    ]);
  }
  const dto = plainToInstance(SubmitIndicatorsDto, body ?? {});
  const errors = fieldErrorsOf(validateSync(dto, AS_THE_PIPE));
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return dto.submissions;
}

/** A CSV row kept for its zone: the line it is on and its value as SubmitIndicatorsDto has it. */
interface CsvValue {
  readonly line: number;
  /** What the value column held, when it is no JSON number. */
  readonly notANumber?: 'empty' | 'syntax';
  readonly value: Record<string, unknown>;
}

/** A zone's rows, in the order of the CSV. */
interface CsvZone {
  readonly zoneId: string;
  readonly rows: CsvValue[];
}

/** A field error with where it is, for sorting by line, then column. */
interface PlacedError extends FieldError {
  readonly line: number;
  readonly column: number;
}

/**
 * A CSV of one value per line (INDICATOR_CSV_COLUMNS in any order; fields trimmed), grouped by
 * zone in the order zones first appear, into the submissions the JSON form makes. Each zone is
 * validated as ZoneSubmissionDto, the items of SubmitIndicatorsDto, a zone at a time so a large
 * file does not hold the event loop; errors name the line and column (`line 7 value`).
 */
export async function indicatorSubmissionsFromCsv(csv: string): Promise<ZoneSubmissionDto[]> {
  const [header, ...records] = await readCsvImport(csv, INDICATOR_CSV_LIMITS);
  if (!header) {
    throw new ValidationFailedError([
      {
        field: 'line 1',
        code: 'csvHeader',
        message: `the CSV is empty: its first line must name the columns ${INDICATOR_CSV_COLUMNS.join(',')}`,
      },
    ]);
  }
  const columns = headerColumns(header);
  if (records.length === 0) {
    throw new ValidationFailedError([
      {
        field: `line ${header.line + 1}`,
        code: 'arrayMinSize',
        message: 'no values: one value per line follows the header',
      },
    ]);
  }
  const errors: PlacedError[] = [];
  const zones = new Map<string, CsvZone>();
  await mapInTurns(records, (record) => {
    if (record.fields.length !== columns.length) {
      errors.push({
        line: record.line,
        column: -1,
        field: `line ${record.line}`,
        code: 'csvColumnCount',
        message: `the row has ${record.fields.length} fields, the header names ${columns.length}`,
      });
      return;
    }
    const field = (column: Column) => record.fields[columns.indexOf(column)].trim();
    const zoneId = field('zone_id');
    const row = csvValue(record.line, field);
    const zone = zones.get(zoneId);
    if (zone) zone.rows.push(row);
    else zones.set(zoneId, { zoneId, rows: [row] });
  });
  if (zones.size > MAX_SUBMITTED_ZONES) {
    errors.push({
      line: 0,
      column: -1,
      field: 'zone_id',
      code: 'arrayMaxSize',
      message: `the CSV names ${zones.size} zones; a submission names at most ${MAX_SUBMITTED_ZONES}`,
    });
    throw refusal(errors);
  }
  const submissions = await mapInTurns([...zones.values()], (zone) => {
    const { submission, failures } = validatedZone(zone);
    errors.push(...failures);
    return submission;
  });
  if (errors.length > 0) throw refusal(errors);
  return submissions;
}

/** The header's columns, in its order: each of INDICATOR_CSV_COLUMNS once, and no other. */
function headerColumns(header: CsvImportRecord): Column[] {
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const known: readonly string[] = INDICATOR_CSV_COLUMNS;
  // A header line may be 64 KiB: names are echoed cut short.
  const shown = (name: string) => (name.length > 40 ? `${name.slice(0, 39)}…` : name);
  const at = (column: number, field: string, code: string, message: string): PlacedError => ({
    line: header.line,
    column,
    field: `line ${header.line} ${field}`,
    code,
    message,
  });
  const errors = [
    ...INDICATOR_CSV_COLUMNS.filter((column) => !names.includes(column)).map((column) =>
      at(
        names.length + known.indexOf(column),
        column,
        'csvColumnMissing',
        `is missing: the header names ${INDICATOR_CSV_COLUMNS.join(',')}, in any order`,
      ),
    ),
    ...names.flatMap((name, index) =>
      !known.includes(name)
        ? [
            at(
              index,
              `column ${index + 1}`,
              'csvColumnUnknown',
              `"${shown(name)}" is no column of an indicator CSV (${INDICATOR_CSV_COLUMNS.join(', ')})`,
            ),
          ]
        : names.indexOf(name) !== index
          ? [at(index, name, 'csvColumnRepeated', `is named more than once`)]
          : [],
    ),
  ];
  if (errors.length > 0) throw refusal(errors);
  return names as Column[];
}

/** A row's value as the JSON form gives it; a value that is no JSON number is kept as text. */
function csvValue(line: number, field: (column: Column) => string): CsvValue {
  const text = field('value');
  const notANumber = text === '' ? 'empty' : JSON_NUMBER.test(text) ? undefined : 'syntax';
  return {
    line,
    ...(notANumber ? { notANumber } : {}),
    value: {
      indicatorKey: field('indicator_key'),
      // Number() reads what the pattern admits as JSON.parse does: 1e999 becomes Infinity,
      // which the DTO refuses as the JSON form's 1e999 is refused.
      value: notANumber ? text : Number(text),
      unit: field('unit'),
      source: field('source'),
    },
  };
}

/** A zone's rows validated as ZoneSubmissionDto, its errors placed on the rows' lines. */
function validatedZone(zone: CsvZone): {
  submission: ZoneSubmissionDto;
  failures: PlacedError[];
} {
  const first = zone.rows[0].line;
  const zoneColumn = INDICATOR_CSV_COLUMNS.indexOf('zone_id');
  if (zone.rows.length > MAX_VALUES_PER_ZONE) {
    const zoneId = zone.zoneId.length > 40 ? `${zone.zoneId.slice(0, 39)}…` : zone.zoneId;
    const failure = {
      line: first,
      column: zoneColumn,
      field: `line ${first} zone_id`,
      code: 'arrayMaxSize',
      message: `zone "${zoneId}" has ${zone.rows.length} values; a submission gives a zone at most ${MAX_VALUES_PER_ZONE}`,
    };
    return { submission: new ZoneSubmissionDto(), failures: [failure] };
  }
  const submission = plainToInstance(ZoneSubmissionDto, {
    zoneId: zone.zoneId,
    values: zone.rows.map((row) => row.value),
  });
  const failures = fieldErrorsOf(validateSync(submission, AS_THE_PIPE)).map(
    (error): PlacedError => {
      const [, index, property] = /^values\[(\d+)\]\.(\w+)$/.exec(error.field) ?? [];
      const row = index === undefined ? undefined : zone.rows[Number(index)];
      const column = COLUMN_OF[property ?? error.field] ?? 'zone_id';
      const line = row?.line ?? first;
      const message =
        column === 'value' && row
          ? valueProblem(row)
          : error.message.startsWith(`${property ?? error.field} `)
            ? error.message.slice((property ?? error.field).length + 1)
            : error.message;
      return {
        line,
        column: INDICATOR_CSV_COLUMNS.indexOf(column),
        field: `line ${line} ${column}`,
        code: error.code,
        message,
      };
    },
  );
  return { submission, failures };
}

function valueProblem(row: CsvValue): string {
  switch (row.notANumber) {
    case 'empty':
      return 'must be a number; the field is empty';
    case 'syntax':
      return 'must be a decimal number as JSON writes it, such as 12.5, -3 or 1.5e3';
    default:
      return 'must be a finite number';
  }
}

/** The errors by line, then column, as VALIDATION.FAILED (which lists the first 20). */
function refusal(errors: readonly PlacedError[]): ValidationFailedError {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
  return new ValidationFailedError(
    sorted.map(({ field, code, message }) => ({ field, code, message })),
  );
}

function isCsv(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'text/csv';
}
