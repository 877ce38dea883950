import type { IssuePolicy, LinkedPolicy, PolicyCommand } from '../policy.commands';
import type { PolicyIssued, PolicyScope } from '../policy.events';

// Policies the specs use. Document numbers, issuers and dates follow ../shared/design/DOMAIN.md
// where it gives them; titles, measures' wording, powers and zone ids are illustrative.

/** "Now" for every command: 30 June 2025, noon in China. */
export const NOW = new Date('2025-06-30T04:00:00Z');

/** National ETDZs in the zone register (ids as the zone-registry's fixtures name them). */
export const SIP = 'zone-sip';
export const NANJING = 'zone-nanjing';
export const HUADU = 'zone-huadu';

/** The scope of 国发〔2019〕11号: national ETDZs. */
export const NATIONAL_ETDZS: PolicyScope = {
  zoneKinds: ['ZONE_KIND_ETDZ'],
  zoneLevels: ['ZONE_LEVEL_NATIONAL'],
  provinces: [],
  regions: [],
  zoneIds: [],
};

/** The two powers of 国发〔2019〕11号 the specs follow (of its five measures on reform autonomy). */
export const APPROVE_PROJECTS = 'approve foreign-invested projects';
export const ADJUST_STAFFING = 'set up and adjust internal bodies';

/**
 * 国发〔2019〕11号 as asked (State Council, May 2019: opinions on innovation and upgrading of
 * national ETDZs, 5 areas, 22 measures incl. 5 on greater reform autonomy), in untidy spelling.
 */
export const ISSUE_GF_2019_11: IssuePolicy['data'] = {
  policyId: 'gf-2019-11',
  documentNumber: '国发[2019] 11号',
  titleZh: ' 国务院关于推进国家级经济技术开发区创新提升打造改革开放新高地的意见 ',
  titleEn: 'Opinions on promoting innovation and upgrading of national ETDZs',
  issuer: '国务院',
  kind: 'POLICY_KIND_OPINIONS',
  issuedOn: { year: 2019, month: 5 },
  themes: ['Reform  autonomy', 'opening-up', 'reform autonomy'],
  measures: [
    {
      text: 'Give zones the power to approve foreign-invested projects',
      grantsPower: APPROVE_PROJECTS,
    },
    { text: ' Let zones set up and adjust their internal bodies', grantsPower: ADJUST_STAFFING },
    { text: '' },
    { text: 'Improve the assessment of national ETDZs', grantsPower: ' ' },
  ],
  scope: { zoneKinds: ['ZONE_KIND_ETDZ'], zoneLevels: ['ZONE_LEVEL_NATIONAL'] },
  documentNumberHolders: [],
  linkedPolicies: [],
  zones: { knownZoneIds: [], scopeZoneIds: [SIP, NANJING, SIP] },
  now: NOW,
};

/** 国发〔2019〕11号 as recorded. */
export const GF_2019_11_ISSUED: PolicyIssued = {
  type: 'PolicyIssued',
  data: {
    policyId: 'gf-2019-11',
    documentNumber: '国发〔2019〕11号',
    titleZh: '国务院关于推进国家级经济技术开发区创新提升打造改革开放新高地的意见',
    titleEn: 'Opinions on promoting innovation and upgrading of national ETDZs',
    issuer: '国务院',
    kind: 'POLICY_KIND_OPINIONS',
    issuedOn: { year: 2019, month: 5 },
    themes: ['reform autonomy', 'opening-up'],
    measures: [
      'Give zones the power to approve foreign-invested projects',
      'Let zones set up and adjust their internal bodies',
      'Improve the assessment of national ETDZs',
    ],
    scope: NATIONAL_ETDZS,
    autonomyGrants: [
      { power: APPROVE_PROJECTS, zoneIds: [SIP, NANJING], measureNumber: 1 },
      { power: ADJUST_STAFFING, zoneIds: [SIP, NANJING], measureNumber: 2 },
    ],
  },
};

/** An issuance command from a recorded PolicyIssued (no measure grants a power). */
export function issueCommand(data: PolicyIssued['data']): IssuePolicy['data'] {
  const { autonomyGrants: _grants, measures, ...rest } = data;
  return {
    ...rest,
    measures: measures.map((text) => ({ text })),
    documentNumberHolders: [],
    linkedPolicies: [],
    zones: { knownZoneIds: data.scope.zoneIds, scopeZoneIds: [] },
    now: NOW,
  };
}

const NO_SCOPE: PolicyScope = {
  zoneKinds: [],
  zoneLevels: [],
  provinces: [],
  regions: [],
  zoneIds: [],
};

