import {
  contractForDomainEvent,
  decodeEventData,
  encodeEventData,
  EventContracts,
  type PolicyAmendedJson,
  type PolicyAutonomyExtendedJson,
  type PolicyIssuedJson,
  type PolicyRepealedJson,
  type PolicySupersededJson,
} from '@zoneledger/contracts';
import type { PolicyEvent, PolicyEventType } from './policy.events';
import {
  APPROVE_PROJECTS,
  GBF_2016_14,
  GBF_2017_7,
  GF_2019_11_ISSUED,
  HUADU,
  NATIONAL_ETDZS,
} from './testing/policy-fixtures';

// The outbox relay publishes each event's data with `encodeEventData`, which refuses what the
// proto does not define. Every event the domain can produce must pass it.

// Compile-time: each event's data is assignable to its generated proto JSON type.
type ProtoJson = {
  PolicyIssued: PolicyIssuedJson;
  PolicyAmended: PolicyAmendedJson;
  PolicySuperseded: PolicySupersededJson;
  PolicyRepealed: PolicyRepealedJson;
  PolicyAutonomyExtended: PolicyAutonomyExtendedJson;
};
const asProtoJson: {
  [E in PolicyEvent as E['type']]: (data: E['data']) => ProtoJson[E['type']];
} = {
  PolicyIssued: (data) => data,
  PolicyAmended: (data) => data,
  PolicySuperseded: (data) => data,
  PolicyRepealed: (data) => data,
  PolicyAutonomyExtended: (data) => data,
};

const EVERY_CRITERION = {
  zoneKinds: ['ZONE_KIND_ETDZ' as const],
  zoneLevels: ['ZONE_LEVEL_NATIONAL' as const],
  provinces: ['江苏省'],
  regions: ['REGION_EAST' as const],
  zoneIds: ['zone-sip'],
};
const grant = {
  power: APPROVE_PROJECTS,
  zoneIds: [HUADU],
  effectiveOn: { year: 2024, month: 10 },
  measureNumber: 1,
};

// Every field set (so a round trip shows each one survives), then with the optional ones left out.
const complete: PolicyEvent[] = [
  {
    type: 'PolicyIssued',
    data: {
      ...GF_2019_11_ISSUED.data,
      publishedOn: { year: 2019, month: 5, day: 28 },
      effectiveOn: { year: 2019, month: 5, day: 28 },
      expiresOn: { year: 2030 },
      scope: EVERY_CRITERION,
      autonomyGrants: [grant],
      implementsPolicyId: 'gbf-2017-7',
    },
  },
  {
    type: 'PolicyAmended',
    data: {
      policyId: 'gf-2019-11',
      version: 2,
      amendedOn: { year: 2021, month: 3, day: 1 },
      effectiveOn: { year: 2021, month: 4 },
      reason: 'provincial ETDZs included',
      basisPolicyId: 'amending-2021',
      changedFields: ['scope', 'expiresOn'],
      titleZh: GF_2019_11_ISSUED.data.titleZh,
      titleEn: 'Opinions, amended',
      themes: ['reform autonomy'],
      measures: ['Give zones the power to approve foreign-invested projects'],
      scope: EVERY_CRITERION,
      expiresOn: { year: 2030 },
      autonomyGrants: [grant],
    },
  },
  {
    type: 'PolicySuperseded',
    data: { policyId: 'szh-2016-192', supersededByPolicyId: 'a-2021', effectiveOn: { year: 2022 } },
  },
  {
    type: 'PolicyRepealed',
    data: {
      policyId: 'gbf-2016-14',
      effectiveOn: { year: 2022, month: 1, day: 1 },
      reason: 'the 2021 system replaced it',
      basisPolicyId: 'repeal-notice',
    },
  },
  {
    type: 'PolicyAutonomyExtended',
    data: { policyId: 'gf-2019-11', version: 1, autonomyGrants: [grant], reason: 'upgraded' },
  },
];

const sparse: PolicyEvent[] = [
  GBF_2016_14,
  GBF_2017_7,
  {
    type: 'PolicyIssued',
    data: { ...GF_2019_11_ISSUED.data, autonomyGrants: [{ ...grant, zoneIds: [] }] },
  },
  {
    type: 'PolicyAmended',
    data: {
      policyId: 'p',
      version: 2,
      amendedOn: { year: 2021 },
      effectiveOn: { year: 2021 },
      reason: 'r',
      changedFields: [],
      titleZh: '标题',
      themes: [],
      measures: [],
      scope: NATIONAL_ETDZS,
      autonomyGrants: [],
    },
  },
  { type: 'PolicyRepealed', data: { policyId: 'p', effectiveOn: { year: 2022 }, reason: 'r' } },
];

const ceTypeOf = (type: PolicyEventType): string => contractForDomainEvent('policy', type).ceType;

describe('policy events', () => {
  it('cover every policy contract, and every contract covers one of them', () => {
    const policyContracts = EventContracts.filter((contract) => contract.aggregate === 'policy');
    expect(policyContracts.map((contract) => contract.domainType).sort()).toEqual(
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
