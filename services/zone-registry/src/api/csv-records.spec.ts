import { CsvSyntaxError, parseCsv } from './csv-records';

describe('parseCsv (RFC 4180)', () => {
  it('splits records on LF and CRLF and fields on commas, keeping empty fields', () => {
    expect(parseCsv('a,b,\r\n1,,3\n')).toEqual([
      { line: 1, fields: ['a', 'b', ''] },
      { line: 2, fields: ['1', '', '3'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, numbering records by their first line', () => {
    const csv = 'name,note\n"Taiyuan ETDZ (Shanxi, Taiyuan Area)","say ""hi""\nagain"\nlast,x';
    expect(parseCsv(csv)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Taiyuan ETDZ (Shanxi, Taiyuan Area)', 'say "hi"\nagain'] },
      { line: 4, fields: ['last', 'x'] },
    ]);
  });

  it('drops a byte-order mark and empty lines, and keeps a quote inside an unquoted field', () => {
    expect(parseCsv('\ufeff"a",b\n\n\nc"d,""\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 4, fields: ['c"d', ''] },
    ]);
  });

  it('reads nothing from an empty text', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\n\r\n')).toEqual([]);
  });

  it('refuses a quoted field that never closes, and text after a closing quote', () => {
    expect(() => parseCsv('a,b\n"open,1\n2,3')).toThrow(
      new CsvSyntaxError(2, 'a quoted field is never closed'),
    );
    expect(() => parseCsv('a\n"x"y')).toThrow(CsvSyntaxError);
  });
});
