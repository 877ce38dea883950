import { ImportTooManyRowsError, ValidationFailedError } from '@zoneledger/platform';
import {
  UnreadableZoneImportError,
  zoneImportRowsFromCsv,
  zoneImportRowsFromJson,
} from './zone-import-rows';

const HEADER = 'name_en,name_zh,province,city,approved_year';

describe('zone import rows from CSV', () => {
  it('reads each line as a national ETDZ registration by default, numbered by its line', async () => {
    const rows = await zoneImportRowsFromCsv(
      `${HEADER}\n"Taiyuan ETDZ (Shanxi, Taiyuan Area)",太原经济技术开发区,山西,太原,\nDalian ETDZ,大连经济技术开发区,辽宁,大连,1984\n`,
    );
    expect(rows).toEqual([
      {
        row: 2,
        registration: expect.objectContaining({
          nameEn: 'Taiyuan ETDZ (Shanxi, Taiyuan Area)',
          nameZh: '太原经济技术开发区',
          kind: 'ZONE_KIND_ETDZ',
          level: 'ZONE_LEVEL_NATIONAL',
          province: '山西',
          city: '太原',
        }),
      },
      { row: 3, registration: expect.objectContaining({ approvedOn: { year: 1984 } }) },
    ]);
    expect(rows[0]).toMatchObject({ registration: { approvedOn: undefined } });
  });

  it('takes kind and level columns, in short or full names, and columns in any order', async () => {
    const [row] = await zoneImportRowsFromCsv(
      'level,NAME_ZH,name_en,kind,province,city,approved_year\nprovincial,某高新区,,ZONE_KIND_HIGH_TECH_ZONE,江苏,,\n',
    );
    expect(row).toEqual({
      row: 2,
      registration: expect.objectContaining({
        nameZh: '某高新区',
        kind: 'ZONE_KIND_HIGH_TECH_ZONE',
        level: 'ZONE_LEVEL_PROVINCIAL',
      }),
    });
  });

  it('refuses rows that do not fit, naming their line, column and a stable code', async () => {
    const rows = await zoneImportRowsFromCsv(
      [
        HEADER,
        'A,,江苏,苏州,',
        'B,乙区,江苏,苏州,soon',
        'C,丙区,江苏,苏州,,extra',
        'D,丁区,江苏,苏州,1990',
      ].join('\n'),
    );
    expect(rows).toEqual([
      expect.objectContaining({
        row: 2,
        name: 'A',
        code: 'VALIDATION.FAILED',
        errors: [
          expect.objectContaining({
            field: 'name_zh',
            message: expect.stringMatching(/^name_zh /),
          }),
        ],
      }),
      expect.objectContaining({
        row: 3,
        name: '乙区',
        code: 'VALIDATION.FAILED',
        errors: [expect.objectContaining({ field: 'approved_year' })],
      }),
      expect.objectContaining({ row: 4, name: '丙区', code: 'ZONE_IMPORT.COLUMN_COUNT' }),
      { row: 5, registration: expect.objectContaining({ nameZh: '丁区' }) },
    ]);
  });

  it('refuses as a whole a text without its header or that is no CSV', async () => {
    await expect(zoneImportRowsFromCsv('')).rejects.toThrow(UnreadableZoneImportError);
    await expect(zoneImportRowsFromCsv('北京经济技术开发区,北京,北京\n')).rejects.toThrow(
      /missing: name_en/,
    );
    await expect(zoneImportRowsFromCsv(`${HEADER},colour\n`)).rejects.toThrow(/unknown: colour/);
    await expect(zoneImportRowsFromCsv(`${HEADER},city\n`)).rejects.toThrow(/repeated: city/);
    await expect(zoneImportRowsFromCsv(`${HEADER}\n"open,x\n`)).rejects.toThrow(/never closed/);
  });
});

describe('zone import rows from JSON', () => {
  it('checks each zone by the registration rules, numbering them from 1', async () => {
    const zone = {
      nameZh: '甲区',
      nameEn: 'A',
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: '江苏',
    };
    const rows = await zoneImportRowsFromJson({ zones: [zone, { ...zone, kind: 'CASTLE' }, 7] });
    expect(rows).toEqual([
      { row: 1, registration: expect.objectContaining(zone) },
      expect.objectContaining({
        row: 2,
        name: '甲区',
        code: 'VALIDATION.FAILED',
        errors: [expect.objectContaining({ field: 'kind' })],
      }),
      expect.objectContaining({ row: 3, code: 'VALIDATION.FAILED' }),
    ]);
  });

  it('refuses a body without a zones list, or with other fields, naming them', async () => {
    await expect(zoneImportRowsFromJson({ zones: [], dryRun: true })).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      errors: [{ field: 'dryRun', code: 'whitelistValidation' }],
    });
    await expect(zoneImportRowsFromJson({ zone: [] })).rejects.toThrow(ValidationFailedError);
    await expect(zoneImportRowsFromJson(null)).rejects.toThrow(ValidationFailedError);
  });
});

describe('zone import limits', () => {
  // The CSV's row limit is the platform's reader's (csv-import.reader.spec.ts).
  it('refuses a JSON list of more than 100,000 zones before reading any', async () => {
    await expect(zoneImportRowsFromJson({ zones: Array(100_001).fill(7) })).rejects.toThrow(
      ImportTooManyRowsError,
    );
  });

  it('does not echo a long value in a refusal', async () => {
    const [row] = await zoneImportRowsFromCsv(`${HEADER}\nA,甲区,江苏,苏州,${'9'.repeat(5000)}\n`);
    expect(JSON.stringify(row).length).toBeLessThan(400);
  });
});
