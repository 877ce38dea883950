import {
  ImportTooManyRowsError,
  MalformedCsvError,
  ValidationFailedError,
} from '@zoneledger/platform';
import { MAX_VALUES_PER_ZONE, ZoneSubmissionDto } from './dto/round.dto';
import {
  indicatorSubmissionsFromCsv,
  indicatorSubmissionsFromJson,
  indicatorSubmissionsOf,
  INDICATOR_CSV_LIMITS,
} from './indicator-submissions';

const HEADER = 'zone_id,indicator_key,value,unit,source';

const value = (indicatorKey: string, v: number, unit: string, source = 'synthetic') => ({
  indicatorKey,
  value: v,
  unit,
  source,
});

/** The field errors of a refused body. */
async function refusal(read: () => Promise<unknown> | unknown): Promise<ValidationFailedError> {
  try {
    await read();
  } catch (error) {
    if (error instanceof ValidationFailedError) return error;
    throw error;
  }
  throw new Error('expected VALIDATION.FAILED');
}

/** Plain copies, for comparing what the two forms give the command. */
const plain = (submissions: unknown) => JSON.parse(JSON.stringify(submissions)) as unknown;

describe('indicator submissions from CSV', () => {
  it('groups rows by zone, zones in the order they first appear, values in row order', async () => {
    const csv = [
      HEADER,
      'e1,output,100,CNY 100m,synthetic',
      'e2,output,90,CNY 100m,synthetic',
      'e1,energy,1.5,tce,synthetic',
      'e2,energy,2,tce,synthetic',
    ].join('\n');
    const submissions = await indicatorSubmissionsFromCsv(csv);
    expect(submissions.every((submission) => submission instanceof ZoneSubmissionDto)).toBe(true);
    expect(plain(submissions)).toEqual([
      { zoneId: 'e1', values: [value('output', 100, 'CNY 100m'), value('energy', 1.5, 'tce')] },
      { zoneId: 'e2', values: [value('output', 90, 'CNY 100m'), value('energy', 2, 'tce')] },
    ]);
  });

  it('gives the command what the equivalent JSON body gives it', async () => {
    const json = {
      submissions: [
        { zoneId: 'e1', values: [value('output', 100, 'CNY 100m'), value('energy', 1, 'tce')] },
      ],
    };
    const csv = `${HEADER}\r\ne1,output,100,CNY 100m,synthetic\r\ne1,energy,1,tce,synthetic\r\n`;
    expect(plain(await indicatorSubmissionsFromCsv(csv))).toEqual(
      plain(indicatorSubmissionsFromJson(json)),
    );
  });

  it('takes the columns in any order, their names in any case, fields trimmed', async () => {
    const csv = ['Source, VALUE ,unit,zone_id,indicator_key', 'bureau, 12.5 ,tce, e1 ,energy'].join(
      '\n',
    );
    expect(plain(await indicatorSubmissionsFromCsv(csv))).toEqual([
      { zoneId: 'e1', values: [value('energy', 12.5, 'tce', 'bureau')] },
    ]);
  });

  it('reads RFC 4180 quoting: commas and doubled quotes inside a value', async () => {
    const csv = [
      HEADER,
      '"e1","output","-0.25","CNY 100m","bureau, ""yearbook"" 2023"',
      'e1,energy,3e2,tce,"bureau"',
    ].join('\n');
    expect(plain(await indicatorSubmissionsFromCsv(csv))).toEqual([
      {
        zoneId: 'e1',
        values: [
          value('output', -0.25, 'CNY 100m', 'bureau, "yearbook" 2023'),
          value('energy', 300, 'tce', 'bureau'),
        ],
      },
    ]);
  });

  it('refuses a line break in a quoted value as the JSON form does, counting lines after it', async () => {
    const csv = [HEADER, 'e1,energy,1,tce,"line one', 'line two"', 'e2,energy,0x2,tce,x'].join(
      '\r\n',
    );
    const error = await refusal(() => indicatorSubmissionsFromCsv(csv));
    expect(error.errors.map(({ field, code }) => [field, code])).toEqual([
      ['line 2 source', 'isText'],
      ['line 4 value', 'isNumber'],
    ]);
  });

  it('drops a leading byte order mark and empty lines', async () => {
    const csv = `\uFEFF${HEADER}\n\ne1,output,7,CNY 100m,synthetic\n\n`;
    expect(plain(await indicatorSubmissionsFromCsv(csv))).toEqual([
      { zoneId: 'e1', values: [value('output', 7, 'CNY 100m')] },
    ]);
  });

  it.each([
    ['hex', '0x1A', 'must be a decimal number as JSON writes it, such as 12.5, -3 or 1.5e3'],
    [
      'a leading plus',
      '+3',
      'must be a decimal number as JSON writes it, such as 12.5, -3 or 1.5e3',
    ],
    ['a bare dot', '.5', 'must be a decimal number as JSON writes it, such as 12.5, -3 or 1.5e3'],
    ['a thousands separator', '1,000', undefined],
    [
      'Infinity',
      'Infinity',
      'must be a decimal number as JSON writes it, such as 12.5, -3 or 1.5e3',
    ],
    ['NaN', 'NaN', 'must be a decimal number as JSON writes it, such as 12.5, -3 or 1.5e3'],
    ['1e999, beyond the finite numbers', '1e999', 'must be a finite number'],
    ['-1e999', '-1e999', 'must be a finite number'],
    ['an empty field', '', 'must be a number; the field is empty'],
    ['a word', 'twelve', 'must be a decimal number as JSON writes it, such as 12.5, -3 or 1.5e3'],
  ])('refuses a value of %s, naming its line and column', async (_case, text, message) => {
    const quoted = text.includes(',') ? `"${text}"` : text;
    const csv = [HEADER, 'e1,output,1,CNY 100m,x', `e1,energy,${quoted},tce,x`].join('\n');
    const error = await refusal(() => indicatorSubmissionsFromCsv(csv));
    expect(error.errors).toEqual([
      { field: 'line 3 value', code: 'isNumber', message: message ?? expect.any(String) },
    ]);
    if (message === 'must be a finite number') {
      expect(error.message).toBe('line 3 value: must be a finite number');
    }
  });

  it('names the line of each bad field, by line and column order, the first 20 listed', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `zone-${i},output,${i},CNY 100m,x`);
    rows[3] = 'zone-3,Output,x,CNY 100m,x';
    rows[5] = 'Bad Zone,output,1,CNY 100m,';
    rows[6] = 'zone-6,output,1,CNY 100m';
    const csv = [HEADER, ...rows, ...Array.from({ length: 20 }, () => 'zone-x,output,,u,x')].join(
      '\n',
    );
    const error = await refusal(() => indicatorSubmissionsFromCsv(csv));
    expect(error.errors.slice(0, 5).map(({ field, code }) => [field, code])).toEqual([
      ['line 5 indicator_key', 'matches'],
      ['line 5 value', 'isNumber'],
      ['line 7 zone_id', 'matches'],
      ['line 7 source', 'isLength'],
      ['line 8', 'csvColumnCount'],
    ]);
    expect(error.errors[2].message).toBe('must be lower-case letters, digits and -');
    expect(error.errors[4].message).toBe('the row has 4 fields, the header names 5');
    expect(error.errors).toHaveLength(20);
    expect(error.errorCount).toBe(25);
    expect(error.errors[5]).toEqual({
      field: 'line 32 value',
      code: 'isNumber',
      message: 'must be a number; the field is empty',
    });
  });

  it.each([
    ['a missing column', 'zone_id,indicator_key,value,unit', ['line 1 source', 'csvColumnMissing']],
    ['an unknown column', `${HEADER},comment`, ['line 1 column 6', 'csvColumnUnknown']],
    ['a column named twice', `${HEADER},value`, ['line 1 value', 'csvColumnRepeated']],
    ['no header at all', 'e1,output,1,CNY 100m,x', ['line 1 column 1', 'csvColumnUnknown']],
  ])('refuses a header with %s', async (_case, header, [field, code]) => {
    const error = await refusal(() =>
      indicatorSubmissionsFromCsv(`${header}\ne1,output,1,CNY 100m,x`),
    );
    expect(error.errors.map((e) => [e.field, e.code])).toContainEqual([field, code]);
  });

  it('refuses an empty CSV, and a header without values', async () => {
    expect((await refusal(() => indicatorSubmissionsFromCsv(''))).errors).toEqual([
      expect.objectContaining({ field: 'line 1', code: 'csvHeader' }),
    ]);
    expect((await refusal(() => indicatorSubmissionsFromCsv('\uFEFF\n\r\n'))).errors[0].field).toBe(
      'line 1',
    );
    expect((await refusal(() => indicatorSubmissionsFromCsv(`${HEADER}\n`))).errors).toEqual([
      expect.objectContaining({ field: 'line 2', code: 'arrayMinSize' }),
    ]);
  });

  it('refuses a zone of more values than a submission gives a zone, on its first line', async () => {
    const rows = Array.from({ length: MAX_VALUES_PER_ZONE + 1 }, (_, i) => `e1,key-${i},1,u,x`);
    const error = await refusal(() => indicatorSubmissionsFromCsv([HEADER, ...rows].join('\n')));
    expect(error.errors).toEqual([
      expect.objectContaining({ field: 'line 2 zone_id', code: 'arrayMaxSize' }),
    ]);
  });

  it("leaves the platform's CSV problems as they are: unclosed quotes, too many rows", async () => {
    await expect(
      indicatorSubmissionsFromCsv(`${HEADER}\ne1,output,1,"CNY 100m,x`),
    ).rejects.toBeInstanceOf(MalformedCsvError);
    const rows = `e1,output,1,u,x\n`.repeat(INDICATOR_CSV_LIMITS.maxRows + 1);
    await expect(indicatorSubmissionsFromCsv(`${HEADER}\n${rows}`)).rejects.toBeInstanceOf(
      ImportTooManyRowsError,
    );
  });
});

