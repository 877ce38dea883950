import type { Namesake, ZoneCommand } from '../zone.commands';
import type {
  MergedNewZone,
  ZoneExited,
  ZoneRegistered,
  ZonesMerged,
  ZoneUpgraded,
} from '../zone.events';

// Zones the specs use. Names, places and dates follow ../shared/design/DOMAIN.md where it gives
// them; where it does not (some approval dates, the provincial zone), they are illustrative.

/** "Now" for every command: 30 June 2025, noon in China. */
export const NOW = new Date('2025-06-30T04:00:00Z');

/** A national ETDZ (Suzhou Industrial Park, approved Feb 1994). */
export const SIP: ZoneRegistered['data'] = {
  zoneId: 'zone-sip',
  nameZh: '苏州工业园区',
  nameEn: 'Suzhou Industrial Park',
  kind: 'ZONE_KIND_ETDZ',
  level: 'ZONE_LEVEL_NATIONAL',
  province: '江苏省',
  city: '苏州',
  region: 'REGION_EAST',
  approvedOn: { year: 1994, month: 2 },
  industryFocus: ['digital information', 'nanotechnology', 'biomedicine'],
};

/** A provincial zone, upgraded to a national ETDZ in Oct 2024 (国办函〔2024〕83号). */
export const HUADU: ZoneRegistered['data'] = {
  zoneId: 'zone-huadu',
  nameZh: '花都经济开发区',
  nameEn: 'Huadu Economic Development Zone',
  kind: 'ZONE_KIND_OTHER',
  level: 'ZONE_LEVEL_PROVINCIAL',
  province: '广东省',
  city: '广州',
  region: 'REGION_EAST',
  approvedOn: { year: 2006 },
  industryFocus: ['automobiles'],
};

/** A national ETDZ that exited on 17 Jan 2020. */
export const JIUQUAN: ZoneRegistered['data'] = {
  zoneId: 'zone-jiuquan',
  nameZh: '酒泉经济技术开发区',
  nameEn: 'Jiuquan Economic and Technological Development Zone',
  kind: 'ZONE_KIND_ETDZ',
  level: 'ZONE_LEVEL_NATIONAL',
  province: '甘肃省',
  city: '酒泉',
  region: 'REGION_WEST',
  approvedOn: { year: 2013, month: 3 },
  industryFocus: [],
};

/** Guangzhou's four zones (四区合一): the ETDZ carries on, the other three are absorbed. */
export const GUANGZHOU_ETDZ: ZoneRegistered['data'] = {
  zoneId: 'zone-gz-etdz',
  nameZh: '广州经济技术开发区',
  nameEn: 'Guangzhou Economic and Technological Development Zone',
  kind: 'ZONE_KIND_ETDZ',
  level: 'ZONE_LEVEL_NATIONAL',
  province: '广东省',
  city: '广州',
  region: 'REGION_EAST',
  approvedOn: { year: 1984, month: 12 },
  industryFocus: [],
};
export const GUANGZHOU_HIGH_TECH: ZoneRegistered['data'] = {
  ...GUANGZHOU_ETDZ,
  zoneId: 'zone-gz-hitech',
  nameZh: '广州高新技术产业开发区',
  nameEn: 'Guangzhou High-tech Industrial Development Zone',
  kind: 'ZONE_KIND_HIGH_TECH_ZONE',
  approvedOn: { year: 1991, month: 3 },
};
export const GUANGZHOU_BONDED: ZoneRegistered['data'] = {
  ...GUANGZHOU_ETDZ,
  zoneId: 'zone-gz-bonded',
  nameZh: '广州保税区',
  nameEn: 'Guangzhou Free Trade Zone',
  kind: 'ZONE_KIND_COMPREHENSIVE_BONDED_ZONE',
  approvedOn: { year: 1992, month: 5 },
};
export const GUANGZHOU_EXPORT: ZoneRegistered['data'] = {
  ...GUANGZHOU_ETDZ,
  zoneId: 'zone-gz-export',
  nameZh: '广州出口加工区',
  nameEn: 'Guangzhou Export Processing Zone',
  kind: 'ZONE_KIND_OTHER',
  approvedOn: { year: 2000, month: 4 },
};

