import { deciderSpec } from '@zoneledger/testing';
import type { AmendPolicy } from './policy.commands';
import { policyDecider } from './policy.decider';
import type { PolicyAmended, PolicyRepealed, PolicySuperseded } from './policy.events';
import {
  ADJUST_STAFFING,
  APPROVE_PROJECTS,
  GF_2019_11_ISSUED,
  NANJING,
  NATIONAL_ETDZS,
  NOW,
  SIP,
} from './testing/policy-fixtures';

const spec = deciderSpec(policyDecider);
const LANZHOU = 'zone-lanzhou';
const WIDENED = { zoneKinds: ['ZONE_KIND_ETDZ' as const] };

/** 国发〔2019〕11号 widened to provincial ETDZs from 2021 (an illustrative amendment). */
const widen: AmendPolicy = {
  type: 'AmendPolicy',
  data: {
    policyId: 'gf-2019-11',
    amendedOn: { year: 2021, month: 3, day: 1 },
    effectiveOn: { year: 2021, month: 4 },
    reason: ' provincial ETDZs  included ',
    basisPolicyId: 'amending-2021',
    scope: WIDENED,
    zones: { knownZoneIds: [], scopeZoneIds: [SIP, NANJING, LANZHOU] },
    now: NOW,
  },
};
const amend = (data: Partial<AmendPolicy['data']>): AmendPolicy => ({
  type: 'AmendPolicy',
  data: { ...widen.data, ...data },
});

const { titleZh, titleEn, themes, measures } = GF_2019_11_ISSUED.data;
const WIDENED_V2: PolicyAmended = {
  type: 'PolicyAmended',
  data: {
    policyId: 'gf-2019-11',
    version: 2,
    amendedOn: { year: 2021, month: 3, day: 1 },
    effectiveOn: { year: 2021, month: 4 },
    reason: 'provincial ETDZs included',
    basisPolicyId: 'amending-2021',
    changedFields: ['scope'],
    titleZh,
    titleEn,
    themes,
    measures,
    scope: { ...NATIONAL_ETDZS, zoneLevels: [] },
    autonomyGrants: [
      {
        power: APPROVE_PROJECTS,
        zoneIds: [SIP, NANJING, LANZHOU],
        effectiveOn: { year: 2021, month: 4 },
        measureNumber: 1,
      },
      {
        power: ADJUST_STAFFING,
        zoneIds: [SIP, NANJING, LANZHOU],
        effectiveOn: { year: 2021, month: 4 },
        measureNumber: 2,
      },
    ],
  },
};

