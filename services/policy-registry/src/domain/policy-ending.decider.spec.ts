import { deciderSpec } from '@zoneledger/testing';
import type { RepealPolicy, SupersedePolicy } from './policy.commands';
import { policyDecider } from './policy.decider';
import type { PolicyIssued, PolicyRepealed, PolicySuperseded } from './policy.events';
import { GBF_2016_14, GF_2019_11_ISSUED, linked, SZH_2016_192 } from './testing/policy-fixtures';

const spec = deciderSpec(policyDecider);

/** The 2021 assessment measures (illustrative id and dates): they supersede 商资函〔2016〕192号. */
const MEASURES_2021: PolicyIssued = {
  type: 'PolicyIssued',
  data: {
    ...SZH_2016_192.data,
    policyId: 'assessment-2021',
    documentNumber: '商资函〔2021〕1号',
    issuedOn: { year: 2021, month: 6 },
    effectiveOn: { year: 2022, month: 1, day: 1 },
  },
};

const supersede = (data: Partial<SupersedePolicy['data']> = {}): SupersedePolicy => ({
  type: 'SupersedePolicy',
  data: {
    policyId: 'szh-2016-192',
    supersededByPolicyId: 'assessment-2021',
    linkedPolicies: [linked(MEASURES_2021)],
    ...data,
  },
});
const SUPERSEDED: PolicySuperseded = {
  type: 'PolicySuperseded',
  data: {
    policyId: 'szh-2016-192',
    supersededByPolicyId: 'assessment-2021',
    effectiveOn: { year: 2022, month: 1, day: 1 },
  },
};

const repeal = (data: Partial<RepealPolicy['data']> = {}): RepealPolicy => ({
  type: 'RepealPolicy',
  data: {
    policyId: 'szh-2016-192',
    effectiveOn: { year: 2023 },
    reason: ' the 2021 system replaced it ',
    ...data,
  },
});
const REPEALED: PolicyRepealed = {
  type: 'PolicyRepealed',
  data: {
    policyId: 'szh-2016-192',
    effectiveOn: { year: 2023 },
    reason: 'the 2021 system replaced it',
  },
};

describe('issued policy', () => {
  it('is superseded from the superseding policy’s effective date', () =>
    spec.given([SZH_2016_192]).when(supersede()).then([SUPERSEDED]));

  it('is superseded from the date given', () =>
    spec
      .given([SZH_2016_192])
      .when(supersede({ effectiveOn: { year: 2021, month: 7, day: 0 } }))
      .then([
        { ...SUPERSEDED, data: { ...SUPERSEDED.data, effectiveOn: { year: 2021, month: 7 } } },
      ]));

  it('refuses to be superseded by itself', () =>
    spec
      .given([SZH_2016_192])
      .when(supersede({ supersededByPolicyId: 'szh-2016-192' }))
      .thenThrows('POLICY.SELF_LINK'));

  it('refuses to be superseded by a policy the registry does not hold', () =>
    spec
      .given([SZH_2016_192])
      .when(supersede({ linkedPolicies: [] }))
      .thenThrows('POLICY.LINKED_POLICY_NOT_FOUND'));

  it('refuses to be superseded by a policy issued before it', () =>
    spec
      .given([GF_2019_11_ISSUED])
      .when(
        supersede({
          policyId: 'gf-2019-11',
          supersededByPolicyId: 'gbf-2016-14',
          linkedPolicies: [linked(GBF_2016_14)],
        }),
      )
      .thenThrows('POLICY.LINK_TO_LATER_POLICY'));

  it('refuses a supersession that closes a loop', () =>
    spec
      .given([SZH_2016_192])
      .when(
        supersede({
          supersededByPolicyId: 'gbf-2016-14',
          linkedPolicies: [
            linked(GBF_2016_14, { supersededByPolicyId: 'assessment-2021' }),
            linked(MEASURES_2021, { supersededByPolicyId: 'szh-2016-192' }),
          ],
        }),
      )
      .thenThrows('POLICY.LINK_CYCLE'));

  it('refuses a supersession dated before its issuance', () =>
    spec
      .given([SZH_2016_192])
      .when(supersede({ effectiveOn: { year: 2015 } }))
      .thenThrows('POLICY.DATE_OUT_OF_ORDER'));

  it('is repealed from a date, which may lie ahead', () =>
    spec.given([SZH_2016_192]).when(repeal()).then([REPEALED]));

  it('refuses a repeal dated before its issuance', () =>
    spec
      .given([SZH_2016_192])
      .when(repeal({ effectiveOn: { year: 2015, month: 12 } }))
      .thenThrows('POLICY.DATE_OUT_OF_ORDER'));

  it('refuses a repeal without a reason', () =>
    spec
      .given([SZH_2016_192])
      .when(repeal({ reason: '' }))
      .thenThrows('POLICY.FIELD_REQUIRED'));
});

describe('superseded policy', () => {
  it('records nothing when the same supersession comes again', () =>
    spec.given([SZH_2016_192, SUPERSEDED]).when(supersede()).then([]));

  it('refuses to be superseded by another policy', () =>
    spec
      .given([SZH_2016_192, SUPERSEDED])
      .when(
        supersede({
          supersededByPolicyId: 'gf-2019-11',
          linkedPolicies: [linked(GF_2019_11_ISSUED)],
        }),
      )
      .thenThrows('POLICY.ALREADY_SUPERSEDED'));

  it('can still be repealed', () =>
    spec.given([SZH_2016_192, SUPERSEDED]).when(repeal()).then([REPEALED]));
});

describe('repealed policy', () => {
  it('records nothing when the same repeal comes again', () =>
    spec.given([SZH_2016_192, REPEALED]).when(repeal()).then([]));

  it('refuses a repeal from another date', () =>
    spec
      .given([SZH_2016_192, REPEALED])
      .when(repeal({ effectiveOn: { year: 2024 } }))
      .thenThrows('POLICY.REPEALED'));

  it('refuses to be superseded', () =>
    spec.given([SZH_2016_192, REPEALED]).when(supersede()).thenThrows('POLICY.REPEALED'));
});