/** The event that starts a zone's stream. */
export function registered(data: ZoneRegistered['data']): ZoneRegistered {
  return { type: 'ZoneRegistered', data };
}

/** Huadu's upgrade to a national ETDZ. */
export const HUADU_UPGRADED: ZoneUpgraded = {
  type: 'ZoneUpgraded',
  data: {
    zoneId: HUADU.zoneId,
    previousLevel: 'ZONE_LEVEL_PROVINCIAL',
    level: 'ZONE_LEVEL_NATIONAL',
    previousKind: 'ZONE_KIND_OTHER',
    kind: 'ZONE_KIND_ETDZ',
    effectiveOn: { year: 2024, month: 10 },
    basisPolicyId: 'policy-guobanhan-2024-83',
  },
};

/** Jiuquan's exit. */
export const JIUQUAN_EXITED: ZoneExited = {
  type: 'ZoneExited',
  data: {
    zoneId: JIUQUAN.zoneId,
    effectiveOn: { year: 2020, month: 1, day: 17 },
    basisPolicyId: 'policy-exit-2020',
    reason: 'bottom of the assessment',
  },
};

/** Guangzhou's four zones under one management body, the ETDZ carrying on. */
export const GUANGZHOU_MERGED: ZonesMerged = {
  type: 'ZonesMerged',
  data: {
    mergerId: 'merger-gz-2002',
    survivingZoneId: GUANGZHOU_ETDZ.zoneId,
    absorbedZoneIds: [GUANGZHOU_HIGH_TECH.zoneId, GUANGZHOU_BONDED.zoneId, GUANGZHOU_EXPORT.zoneId],
    effectiveOn: { year: 2002 },
    kind: 'MERGER_KIND_OTHER',
  },
};

/** Huangpu District as ZonesMerged records it when a merger with Guangzhou's ETDZ creates it (2014). */
export const HUANGPU_CREATED: MergedNewZone = {
  zoneId: 'zone-huangpu',
  nameZh: '黄埔区',
  nameEn: 'Huangpu District',
  kind: 'ZONE_KIND_OTHER',
  level: 'ZONE_LEVEL_PROVINCIAL',
  province: '广东省',
  city: '广州',
  region: 'REGION_EAST',
  industryFocus: ['automobiles'],
};

/** What the namesake lookup would answer for a zone bearing a name. */
export function namesake(zone: ZoneRegistered['data']): Namesake {
  return { zoneId: zone.zoneId, level: zone.level, nameZh: zone.nameZh, nameEn: zone.nameEn };
}

/** A valid command of every kind that changes a zone (all but registration and correction). */
export function everyChangeTo(zoneId: string): ZoneCommand[] {
  const effectiveOn = { year: 2025, month: 1 };
  return [
    { type: 'UpdateZoneProfile', data: { zoneId, city: '新城', reason: 'city re-divided' } },
    {
      type: 'RenameZone',
      data: { zoneId, nameZh: '新名', nameEn: 'New Name', effectiveOn, namesakes: [], now: NOW },
    },
    { type: 'SetIndustryFocus', data: { zoneId, industryFocus: ['robotics'], now: NOW } },
    {
      type: 'UpgradeZone',
      data: { zoneId, effectiveOn, basisPolicyId: 'policy-up', namesakes: [], now: NOW },
    },
    {
      type: 'DowngradeZone',
      data: { zoneId, effectiveOn, reason: 'bottom five', namesakes: [], now: NOW },
    },
    {
      type: 'ExitZone',
      data: { zoneId, effectiveOn, basisPolicyId: 'policy-exit', reason: 'exit', now: NOW },
    },
    {
      type: 'GrantAutonomy',
      data: {
        zoneId,
        power: 'approve projects',
        policyId: 'policy-2019-11',
        effectiveOn,
        now: NOW,
      },
    },
  ];
}
