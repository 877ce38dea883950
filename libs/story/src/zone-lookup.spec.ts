import { zoneNamed, type ZoneView } from './zone-lookup';

const zone = (zoneId: string, nameZh: string, level = 'ZONE_LEVEL_NATIONAL'): ZoneView => ({
  zoneId,
  nameZh,
  nameEn: '',
  kind: 'ZONE_KIND_ETDZ',
  level,
  province: '江苏省',
  status: { kind: 'active' },
  industryFocus: [],
});

describe('finding a zone by name', () => {
  const found = [
    zone('a', '南京经济技术开发区'),
    zone('b', '南京经济技术开发区', 'ZONE_LEVEL_PROVINCIAL'),
    zone('c', '南京江宁经济技术开发区'),
  ];

  it('takes the zone of exactly that Chinese name at the level asked (national by default)', () => {
    expect(zoneNamed({ nameZh: '南京经济技术开发区' }, found)?.zoneId).toBe('a');
    expect(
      zoneNamed({ nameZh: ' 南京经济技术开发区 ', level: 'ZONE_LEVEL_PROVINCIAL' }, found)?.zoneId,
    ).toBe('b');
  });

  it('does not take a zone whose name only contains it', () => {
    expect(zoneNamed({ nameZh: '江宁经济技术开发区' }, found)).toBeUndefined();
  });
});
