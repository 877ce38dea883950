import { fold } from '@zoneledger/testing';
import type { CalendarDate } from '@zoneledger/shared-kernel';
import { policyDecider } from './policy.decider';
import type { PolicyAmended, PolicyEvent, PolicyIssued } from './policy.events';
import { policyInForce, policyVersionId } from './policy-in-force';
import type { Policy } from './policy.state';
import { GBF_2017_7, GF_2019_11_ISSUED } from './testing/policy-fixtures';

// 国办发〔2017〕7号 (issued 19 Jan 2017), with an illustrative expiry, amendment and ending.
const ISSUED: PolicyIssued = {
  ...GBF_2017_7,
  data: {
    ...GBF_2017_7.data,
    effectiveOn: { year: 2017, month: 2, day: 6 },
    expiresOn: { year: 2021, month: 12, day: 31 },
  },
};
const AMENDED: PolicyAmended = {
  type: 'PolicyAmended',
  data: {
    policyId: 'gbf-2017-7',
    version: 2,
    amendedOn: { year: 2020, month: 6, day: 1 },
    effectiveOn: { year: 2020, month: 7, day: 1 },
    reason: 'extended to 2025',
    changedFields: ['expiresOn'],
    titleZh: GBF_2017_7.data.titleZh,
    themes: GBF_2017_7.data.themes,
    measures: GBF_2017_7.data.measures,
    scope: GBF_2017_7.data.scope,
    expiresOn: { year: 2025, month: 12, day: 31 },
    autonomyGrants: [],
  },
};

const policyAfter = (...events: PolicyEvent[]): Policy => fold(policyDecider, events) as Policy;
const standingOn = (policy: Policy, inForceOn: CalendarDate) =>
  policyInForce(policy, { inForceOn });

describe('the version of a policy in force on a date', () => {
  const policy = policyAfter(ISSUED, AMENDED);

  it('is none before the policy takes effect, though it is issued', () =>
    expect(standingOn(policy, { year: 2017, month: 1, day: 20 })).toEqual({
      standing: 'not_yet_effective',
      from: { year: 2017, month: 2, day: 6 },
    }));

  it('is version 1 from its effective date', () =>
    expect(standingOn(policy, { year: 2017, month: 2, day: 6 })).toMatchObject({
      standing: 'in_force',
      version: { version: 1 },
      versionId: 'gbf-2017-7/v1',
    }));

  it('stays version 1 while an amendment is recorded but not yet effective', () =>
    expect(standingOn(policy, { year: 2020, month: 6, day: 30 })).toMatchObject({
      standing: 'in_force',
      version: { version: 1 },
    }));

  it('is the amendment from its effective date', () =>
    expect(standingOn(policy, { year: 2020, month: 7, day: 1 })).toMatchObject({
      standing: 'in_force',
      version: { version: 2, reason: 'extended to 2025' },
      versionId: 'gbf-2017-7/v2',
    }));

  it('applies the expiry of the version in force: the amendment extended it', () => {
    expect(standingOn(policy, { year: 2022, month: 3 })).toMatchObject({ standing: 'in_force' });
    expect(standingOn(policyAfter(ISSUED), { year: 2022, month: 3 })).toMatchObject({
      standing: 'expired',
      lastDay: { year: 2021, month: 12, day: 31 },
    });
  });

  it('counts the expiry date itself as in force', () =>
    expect(standingOn(policy, { year: 2025, month: 12, day: 31 })).toMatchObject({
      standing: 'in_force',
    }));

  it('is none once repealed, or superseded, whichever came first', () => {
    const repealed: PolicyEvent = {
      type: 'PolicyRepealed',
      data: { policyId: 'gbf-2017-7', effectiveOn: { year: 2024, month: 5 }, reason: 'replaced' },
    };
    const superseded: PolicyEvent = {
      type: 'PolicySuperseded',
      data: {
        policyId: 'gbf-2017-7',
        supersededByPolicyId: 'later',
        effectiveOn: { year: 2023, month: 1, day: 1 },
      },
    };
    const ended = policyAfter(ISSUED, AMENDED, repealed, superseded);
    expect(standingOn(ended, { year: 2022, month: 12, day: 31 })).toMatchObject({
      standing: 'in_force',
    });
    expect(standingOn(ended, { year: 2023, month: 1, day: 1 })).toEqual({
      standing: 'superseded',
      since: { year: 2023, month: 1, day: 1 },
      byPolicyId: 'later',
    });
    expect(standingOn(policyAfter(ISSUED, AMENDED, repealed), { year: 2024, month: 5 })).toEqual({
      standing: 'repealed',
      since: { year: 2024, month: 5 },
    });
  });

  it('counts a partial effective date as in force on any day it may mean', () =>
    // 国发〔2019〕11号 is dated May 2019 only.
    expect(
      standingOn(policyAfter(GF_2019_11_ISSUED), { year: 2019, month: 5, day: 1 }),
    ).toMatchObject({ standing: 'in_force', version: { version: 1 } }));

  it('reads each measure with the power it grants', () =>
    expect(policyAfter(GF_2019_11_ISSUED).versions[0].measures[0]).toEqual({
      text: 'Give zones the power to approve foreign-invested projects',
      grantsPower: 'approve foreign-invested projects',
    }));
});

describe('version identifiers', () => {
  it('are the policy id and the version number', () =>
    expect(policyVersionId('gf-2019-11', 3)).toBe('gf-2019-11/v3'));
});
