import { readCsvImport } from './csv-import.reader';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits';

const LIMITS: ImportLimits = { maxRows: 3, maxColumns: 4, maxRecordBytes: 50 };

describe('readCsvImport', () => {
  it('reads RFC 4180 records, each numbered by the line it starts on', async () => {
    const csv = '\ufeffa,b\r\n\r\n"x\r\ny",2\n\n"say ""hi"", twice",q"r\n  \n';
    expect(await readCsvImport(csv, LIMITS)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['x\r\ny', '2'] },
      { line: 6, fields: ['say "hi", twice', 'q"r'] },
      { line: 7, fields: ['  '] },
    ]);
  });

  it('keeps records of other widths than the header for the caller to refuse', async () => {
    expect(await readCsvImport('a,b\n1\n1,2,3', LIMITS)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1'] },
      { line: 3, fields: ['1', '2', '3'] },
    ]);
  });

  it('keeps characters whole across the chunks it parses', async () => {
    // 64 Ki characters, the second half of an astral character at the chunk boundary.
    const value = `${'a'.repeat(64 * 1024 - 3)}𠀀𠀀`;
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxRecordBytes: 1024 * 1024 };
    const records = await readCsvImport(`h\n${value}\n`, limits);
    expect(records[1].fields[0]).toBe(value);
  });

  it('refuses more rows than the limit, the header not counted', async () => {
    await expect(readCsvImport('h\n1\n2\n3\n', LIMITS)).resolves.toHaveLength(4);
    await expect(readCsvImport('h\n1\n2\n3\n4\n', LIMITS)).rejects.toMatchObject({
      code: 'IMPORT.TOO_MANY_ROWS',
      status: 400,
      maxRows: 3,
    });
  });

  it('refuses a record with more fields than the limit, naming its line', async () => {
    await expect(readCsvImport('a,b,c,d\n1,2,3,4,5\n', LIMITS)).rejects.toMatchObject({
      code: 'IMPORT.TOO_MANY_COLUMNS',
      line: 2,
      maxColumns: 4,
    });
  });

  it('refuses a record with more content than the limit, an open quote included', async () => {
    await expect(
      readCsvImport(`h\n${'x'.repeat(25)},${'é'.repeat(12)}\n`, LIMITS),
    ).resolves.toHaveLength(2);
    await expect(readCsvImport(`h\n${'x'.repeat(51)}\n`, LIMITS)).rejects.toMatchObject({
      code: 'IMPORT.RECORD_TOO_LARGE',
      maxRecordBytes: 50,
    });
    await expect(readCsvImport(`h\n"open,${'x\n'.repeat(30)}`, LIMITS)).rejects.toMatchObject({
      code: 'IMPORT.RECORD_TOO_LARGE',
    });
  });

  it('refuses control characters in values, naming line and field; tabs are text', async () => {
    await expect(readCsvImport('a,b\n"x\ny",\tz\t\n', LIMITS)).resolves.toHaveLength(2);
    await expect(readCsvImport('a,b\n1,2\n"x\ny\u0000",z\n', LIMITS)).rejects.toMatchObject({
      code: 'IMPORT.CONTROL_CHARACTER',
      line: 4,
      column: 1,
      character: 'U+0000',
    });
    await expect(readCsvImport('a,b\n1,x\u001b\n', LIMITS)).rejects.toMatchObject({
      line: 2,
      column: 2,
      character: 'U+001B',
    });
  });

  it('refuses a quote never closed as malformed CSV; stray quotes are text', async () => {
    const unclosed = readCsvImport('a,b\n"never closed,x\n', LIMITS);
    await expect(unclosed).rejects.toMatchObject({ code: 'IMPORT.MALFORMED_CSV', line: 2 });
    await expect(unclosed).rejects.toThrow('never closed');
    // Stray quotes are text, as spreadsheets write them (`5" screen`, `"x"y`).
    await expect(readCsvImport('a,b\n"x"y,5" screen\n', LIMITS)).resolves.toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['"x"y', '5" screen'] },
    ]);
  });

  it('refuses a 100,000-field header as too large a record, and 33 fields as too many', async () => {
    await expect(
      readCsvImport(`${'c,'.repeat(99_999)}c\n`, DEFAULT_IMPORT_LIMITS),
    ).rejects.toMatchObject({ code: 'IMPORT.RECORD_TOO_LARGE', line: 1 });
    await expect(
      readCsvImport(`${'c,'.repeat(32)}c\n`, DEFAULT_IMPORT_LIMITS),
    ).rejects.toMatchObject({ code: 'IMPORT.TOO_MANY_COLUMNS', line: 1, maxColumns: 32 });
  });
});
