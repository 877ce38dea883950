import { PROVINCES, provinceNamed } from './region';

// The provinces of the national ETDZ list (../shared/data/etdz-national.csv, `cut -d, -f3 | sort -u`),
// copied here so the test does not read outside the repository: all 31 appear.
const ETDZ_LIST_PROVINCES = [
  '上海',
  '云南',
  '内蒙古',
  '北京',
  '吉林',
  '四川',
  '天津',
  '宁夏',
  '安徽',
  '山东',
  '山西',
  '广东',
  '广西',
  '新疆',
  '江苏',
  '江西',
  '河北',
  '河南',
  '浙江',
  '海南',
  '湖北',
  '湖南',
  '甘肃',
  '福建',
  '西藏',
  '贵州',
  '辽宁',
  '重庆',
  '陕西',
  '青海',
  '黑龙江',
];

describe('provinces and their MofCOM regions', () => {
  it('lists the 31 province-level divisions of mainland China once each', () => {
    expect(PROVINCES).toHaveLength(31);
    expect(new Set(PROVINCES.map((province) => province.name)).size).toBe(31);
    expect(new Set(PROVINCES.map((province) => province.shortName)).size).toBe(31);
  });

  it('groups them 11 East, 8 Central, 12 West', () => {
    const count = (region: string) => PROVINCES.filter((p) => p.region === region).length;
    expect([count('REGION_EAST'), count('REGION_CENTRAL'), count('REGION_WEST')]).toEqual([
      11, 8, 12,
    ]);
  });

  it.each(ETDZ_LIST_PROVINCES)('knows %s from the national ETDZ list', (shortName) =>
    expect(provinceNamed(shortName)?.shortName).toBe(shortName),
  );

  it.each([
    ['江苏省', '江苏省', 'REGION_EAST'],
    ['江苏', '江苏省', 'REGION_EAST'],
    [' 黑龙江 ', '黑龙江省', 'REGION_CENTRAL'],
    ['广西壮族自治区', '广西壮族自治区', 'REGION_WEST'],
    ['内蒙古', '内蒙古自治区', 'REGION_WEST'],
    ['重庆', '重庆市', 'REGION_WEST'],
    ['海南', '海南省', 'REGION_EAST'],
  ])('reads %s as %s in %s', (given, name, region) =>
    expect(provinceNamed(given)).toMatchObject({ name, region }),
  );

  it.each(['台湾', '香港', 'Jiangsu', '江苏市', ''])('knows no province called "%s"', (name) =>
    expect(provinceNamed(name)).toBeUndefined(),
  );
});