describe('indicator submissions from JSON', () => {
  it('validates as the global pipe does: unknown fields refused, values finite', async () => {
    const good = { submissions: [{ zoneId: 'e1', values: [value('output', 1, 'CNY 100m')] }] };
    expect(plain(indicatorSubmissionsFromJson(good))).toEqual(good.submissions);
    const extra = await refusal(() => indicatorSubmissionsFromJson({ ...good, round: 'x' }));
    expect(extra.errors).toEqual([expect.objectContaining({ code: 'whitelistValidation' })]);
    const nested = await refusal(() =>
      indicatorSubmissionsFromJson({
        submissions: [{ zoneId: 'e1', values: [{ ...value('output', 1, 'u'), extra: 1 }] }],
      }),
    );
    expect(nested.errors[0]).toMatchObject({
      field: 'submissions[0].values[0].extra',
      code: 'whitelistValidation',
    });
    const infinite = await refusal(() =>
      indicatorSubmissionsFromJson({
        submissions: [{ zoneId: 'e1', values: [value('output', Infinity, 'u')] }],
      }),
    );
    expect(infinite.errors).toEqual([
      expect.objectContaining({ field: 'submissions[0].values[0].value', code: 'isNumber' }),
    ]);
  });

  it.each([
    ['no body', undefined, 'submissions'],
    ['null', null, 'submissions'],
    ['a list', [], 'submissions'],
    ['a string', 'e1', 'submissions'],
    ['an empty object', {}, 'submissions'],
  ])('refuses %s', async (_case, body, field) => {
    const error = await refusal(() => indicatorSubmissionsFromJson(body));
    expect(error.errors[0].field).toBe(field);
  });
});

describe('indicator submissions by content type', () => {
  it('reads a string as CSV, an empty text/csv body as an empty CSV, anything else as JSON', async () => {
    const csv = `${HEADER}\ne1,output,1,CNY 100m,x`;
    expect(await indicatorSubmissionsOf(csv, 'text/csv; charset=utf-8')).toHaveLength(1);
    const empty = await refusal(() => indicatorSubmissionsOf({}, 'text/csv'));
    expect(empty.errors[0]).toMatchObject({ field: 'line 1', code: 'csvHeader' });
    const json = await refusal(() => indicatorSubmissionsOf({}, 'application/json'));
    expect(json.errors[0].field).toBe('submissions');
  });
});
