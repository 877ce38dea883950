import { parse, type Info } from 'csv-parse';
import { finished } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  ImportControlCharacterError,
  ImportRecordTooLargeError,
  ImportTooManyColumnsError,
  ImportTooManyRowsError,
  MalformedCsvError,
} from './import-errors';
import type { ImportLimits } from './import-limits';

/** One record of an import CSV: its fields and the line of the file it starts on (1-based). */
export interface CsvImportRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

// What the parser is given at a time, sized as it goes to take about TURN_MS: csv-parse's time
// per character varies tenfold (a record of another width than the header costs it an error
// object), and a fixed size would hold the event loop for seconds on some files.
const MIN_CHUNK_CHARS = 1024;
const MAX_CHUNK_CHARS = 64 * 1024;
const TURN_MS = 10;

// C0 controls other than tab, LF and CR: in a value they mean binary or mis-decoded text.
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const LINE_BREAKS = /\r\n|\r|\n/g;
const CRLF = /\r\n/g;

/**
 * Reads an import CSV (RFC 4180: commas, CRLF or LF, double quotes; a leading BOM and empty lines
 * dropped) into records, the header first, with csv-parse. The text is parsed a slice of about
 * 10 ms at a time, the event loop running other requests in between, and refused as soon as it breaks a limit:
 * too many fields in a record or too much content in it, too many rows, a control character in a
 * value, or a quote never closed. A stray quote (inside an unquoted field, or text after a closing
 * quote) is kept as text, as csv-parse's relax_quotes reads it; records of other
 * widths than the header's are returned as they are, for the caller to refuse row by row.
 */
export async function readCsvImport(csv: string, limits: ImportLimits): Promise<CsvImportRecord[]> {
  const records: CsvImportRecord[] = [];
  // csv-parse counts a CRLF inside a quoted value as two lines; the file has one there.
  let crlfInValues = 0;
  const parser = parse({
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // csv-parse checks the size before it adds a byte: one less lets a record reach the limit.
    max_record_size: limits.maxRecordBytes - 1,
    // Fields are checked per record, not with csv-parse's per-field `cast` hook, which made
    // parsing eight times slower (80,000 blank rows: 3.7 s against 0.4 s). A wide header is
    // still bounded: max_record_size stops it at 64 KiB.
    on_record: (fields: string[], info: Info) => {
      // The header is no row: it may be followed by maxRows records.
      if (records.length > limits.maxRows) throw new ImportTooManyRowsError(limits.maxRows);
      crlfInValues += occurrences(fields, CRLF);
      const lastLine = info.lines - crlfInValues;
      const line = lastLine - occurrences(fields, LINE_BREAKS);
      checkFields(fields, line, limits);
      records.push({ line, fields });
      return null;
    },
  });
  parser.resume();
  const ended = finished(parser);
  ended.catch(() => undefined);
  try {
    for (let at = 0, size = MIN_CHUNK_CHARS; at < csv.length; ) {
      const end = chunkEnd(csv, at, size);
      const started = performance.now();
      await write(parser, csv.slice(at, end));
      const took = performance.now() - started;
      size =
        took > TURN_MS
          ? Math.max(MIN_CHUNK_CHARS, size / 2)
          : took < TURN_MS / 4
            ? Math.min(MAX_CHUNK_CHARS, size * 2)
            : size;
      at = end;
      await nextTurn();
    }
    parser.end();
    await ended;
  } catch (error) {
    parser.destroy();
    throw importErrorOf(error, limits);
  }
  return records;
}

/** Refuses a record of too many fields, or a field holding a control character (with its line). */
function checkFields(fields: readonly string[], firstLine: number, limits: ImportLimits): void {
  if (fields.length > limits.maxColumns) {
    throw new ImportTooManyColumnsError(firstLine, limits.maxColumns);
  }
  let line = firstLine;
  for (const [index, value] of fields.entries()) {
    const control = CONTROL_CHARACTER.exec(value);
    if (control) {
      const before = value.slice(0, control.index).match(LINE_BREAKS)?.length ?? 0;
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      throw new ImportControlCharacterError(line + before, index + 1, `U+${code}`);
    }
    line += value.match(LINE_BREAKS)?.length ?? 0;
  }
}

// A chunk ends before a lone high surrogate, so no character is split between two chunks.
function chunkEnd(csv: string, at: number, size: number): number {
  const end = Math.min(at + size, csv.length);
  const last = csv.charCodeAt(end - 1);
  return end < csv.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}

function write(parser: ReturnType<typeof parse>, chunk: string): Promise<void> {
  return new Promise((resolve, reject) =>
    parser.write(chunk, (error) => (error ? reject(error) : resolve())),
  );
}

function occurrences(fields: readonly string[], pattern: RegExp): number {
  let count = 0;
  for (const field of fields) count += field.match(pattern)?.length ?? 0;
  return count;
}

/** csv-parse's own errors as the import's problems; the limits' errors pass as they are. */
function importErrorOf(error: unknown, limits: ImportLimits): unknown {
  const csvError = error as { code?: unknown; lines?: unknown; message?: unknown };
  if (typeof csvError.code !== 'string' || !csvError.code.startsWith('CSV_')) return error;
  const line = typeof csvError.lines === 'number' ? csvError.lines : 0;
  switch (csvError.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return new ImportRecordTooLargeError(line, limits.maxRecordBytes);
    case 'CSV_QUOTE_NOT_CLOSED':
      return new MalformedCsvError(line, 'a quoted field is never closed');
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new MalformedCsvError(line, 'text follows the closing quote of a field');
    default:
      return new MalformedCsvError(line, String(csvError.message).slice(0, 200));
  }
}
