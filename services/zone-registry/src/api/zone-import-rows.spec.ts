import { ValidationFailedError } from '@zoneledger/platform';
import {
  UnreadableZoneImportError,
  zoneImportRowsFromCsv,
  zoneImportRowsFromJson,
} from './zone-import-rows';

const HEADER = 'name_en,name_zh,province,city,approved_year';

describe('zone import rows from CSV', () => {
  it('reads each line as a national ETDZ registration by default, numbered by its line', () => {
    const rows = zoneImportRowsFromCsv(
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

  it('takes kind and level columns, in short or full names, and columns in any order', () => {
    const [row] = zoneImportRowsFromCsv(
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

  it('refuses rows that do not fit, naming their line, column and a stable code', () => {
    const rows = zoneImportRowsFromCsv(
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

  it('refuses as a whole a text without its header or that is no CSV', () => {
    expect(() => zoneImportRowsFromCsv('')).toThrow(UnreadableZoneImportError);
    expect(() => zoneImportRowsFromCsv('北京经济技术开发区,北京,北京\n')).toThrow(
      /missing: name_en/,
    );
    expect(() => zoneImportRowsFromCsv(`${HEADER},colour\n`)).toThrow(/unknown: colour/);
    expect(() => zoneImportRowsFromCsv(`${HEADER},city\n`)).toThrow(/repeated: city/);
    expect(() => zoneImportRowsFromCsv(`${HEADER}\n"open,x\n`)).toThrow(/never closed/);
  });
});

describe('zone import rows from JSON', () => {
  it('checks each zone by the registration rules, numbering them from 1', () => {
    const zone = {
      nameZh: '甲区',
      nameEn: 'A',
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: '江苏',
    };
    const rows = zoneImportRowsFromJson({ zones: [zone, { ...zone, kind: 'CASTLE' }, 7] });
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

  it('refuses a body without a zones list', () => {
    expect(() => zoneImportRowsFromJson({ zone: [] })).toThrow(ValidationFailedError);
    expect(() => zoneImportRowsFromJson(null)).toThrow(ValidationFailedError);
  });
});
