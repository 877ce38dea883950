import fc from 'fast-check';
import {
  matchPublishedRows,
  normalisedNameEn,
  normalisedNameZh,
  type DirectoryEntry,
} from './name-matching';

// Directory entries as the zone read model gives them (names from the national ETDZ list).
const DIRECTORY: DirectoryEntry[] = [
  { zoneId: 'zone-sip', nameZh: '苏州工业园区', nameEn: 'Suzhou Industrial Park' },
  {
    zoneId: 'zone-guangzhou',
    nameZh: '广州经济技术开发区',
    nameEn: 'Guangzhou Economic and Technological Development Zone',
  },
  { zoneId: 'zone-huaian', nameZh: '淮安经济技术开发区', nameEn: 'Huaian ETDZ' },
  {
    zoneId: 'zone-caohejing',
    nameZh: '上海漕河泾新兴技术开发区',
    nameEn: 'Shanghai Caohejing New Technology Development Zone',
  },
];

describe('normalised names', () => {
  it.each([
    ['广州经济技术开发区', '广州经开区'],
    [' 广州　经济技术开发区 ', '广州经开区'],
    ['国家级广州经开区', '广州经开区'],
    ['苏州工业园区（ＳＩＰ）', '苏州工业园区(SIP)'],
  ])('reads %j as %j', (name, normal) => expect(normalisedNameZh(name)).toBe(normal));

  it.each([
    ["Huai'an Economic and Technological Development Zone", 'huaianetdz'],
    ['HUAI’AN  Economic & Technological Development Zone', 'huaianetdz'],
    ['Huaian ETDZ', 'huaianetdz'],
    ['National Xi-an ETDZ', 'xianetdz'],
    ['Ｓｕｚｈｏｕ Industrial Park', 'suzhouindustrialpark'],
  ])('reads %j as %j', (name, normal) => expect(normalisedNameEn(name)).toBe(normal));
});

describe('normalised name properties', () => {
  it('normalising twice changes nothing more', () =>
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(normalisedNameZh(normalisedNameZh(name))).toBe(normalisedNameZh(name));
        expect(normalisedNameEn(normalisedNameEn(name))).toBe(normalisedNameEn(name));
      }),
    ));

  it('reads full-width ASCII as half-width, and ignores case and spaces in English', () =>
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 ]{1,20}$/), (name) => {
        const fullWidth = [...name]
          .map((c) => (c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)))
          .join('');
        expect(normalisedNameZh(fullWidth)).toBe(normalisedNameZh(name));
        expect(normalisedNameEn(fullWidth.toUpperCase())).toBe(normalisedNameEn(name));
      }),
    ));
});

describe('matchPublishedRows', () => {
  it('matches by Chinese name whatever the suffix and width, else by English name', () =>
    expect(
      matchPublishedRows(
        [
          { rank: 2, nameZh: '广州经开区', nameEn: 'Guangzhou' },
          { rank: 1, nameZh: '苏州工业园区', nameEn: 'Suzhou Industrial Park' },
          {
            rank: 29,
            nameZh: '淮安经济技朮开发区',
            nameEn: "Huai'an Economic and Technological Development Zone",
          },
        ],
        DIRECTORY,
      ),
    ).toEqual({
      matched: [
        {
          rank: 1,
          nameZh: '苏州工业园区',
          nameEn: 'Suzhou Industrial Park',
          zoneId: 'zone-sip',
          matchedBy: 'MATCHED_BY_NAME_ZH',
        },
        {
          rank: 2,
          nameZh: '广州经开区',
          nameEn: 'Guangzhou',
          zoneId: 'zone-guangzhou',
          matchedBy: 'MATCHED_BY_NAME_ZH',
        },
        {
          rank: 29,
          nameZh: '淮安经济技朮开发区',
          nameEn: "Huai'an Economic and Technological Development Zone",
          zoneId: 'zone-huaian',
          matchedBy: 'MATCHED_BY_NAME_EN',
        },
      ],
      unmatched: [],
    }));

  it('reports a row matching no zone, keeping it as published', () =>
    expect(matchPublishedRows([{ rank: 26, nameZh: '东侨经济技术开发区' }], DIRECTORY)).toEqual({
      matched: [],
      unmatched: [
        { rank: 26, nameZh: '东侨经济技术开发区', unmatchedReason: 'UNMATCHED_REASON_NO_MATCH' },
      ],
    }));

  it('reports a name that fits two zones as ambiguous', () =>
    expect(
      matchPublishedRows(
        [{ rank: 3, nameZh: '广州经济技术开发区' }],
        [...DIRECTORY, { zoneId: 'zone-guangzhou-2', nameZh: '广州经开区' }],
      ).unmatched,
    ).toEqual([
      { rank: 3, nameZh: '广州经济技术开发区', unmatchedReason: 'UNMATCHED_REASON_AMBIGUOUS' },
    ]));

  it('leaves a second row for a zone already matched unmatched', () =>
    expect(
      matchPublishedRows(
        [
          { rank: 4, nameZh: '广州经开区' },
          { rank: 2, nameZh: '广州经济技术开发区' },
        ],
        DIRECTORY,
      ),
    ).toEqual({
      matched: [
        {
          rank: 2,
          nameZh: '广州经济技术开发区',
          zoneId: 'zone-guangzhou',
          matchedBy: 'MATCHED_BY_NAME_ZH',
        },
      ],
      unmatched: [
        { rank: 4, nameZh: '广州经开区', unmatchedReason: 'UNMATCHED_REASON_ZONE_ALREADY_MATCHED' },
      ],
    }));
});
