import { DomainError, ProblemError } from '../problems/problem-error';

/** The CSV has more rows than the import limit: nothing is recorded. */
export class ImportTooManyRowsError extends ProblemError {
  readonly code = 'IMPORT.TOO_MANY_ROWS';
  readonly status = 400;
  override readonly title = 'Too many rows in the import';

  constructor(readonly maxRows: number) {
    super(`An import holds at most ${maxRows} rows; split it into several imports`);
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { maxRows: this.maxRows };
  }
}

/** A CSV record has more fields than the import limit (usually a file that is not the import). */
export class ImportTooManyColumnsError extends ProblemError {
  readonly code = 'IMPORT.TOO_MANY_COLUMNS';
  readonly status = 400;
  override readonly title = 'Too many columns in the import';

  constructor(
    readonly line: number,
    readonly maxColumns: number,
  ) {
    super(`Line ${line} has more than ${maxColumns} fields, the most an import record may have`);
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { line: this.line, maxColumns: this.maxColumns };
  }
}

/** A CSV record holds more content than the import limit (or a quote left open swallows the file). */
export class ImportRecordTooLargeError extends ProblemError {
  readonly code = 'IMPORT.RECORD_TOO_LARGE';
  readonly status = 400;
  override readonly title = 'Import record too large';

  constructor(
    readonly line: number,
    readonly maxRecordBytes: number,
  ) {
    super(
      `The record ending on line ${line} holds more than ${maxRecordBytes} bytes, the most an import record may hold (is a quote left open?)`,
    );
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { line: this.line, maxRecordBytes: this.maxRecordBytes };
  }
}

/** A value holds a control character (U+0000 to U+001F but tab, CR and LF): binary or mis-encoded text. */
export class ImportControlCharacterError extends ProblemError {
  readonly code = 'IMPORT.CONTROL_CHARACTER';
  readonly status = 400;
  override readonly title = 'Control character in the import';

  constructor(
    readonly line: number,
    readonly column: number,
    readonly character: string,
  ) {
    super(
      `Line ${line}, field ${column} holds the control character ${character}: only tab, CR and LF are allowed (is the file UTF-8 text?)`,
    );
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { line: this.line, column: this.column, character: this.character };
  }
}

/** The body is not CSV: a quoted field never closes, or text follows a closing quote. */
export class MalformedCsvError extends ProblemError {
  readonly code = 'IMPORT.MALFORMED_CSV';
  readonly status = 400;
  override readonly title = 'Malformed CSV';

  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { line: this.line };
  }
}

/** No import report has this id (never made, or older than the reports are kept). */
export class ImportReportNotFoundError extends DomainError {
  readonly code = 'IMPORT.NOT_FOUND';
  override readonly status = 404;

  constructor(readonly importId: string) {
    super(`No import report ${importId.slice(0, 64)}: it never existed or is no longer kept`);
  }
}
