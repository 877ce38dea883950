/** One record of a CSV text: its fields and the line of the file it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** The text is not CSV: a quoted field never closes, or text follows a closing quote. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Splits CSV text into records as RFC 4180 reads it: commas between fields, CRLF or LF between
 * records, fields in double quotes may hold commas, line breaks and doubled quotes (`""`). A
 * leading byte-order mark is dropped, and so are empty lines (a trailing newline included), so
 * a record's `line` stays its line in the file. A quote inside an unquoted field is kept as text.
 */
export function parseCsv(csv: string): CsvRecord[] {
  const text = csv.charCodeAt(0) === 0xfeff ? csv.slice(1) : csv;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let at = 0;
  // True once the current record has anything (a field separator, a character or quotes).
  let started = false;

  const endRecord = () => {
    if (started) records.push({ line: recordLine, fields: [...fields, field] });
    fields = [];
    field = '';
    started = false;
  };

  while (at < text.length) {
    const char = text[at];
    if (char === '"' && opensField(text, at)) {
      const quoted = readQuoted(text, at, line);
      field = quoted.value;
      line = quoted.line;
      at = quoted.next;
      started = true;
      continue;
    }
    if (char === ',') {
      fields.push(field);
      field = '';
      started = true;
    } else if (char === '\n' || char === '\r') {
      endRecord();
      if (char === '\r' && text[at + 1] === '\n') at += 1;
      line += 1;
      recordLine = line;
    } else {
      field += char;
      started = true;
    }
    at += 1;
  }
  endRecord();
  return records;
}

// A quote opens a quoted field only at the field's start; `a"b` keeps its quote as text.
function opensField(text: string, at: number): boolean {
  const before = text[at - 1];
  return before === undefined || before === ',' || before === '\n' || before === '\r';
}

/** Reads `"..."` from `start`; the field must end at a comma, a line break or the end. */
function readQuoted(
  text: string,
  start: number,
  startLine: number,
): { value: string; next: number; line: number } {
  let value = '';
  let line = startLine;
  let at = start + 1;
  for (;;) {
    const close = text.indexOf('"', at);
    if (close === -1) throw new CsvSyntaxError(startLine, 'a quoted field is never closed');
    const chunk = text.slice(at, close);
    value += chunk;
    line += lineBreaks(chunk);
    if (text[close + 1] === '"') {
      value += '"';
      at = close + 2;
      continue;
    }
    const after = text[close + 1];
    if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
      throw new CsvSyntaxError(line, 'text follows the closing quote of a field');
    }
    return { value, next: close + 1, line };
  }
}

function lineBreaks(chunk: string): number {
  return chunk.match(/\r\n|\r|\n/g)?.length ?? 0;
}
