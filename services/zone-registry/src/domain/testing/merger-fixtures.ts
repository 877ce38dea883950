import type { MergeZones, NewZoneRegistration } from '../zone.commands';
import type { MergedNewZone, ZoneEvent, ZoneRegistered, ZonesMerged } from '../zone.events';
import {
  GUANGZHOU_BONDED,
  GUANGZHOU_ETDZ,
  GUANGZHOU_EXPORT,
  GUANGZHOU_HIGH_TECH,
  NOW,
  registered,
} from './zone-fixtures';

// The two mergers the merger specs tell: into an existing zone (Guangzhou) and into a new one
// (Shanxi). Dates of approval are illustrative where ../shared/design/DOMAIN.md gives none.

/** Guangzhou's four zones, each just registered. */
export const guangzhou: Record<string, readonly ZoneEvent[]> = Object.fromEntries(
  [GUANGZHOU_ETDZ, GUANGZHOU_HIGH_TECH, GUANGZHOU_BONDED, GUANGZHOU_EXPORT].map((zone) => [
    zone.zoneId,
    [registered(zone)],
  ]),
);

/** Guangzhou's 四区合一 as a command: the ETDZ absorbs the other three. */
export const mergeGuangzhou = (data: Partial<MergeZones['data']> = {}): MergeZones => ({
  type: 'MergeZones',
  data: {
    mergerId: 'merger-gz-2002',
    survivingZoneId: GUANGZHOU_ETDZ.zoneId,
    absorbedZoneIds: [GUANGZHOU_HIGH_TECH.zoneId, GUANGZHOU_BONDED.zoneId, GUANGZHOU_EXPORT.zoneId],
    effectiveOn: { year: 2002 },
    kind: 'MERGER_KIND_OTHER',
    namesakes: [],
    now: NOW,
    ...data,
  },
});

// Taiyuan's ETDZ and high-tech zone were absorbed into the Shanxi Transformation and
// Comprehensive Reform Demonstration Zone (Feb 2017), a zone the merger creates.
export const TAIYUAN_ETDZ: ZoneRegistered['data'] = {
  zoneId: 'zone-taiyuan-etdz',
  nameZh: '太原经济技术开发区',
  nameEn: 'Taiyuan Economic and Technological Development Zone',
  kind: 'ZONE_KIND_ETDZ',
  level: 'ZONE_LEVEL_NATIONAL',
  province: '山西省',
  city: '太原',
  region: 'REGION_CENTRAL',
  approvedOn: { year: 2001, month: 6 },
  industryFocus: [],
};
export const TAIYUAN_HIGH_TECH: ZoneRegistered['data'] = {
  ...TAIYUAN_ETDZ,
  zoneId: 'zone-taiyuan-hitech',
  nameZh: '太原高新技术产业开发区',
  nameEn: 'Taiyuan High-tech Industrial Development Zone',
  kind: 'ZONE_KIND_HIGH_TECH_ZONE',
  approvedOn: { year: 1992, month: 11 },
};
/** Taiyuan's two zones, each just registered. */
export const taiyuan = {
  [TAIYUAN_ETDZ.zoneId]: [registered(TAIYUAN_ETDZ)],
  [TAIYUAN_HIGH_TECH.zoneId]: [registered(TAIYUAN_HIGH_TECH)],
};
/** The new zone as the merger command describes it. */
export const shanxiDemo: NewZoneRegistration = {
  nameZh: '山西转型综合改革示范区',
  nameEn: 'Shanxi Transformation and Comprehensive Reform Demonstration Zone',
  kind: 'ZONE_KIND_OTHER',
  level: 'ZONE_LEVEL_PROVINCIAL',
  province: '山西',
  city: '太原',
};
/** The Shanxi merger as both its command and its event state it (the new zone aside). */
const shanxiMerger: Omit<ZonesMerged['data'], 'newZone'> = {
  mergerId: 'merger-shanxi-2017',
  survivingZoneId: 'zone-shanxi-demo',
  absorbedZoneIds: [TAIYUAN_ETDZ.zoneId, TAIYUAN_HIGH_TECH.zoneId],
  effectiveOn: { year: 2017, month: 2 },
  kind: 'MERGER_KIND_OTHER',
  basisPolicyId: 'policy-shanxi-2017',
};

/** The Shanxi merger as a command: two zones into a new one. */
export const mergeTaiyuan = (data: Partial<MergeZones['data']> = {}): MergeZones => ({
  type: 'MergeZones',
  data: {
    ...shanxiMerger,
    // Each command its own list, not the recorded event's.
    absorbedZoneIds: [...shanxiMerger.absorbedZoneIds],
    newZone: shanxiDemo,
    namesakes: [],
    now: NOW,
    ...data,
  },
});

/** The new zone as ZonesMerged records it (official province, region). */
export const shanxiDemoCreated: MergedNewZone = {
  zoneId: 'zone-shanxi-demo',
  nameZh: '山西转型综合改革示范区',
  nameEn: 'Shanxi Transformation and Comprehensive Reform Demonstration Zone',
  kind: 'ZONE_KIND_OTHER',
  level: 'ZONE_LEVEL_PROVINCIAL',
  province: '山西省',
  city: '太原',
  region: 'REGION_CENTRAL',
  industryFocus: [],
};
/** The Shanxi merger as recorded on each involved stream. */
export const taiyuanMerged: ZonesMerged = {
  type: 'ZonesMerged',
  data: { ...shanxiMerger, newZone: shanxiDemoCreated },
};
