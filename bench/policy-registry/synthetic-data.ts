import { randomUUID } from 'node:crypto';
import { contractForDomainEvent, encodeEventData } from '@zoneledger/contracts';
import { encodeCloudEvent } from '@zoneledger/messaging';
import { PROVINCES, ZONE_KINDS, ZONE_LEVELS } from '@zoneledger/shared-kernel';
import type { Message } from 'kafkajs';
import { POLICY_THEMES } from '../../services/policy-registry/src/domain/policy-themes';

/** A synthetic zone: the i-th of every province, kind and level in turn. */
export interface BenchZone {
  readonly zoneId: string;
  readonly kind: string;
  readonly level: string;
  readonly province: string;
  readonly region: string;
}

export const zoneId = (i: number) => `bz-${String(i).padStart(6, '0')}`;

export function syntheticZones(count: number): BenchZone[] {
  return Array.from({ length: count }, (_, i) => {
    const province = PROVINCES[i % PROVINCES.length];
    return {
      zoneId: zoneId(i),
      kind: ZONE_KINDS[Math.floor(i / PROVINCES.length) % ZONE_KINDS.length],
      level: ZONE_LEVELS[i % 7 === 0 ? 0 : 1],
      province: province.name,
      region: province.region,
    };
  });
}

/** ZoneRegistered as the zone registry's relay publishes it: CloudEvents binary mode. */
export function zoneRegistered(zone: BenchZone, i: number): Message {
  const contract = contractForDomainEvent('zone', 'ZoneRegistered');
  return encodeCloudEvent({
    id: randomUUID(),
    source: '/zoneledger/zone-registry',
    type: contract.ceType,
    subject: `zone-${zone.zoneId}`,
    time: new Date(),
    dataschema: contract.dataschema,
    data: encodeEventData(contract.ceType, {
      zoneId: zone.zoneId,
      nameZh: `合成开发区${zone.zoneId}`,
      nameEn: `Synthetic zone ${zone.zoneId}`,
      kind: zone.kind,
      level: zone.level,
      province: zone.province,
      city: '',
      region: zone.region,
      approvedOn: { year: 1985 + (i % 35), month: 1 + (i % 12), day: 1 + (i % 28) },
    }),
    extensions: { streamversion: '1' },
  });
}

export const ISSUERS = [
  '国务院',
  '国务院办公厅',
  '商务部',
  '科学技术部',
  '国家发展和改革委员会',
  '财政部',
  '海关总署',
  '自然资源部',
];

const TOPICS_ZH = ['改革', '开放', '创新', '升级', '整合', '绿色发展', '人才', '金融'];
const TOPICS_EN = [
  'reform',
  'opening',
  'innovation',
  'upgrading',
  'integration',
  'green',
  'talent',
  'finance',
];

/**
 * The i-th synthetic issuance (POST /v1/policies's body), scoped in one of several ways; one in a
 * hundred (all scoped to a province) grants a power.
 */
export function syntheticPolicy(i: number, zones: number) {
  const year = 2000 + (i % 25);
  const month = 1 + (i % 12);
  const day = 1 + (i % 28);
  const topic = i % TOPICS_ZH.length;
  const province = PROVINCES[i % PROVINCES.length];
  const scopes = [
    undefined, // every zone
    { zoneKinds: [ZONE_KINDS[i % ZONE_KINDS.length]] },
    { zoneKinds: ['ZONE_KIND_ETDZ'], zoneLevels: ['ZONE_LEVEL_NATIONAL'] },
    { provinces: [province.shortName] },
    { provinces: [province.name], zoneKinds: [ZONE_KINDS[i % ZONE_KINDS.length]] },
    { zoneLevels: [ZONE_LEVELS[i % 2]] },
    { regions: [province.region] },
    { zoneIds: [zoneId((i * 7919) % zones), zoneId((i * 104729) % zones)] },
  ];
  const scope = scopes[i % scopes.length];
  return {
    policyId: `bp-${String(i).padStart(6, '0')}`,
    documentNumber: `合成〔${year}〕${i}号`,
    titleZh: `关于${TOPICS_ZH[topic]}开发区的意见（第${i}号）`,
    titleEn: `Opinions on ${TOPICS_EN[topic]} of development zones, no. ${i}`,
    issuer: ISSUERS[i % ISSUERS.length],
    kind: 'POLICY_KIND_OPINIONS',
    issuedOn: { year, month, day },
    publishedOn: { year, month, day },
    ...(i % 3 === 0 ? { effectiveOn: { year, month: Math.min(12, month + 1), day } } : {}),
    ...(i % 5 === 0 ? { expiresOn: { year: year + 3 } } : {}),
    themes: [
      POLICY_THEMES[i % POLICY_THEMES.length],
      POLICY_THEMES[(i * 5 + 3) % POLICY_THEMES.length],
    ],
    // One in a hundred grants a power, to a province's zones: issuing it resolves its scope.
    measures: [
      {
        text: `支持开发区${TOPICS_ZH[topic]}试点 ${i}`,
        ...(i % 100 === 3 ? { grantsPower: `synthetic-power-${i}` } : {}),
      },
    ],
    ...(scope ? { scope } : {}),
  };
}
