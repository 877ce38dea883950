import type { RegionJson } from '@zoneledger/contracts';

/** MofCOM's ranking region of a province (the proto enum's value names, without "unspecified"). */
export type Region = Exclude<RegionJson, 'REGION_UNSPECIFIED'>;

/** A province-level division of mainland China, with the MofCOM ranking region it belongs to. */
export interface Province {
  /** Official name, e.g. "江苏省", "广西壮族自治区": what zone events record. */
  readonly name: string;
  /** Short name used by catalogues and lists, e.g. "江苏", "广西". */
  readonly shortName: string;
  readonly region: Region;
}

function provinces(region: Region, names: readonly (readonly [string, string])[]): Province[] {
  return names.map(([shortName, name]) => ({ name, shortName, region }));
}

/**
 * The 31 province-level divisions, grouped as MofCOM groups them when it ranks development zones
 * by region (the eastern, central and western regions of its assessments).
 */
export const PROVINCES: readonly Province[] = [
  ...provinces('REGION_EAST', [
    ['北京', '北京市'],
    ['天津', '天津市'],
    ['河北', '河北省'],
    ['辽宁', '辽宁省'],
    ['上海', '上海市'],
    ['江苏', '江苏省'],
    ['浙江', '浙江省'],
    ['福建', '福建省'],
    ['山东', '山东省'],
    ['广东', '广东省'],
    ['海南', '海南省'],
  ]),
  ...provinces('REGION_CENTRAL', [
    ['山西', '山西省'],
    ['吉林', '吉林省'],
    ['黑龙江', '黑龙江省'],
    ['安徽', '安徽省'],
    ['江西', '江西省'],
    ['河南', '河南省'],
    ['湖北', '湖北省'],
    ['湖南', '湖南省'],
  ]),
  ...provinces('REGION_WEST', [
    ['内蒙古', '内蒙古自治区'],
    ['广西', '广西壮族自治区'],
    ['重庆', '重庆市'],
    ['四川', '四川省'],
    ['贵州', '贵州省'],
    ['云南', '云南省'],
    ['西藏', '西藏自治区'],
    ['陕西', '陕西省'],
    ['甘肃', '甘肃省'],
    ['青海', '青海省'],
    ['宁夏', '宁夏回族自治区'],
    ['新疆', '新疆维吾尔自治区'],
  ]),
];

const byName = new Map<string, Province>(
  PROVINCES.flatMap((province) => [
    [province.name, province],
    [province.shortName, province],
  ]),
);

/**
 * The province called `name`, by its official name ("江苏省") or its short name ("江苏", as in
 * the national ETDZ list); undefined for anything else.
 */
export function provinceNamed(name: string): Province | undefined {
  return byName.get(name.trim());
}

/** The official name of a province named officially or by its short name ("江苏" -> "江苏省"). */
export function officialProvince(name: string): string {
  return provinceNamed(name)?.name ?? name.trim();
}
