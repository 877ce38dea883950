import { ZONE_KINDS, ZONE_LEVELS } from '../../services/zone-registry/src/api/dto/zone-vocabulary';
import { PROVINCES } from '@zoneledger/shared-kernel';

/** A zone as POST /v1/zones/imports takes it in `{zones: [...]}`. */
export interface SyntheticZone {
  readonly nameZh: string;
  readonly nameEn: string;
  readonly kind: string;
  readonly level: string;
  readonly province: string;
  readonly city: string;
  readonly approvedOn: { readonly year: number };
  readonly industryFocus: readonly string[];
}

/** The small vocabulary industry filters pick from. */
export const INDUSTRIES = [
  '电子信息',
  '生物医药',
  '装备制造',
  '新材料',
  '新能源汽车',
  '现代物流',
  '食品加工',
  '纺织服装',
] as const;

/** Numbers zones from 00000: five digits up to 100,000 zones, wider beyond. */
function serial(index: number, count: number): string {
  return String(index).padStart(Math.max(5, String(count - 1).length), '0');
}

/**
 * `count` zones that exist nowhere: named `合成开发区 00000` / `Synthetic Zone 00000`, provinces
 * cycled over the 31 (so each has about count/31), kinds over the six, one in three of each kind national,
 * one to three industries from INDUSTRIES. Names are unique, so every row registers.
 */
export function syntheticZones(count: number): SyntheticZone[] {
  return Array.from({ length: count }, (_, index) => {
    const province = PROVINCES[index % PROVINCES.length];
    const number = serial(index, count);
    const industries = 1 + (index % 3);
    return {
      nameZh: `合成开发区 ${number}`,
      nameEn: `Synthetic Zone ${number}`,
      kind: ZONE_KINDS[index % ZONE_KINDS.length],
      level: ZONE_LEVELS[Math.floor(index / ZONE_KINDS.length) % 3 === 0 ? 0 : 1],
      province: province.shortName,
      city: `${province.shortName}合成市`,
      approvedOn: { year: 1984 + (index % 40) },
      industryFocus: Array.from(
        { length: industries },
        (_, at) => INDUSTRIES[(index + at * 3) % INDUSTRIES.length],
      ),
    };
  });
}

/** The zones cut into requests of `size` rows. */
export function importBatches<T>(zones: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < zones.length; start += size)
    batches.push(zones.slice(start, start + size));
  return batches;
}