/** 国办发〔2016〕14号 (State Council General Office, 16 Mar 2016): basis of the 2016 assessment. */
export const GBF_2016_14: PolicyIssued = {
  type: 'PolicyIssued',
  data: {
    policyId: 'gbf-2016-14',
    documentNumber: '国办发〔2016〕14号',
    titleZh: '国务院办公厅关于完善国家级经济技术开发区考核制度促进创新驱动发展的指导意见',
    issuer: '国务院办公厅',
    kind: 'POLICY_KIND_OPINIONS',
    issuedOn: { year: 2016, month: 3, day: 16 },
    themes: ['assessment'],
    measures: [],
    scope: NATIONAL_ETDZS,
    autonomyGrants: [],
  },
};

/** 国办发〔2017〕7号 (issued 19 Jan 2017, published 6 Feb 2017): reform and innovation of zones. */
export const GBF_2017_7: PolicyIssued = {
  type: 'PolicyIssued',
  data: {
    policyId: 'gbf-2017-7',
    documentNumber: '国办发〔2017〕7号',
    titleZh: '国务院办公厅关于促进开发区改革和创新发展的若干意见',
    titleEn: 'Opinions on promoting reform and innovation of development zones',
    issuer: '国务院办公厅',
    kind: 'POLICY_KIND_OPINIONS',
    issuedOn: { year: 2017, month: 1, day: 19 },
    publishedOn: { year: 2017, month: 2, day: 6 },
    themes: ['zone integration', 'reform autonomy'],
    measures: ['Integrate neighbouring, industrially related zones around a national zone'],
    scope: NO_SCOPE,
    autonomyGrants: [],
  },
};

/** 商资函〔2016〕192号 (MofCOM): the 2016 assessment measures, implementing 国办发〔2016〕14号. */
export const SZH_2016_192: PolicyIssued = {
  type: 'PolicyIssued',
  data: {
    policyId: 'szh-2016-192',
    documentNumber: '商资函〔2016〕192号',
    titleZh: '国家级经济技术开发区综合发展水平考核评价办法',
    issuer: '商务部',
    kind: 'POLICY_KIND_MEASURES',
    issuedOn: { year: 2016 },
    themes: ['assessment'],
    measures: ['Assess zones on 53 indicators in 5 dimensions'],
    scope: NATIONAL_ETDZS,
    autonomyGrants: [],
    implementsPolicyId: 'gbf-2016-14',
  },
};

/** 国办函〔2024〕83号: four zones upgraded to national level, named in its scope. */
export const GBH_2024_83: PolicyIssued = {
  type: 'PolicyIssued',
  data: {
    policyId: 'gbh-2024-83',
    documentNumber: '国办函〔2024〕83号',
    titleZh: '国务院办公厅关于同意广州花都等4个省级开发区升级为国家级经济技术开发区的函',
    issuer: '国务院办公厅',
    kind: 'POLICY_KIND_APPROVAL',
    issuedOn: { year: 2024, month: 10 },
    themes: ['zone upgrading'],
    measures: ['Upgrade four provincial zones to national ETDZs'],
    scope: { ...NO_SCOPE, zoneIds: [HUADU, 'zone-guixi', 'zone-fuling', 'zone-shenyang-fc'] },
    autonomyGrants: [],
  },
};

/** What the handler would look up about a recorded policy a command links to. */
export function linked(policy: PolicyIssued, links: Partial<LinkedPolicy> = {}): LinkedPolicy {
  const { policyId, issuedOn, effectiveOn, implementsPolicyId } = policy.data;
  return {
    policyId,
    issuedOn,
    ...(effectiveOn ? { effectiveOn } : {}),
    ...(implementsPolicyId ? { implementsPolicyId } : {}),
    ...links,
  };
}

/** A valid command of every kind that changes an issued policy. */
export function everyChangeTo(policyId: string): PolicyCommand[] {
  const zones = { knownZoneIds: [], scopeZoneIds: [] };
  return [
    {
      type: 'AmendPolicy',
      data: {
        policyId,
        amendedOn: { year: 2021 },
        effectiveOn: { year: 2021 },
        reason: 'amended',
        titleEn: 'Amended',
        zones,
        now: NOW,
      },
    },
    {
      type: 'SupersedePolicy',
      data: { policyId, supersededByPolicyId: 'later', linkedPolicies: [] },
    },
    { type: 'RepealPolicy', data: { policyId, effectiveOn: { year: 2024 }, reason: 'repealed' } },
    {
      type: 'ExtendAutonomy',
      data: { policyId, effectiveOn: { year: 2024 }, reason: 'upgraded', scopeZoneIds: [HUADU] },
    },
  ];
}