describe('issued policy', () => {
  it('records a widened scope as version 2, granting its powers to every zone it resolves to', () =>
    spec.given([GF_2019_11_ISSUED]).when(widen).then([WIDENED_V2]));

  it('records new measures, themes and an expiry, naming what changed', () => {
    const { basisPolicyId: _none, ...v2 } = WIDENED_V2.data;
    spec
      .given([GF_2019_11_ISSUED])
      .when(
        amend({
          scope: undefined,
          themes: ['reform autonomy', 'opening-up', 'assessment'],
          measures: [{ text: 'Improve the assessment of national ETDZs' }],
          expiresOn: { year: 2030 },
          basisPolicyId: undefined,
          zones: { knownZoneIds: [], scopeZoneIds: [SIP] },
        }),
      )
      .then([
        {
          type: 'PolicyAmended',
          data: {
            ...v2,
            changedFields: ['themes', 'measures', 'expiresOn'],
            themes: ['reform autonomy', 'opening-up', 'assessment'],
            measures: ['Improve the assessment of national ETDZs'],
            scope: NATIONAL_ETDZS,
            expiresOn: { year: 2030 },
            autonomyGrants: [],
          },
        },
      ]);
  });

  it('records nothing for an amendment that changes nothing', () =>
    spec
      .given([GF_2019_11_ISSUED])
      .when(
        amend({ scope: { zoneKinds: ['ZONE_KIND_ETDZ'], zoneLevels: ['ZONE_LEVEL_NATIONAL'] } }),
      )
      .then([]));

  it('refuses an amendment effective before the version it amends', () =>
    spec
      .given([GF_2019_11_ISSUED])
      .when(amend({ amendedOn: { year: 2019, month: 5 }, effectiveOn: { year: 2019, month: 4 } }))
      .thenThrows('POLICY.DATE_OUT_OF_ORDER'));

  it('refuses an amendment decided before the policy was issued', () =>
    spec
      .given([GF_2019_11_ISSUED])
      .when(amend({ amendedOn: { year: 2018 } }))
      .thenThrows('POLICY.DATE_OUT_OF_ORDER'));

  it('refuses an amendment decided after today in China', () =>
    spec
      .given([GF_2019_11_ISSUED])
      .when(amend({ amendedOn: { year: 2025, month: 7, day: 1 } }))
      .thenThrows('POLICY.DATE_IN_FUTURE'));

  it('refuses an expiry before the version takes effect', () =>
    spec
      .given([GF_2019_11_ISSUED])
      .when(amend({ expiresOn: { year: 2021, month: 3 } }))
      .thenThrows('POLICY.DATE_OUT_OF_ORDER'));

  it('refuses a scope naming a zone the register does not hold', () =>
    spec
      .given([GF_2019_11_ISSUED])
      .when(amend({ scope: { zoneIds: ['zone-atlantis'] } }))
      .thenThrows('POLICY.UNKNOWN_ZONE'));

  it('refuses an amendment without a reason', () =>
    spec
      .given([GF_2019_11_ISSUED])
      .when(amend({ reason: ' ' }))
      .thenThrows('POLICY.FIELD_REQUIRED'));
});

describe('amended policy', () => {
  it('records nothing when the same amendment comes again', () =>
    spec.given([GF_2019_11_ISSUED, WIDENED_V2]).when(widen).then([]));

  it('numbers the next amendment 3 and clears the expiry when asked', () =>
    spec
      .given([
        GF_2019_11_ISSUED,
        { ...WIDENED_V2, data: { ...WIDENED_V2.data, expiresOn: { year: 2030 } } },
      ])
      .when(amend({ effectiveOn: { year: 2022 }, expiresOn: null }))
      .then([
        {
          type: 'PolicyAmended',
          data: {
            ...WIDENED_V2.data,
            version: 3,
            effectiveOn: { year: 2022 },
            changedFields: ['expiresOn'],
            autonomyGrants: WIDENED_V2.data.autonomyGrants.map((grant) => ({
              ...grant,
              effectiveOn: { year: 2022 },
            })),
          },
        },
      ]));

  it('refuses an amendment effective before version 2', () =>
    spec
      .given([GF_2019_11_ISSUED, WIDENED_V2])
      .when(amend({ effectiveOn: { year: 2021, month: 3 }, scope: {} }))
      .thenThrows('POLICY.DATE_OUT_OF_ORDER'));
});

const SUPERSEDED: PolicySuperseded = {
  type: 'PolicySuperseded',
  data: { policyId: 'gf-2019-11', supersededByPolicyId: 'later', effectiveOn: { year: 2023 } },
};

describe('superseded policy', () => {
  it('records an amendment that took effect before the supersession', () =>
    spec.given([GF_2019_11_ISSUED, SUPERSEDED]).when(widen).then([WIDENED_V2]));

  it('refuses an amendment taking effect once it is superseded', () =>
    spec
      .given([GF_2019_11_ISSUED, SUPERSEDED])
      .when(amend({ effectiveOn: { year: 2023, month: 6 } }))
      .thenThrows('POLICY.SUPERSEDED'));
});

const REPEALED: PolicyRepealed = {
  type: 'PolicyRepealed',
  data: { policyId: 'gf-2019-11', effectiveOn: { year: 2024 }, reason: 'replaced' },
};

describe('repealed policy', () => {
  it('refuses any amendment', () =>
    spec.given([GF_2019_11_ISSUED, REPEALED]).when(widen).thenThrows('POLICY.REPEALED'));
});
