import {
  contractForDomainEvent,
  decodeEventData,
  encodeEventData,
  EventContracts,
  type ZoneAutonomyGrantedJson,
  type ZoneDowngradedJson,
  type ZoneExitedJson,
  type ZoneIndustryFocusSetJson,
  type ZoneProfileUpdatedJson,
  type ZoneRegisteredJson,
  type ZoneRenamedJson,
  type ZonesMergedJson,
  type ZoneUpgradedJson,
} from '@zoneledger/contracts';
import {
  GUANGZHOU_MERGED,
  HUADU,
  HUANGPU_CREATED,
  HUADU_UPGRADED,
  JIUQUAN_EXITED,
  registered,
  SIP,
} from './testing/zone-fixtures';
import type { ZoneEvent, ZoneEventType } from './zone.events';

// The outbox relay publishes each event's data with `encodeEventData`, which refuses what the
// proto does not define. Every event the domain can produce must pass it.

// Compile-time: each event's data is assignable to its generated proto JSON type.
type ProtoJson = {
  ZoneRegistered: ZoneRegisteredJson;
  ZoneProfileUpdated: ZoneProfileUpdatedJson;
  ZoneRenamed: ZoneRenamedJson;
  ZoneIndustryFocusSet: ZoneIndustryFocusSetJson;
  ZoneUpgraded: ZoneUpgradedJson;
  ZoneDowngraded: ZoneDowngradedJson;
  ZoneExited: ZoneExitedJson;
  ZoneAutonomyGranted: ZoneAutonomyGrantedJson;
  ZonesMerged: ZonesMergedJson;
};
const asProtoJson: { [E in ZoneEvent as E['type']]: (data: E['data']) => ProtoJson[E['type']] } = {
  ZoneRegistered: (data) => data,
  ZoneProfileUpdated: (data) => data,
  ZoneRenamed: (data) => data,
  ZoneIndustryFocusSet: (data) => data,
  ZoneUpgraded: (data) => data,
  ZoneDowngraded: (data) => data,
  ZoneExited: (data) => data,
  ZoneAutonomyGranted: (data) => data,
  ZonesMerged: (data) => data,
};

// Every field set (so a round trip shows each one survives), then with the optional ones left out.
const complete: ZoneEvent[] = [
  registered(SIP),
  {
    type: 'ZoneProfileUpdated',
    data: {
      zoneId: SIP.zoneId,
      province: '江苏省',
      city: '苏州市',
      region: 'REGION_EAST',
      approvedOn: { year: 1994, month: 2, day: 26 },
      reason: 'city corrected from the 2018 catalogue',
    },
  },
  {
    type: 'ZoneRenamed',
    data: {
      zoneId: HUADU.zoneId,
      nameZh: '广州花都经济技术开发区',
      nameEn: 'Guangzhou Huadu Economic and Technological Development Zone',
      previousNameZh: HUADU.nameZh,
      previousNameEn: HUADU.nameEn,
      effectiveOn: { year: 2024, month: 10 },
      basisPolicyId: 'policy-guobanhan-2024-83',
    },
  },
  {
    type: 'ZoneIndustryFocusSet',
    data: { zoneId: SIP.zoneId, industryFocus: ['AI'], effectiveOn: { year: 2018 } },
  },
  HUADU_UPGRADED,
  {
    type: 'ZoneDowngraded',
    data: {
      zoneId: SIP.zoneId,
      previousLevel: 'ZONE_LEVEL_NATIONAL',
      level: 'ZONE_LEVEL_PROVINCIAL',
      effectiveOn: { year: 2024, month: 3, day: 1 },
      basisPolicyId: 'policy-downgrade',
      reason: 'bottom five of its region twice within three years',
    },
  },
  JIUQUAN_EXITED,
  {
    type: 'ZoneAutonomyGranted',
    data: {
      zoneId: SIP.zoneId,
      power: 'approve foreign-invested projects',
      policyId: 'policy-2019-11',
      effectiveOn: { year: 2019, month: 5 },
    },
  },
  {
    type: 'ZonesMerged',
    data: {
      ...GUANGZHOU_MERGED.data,
      survivingZoneId: 'zone-huangpu',
      newZone: HUANGPU_CREATED,
      basisPolicyId: 'policy-huangpu-2014',
    },
  },
];

const { approvedOn: _unknown, ...withoutApproval } = { ...SIP, city: '', industryFocus: [] };
const sparse: ZoneEvent[] = [
  registered(withoutApproval),
  {
    type: 'ZoneRenamed',
    data: { zoneId: 'z', nameZh: '新', nameEn: '', previousNameZh: '旧', previousNameEn: 'Old' },
  },
  { type: 'ZoneIndustryFocusSet', data: { zoneId: 'z', industryFocus: [] } },
  GUANGZHOU_MERGED,
];

const ceTypeOf = (type: ZoneEventType): string => contractForDomainEvent('zone', type).ceType;

describe('zone events', () => {
  it('cover every zone contract, and every contract covers one of them', () => {
    const zoneContracts = EventContracts.filter((contract) => contract.aggregate === 'zone');
    expect(zoneContracts.map((contract) => contract.domainType).sort()).toEqual(
      Object.keys(asProtoJson).sort(),
    );
    expect(new Set(complete.map((event) => event.type))).toEqual(new Set(Object.keys(asProtoJson)));
  });

  it.each(complete.map((event) => [event.type, event] as const))(
    '%s, every field set, encodes and decodes to the same data',
    (type, event) => {
      const bytes = encodeEventData(ceTypeOf(type), event.data);
      expect(decodeEventData(ceTypeOf(type), bytes)).toEqual(event.data);
    },
  );

  it.each(sparse.map((event) => [event.type, event] as const))(
    '%s, optional fields left out, encodes',
    (type, event) => {
      expect(() => encodeEventData(ceTypeOf(type), event.data)).not.toThrow();
    },
  );
});
