import type { PolicyIssuedJson } from '@zoneledger/contracts';
import { autonomyGrantRequests as requestsOf } from './autonomy-grant-requests';
import { grantKey } from './autonomy-grants.runner';

const policy: PolicyIssuedJson = {
  policyId: 'policy-gf-2019-11',
  documentNumber: '国发〔2019〕11号',
  issuedOn: { year: 2019, month: 5, day: 18 },
  effectiveOn: { year: 2019, month: 6, day: 1 },
};

const autonomyGrantRequests = (data: PolicyIssuedJson) =>
  requestsOf({ type: 'PolicyIssued', data });

describe('autonomyGrantRequests', () => {
  it('asks for one grant per zone and power, dated by the policy when the grant has no date', () => {
    const requests = autonomyGrantRequests({
      ...policy,
      autonomyGrants: [
        { power: 'approve foreign-invested projects', zoneIds: ['sip', 'nanjing'] },
        { power: 'land-use approval', zoneIds: ['sip'], effectiveOn: { year: 2019, month: 9 } },
      ],
    });
    expect(requests).toEqual([
      {
        policyId: 'policy-gf-2019-11',
        zoneId: 'sip',
        power: 'approve foreign-invested projects',
        effectiveOn: { year: 2019, month: 6, day: 1 },
      },
      {
        policyId: 'policy-gf-2019-11',
        zoneId: 'nanjing',
        power: 'approve foreign-invested projects',
        effectiveOn: { year: 2019, month: 6, day: 1 },
      },
      {
        policyId: 'policy-gf-2019-11',
        zoneId: 'sip',
        power: 'land-use approval',
        effectiveOn: { year: 2019, month: 9 },
      },
    ]);
  });

  it('falls back to the issue date when the policy states no effective date', () => {
    const [request] = autonomyGrantRequests({
      ...policy,
      effectiveOn: undefined,
      autonomyGrants: [{ power: 'land-use approval', zoneIds: ['sip'] }],
    });
    expect(request.effectiveOn).toEqual({ year: 2019, month: 5, day: 18 });
  });

  it('asks once for a zone named twice for one power, in one grant or in two', () => {
    const requests = autonomyGrantRequests({
      ...policy,
      autonomyGrants: [
        { power: 'land-use approval', zoneIds: ['sip', 'sip'] },
        { power: ' land-use approval ', zoneIds: ['sip', 'nanjing'] },
      ],
    });
    expect(requests.map((r) => [r.zoneId, r.power])).toEqual([
      ['sip', 'land-use approval'],
      ['nanjing', 'land-use approval'],
    ]);
  });

  it('asks nothing of a policy without grants, a grant without a power, or an undated policy', () => {
    expect(autonomyGrantRequests(policy)).toEqual([]);
    expect(
      autonomyGrantRequests({ ...policy, autonomyGrants: [{ power: ' ', zoneIds: ['sip'] }] }),
    ).toEqual([]);
    expect(
      autonomyGrantRequests({
        policyId: 'policy-undated',
        autonomyGrants: [{ power: 'land-use approval', zoneIds: ['sip'] }],
      }),
    ).toEqual([]);
  });

  it('reads a year-and-month date as such, dropping a day without its month', () => {
    const [request] = autonomyGrantRequests({
      ...policy,
      autonomyGrants: [
        { power: 'land-use approval', zoneIds: ['sip'], effectiveOn: { year: 2019, day: 3 } },
      ],
    });
    expect(request.effectiveOn).toEqual({ year: 2019 });
  });
});

describe('autonomyGrantRequests of amendments and extensions', () => {
  const grants = [{ power: 'land-use approval', zoneIds: ['sip', 'huadu'] }];

  it("dates an amendment's grants by its effective date, else the amendment's date", () => {
    const amended = { policyId: 'policy-gf-2019-11', version: 2, autonomyGrants: grants };
    expect(
      requestsOf({
        type: 'PolicyAmended',
        data: {
          ...amended,
          amendedOn: { year: 2024, month: 3 },
          effectiveOn: { year: 2024, month: 6 },
        },
      }).map((r) => [r.zoneId, r.effectiveOn]),
    ).toEqual([
      ['sip', { year: 2024, month: 6 }],
      ['huadu', { year: 2024, month: 6 }],
    ]);
    expect(
      requestsOf({
        type: 'PolicyAmended',
        data: { ...amended, amendedOn: { year: 2024, month: 3 } },
      })[0].effectiveOn,
    ).toEqual({ year: 2024, month: 3 });
  });

  it("grants an extension's zones by each grant's own date, and nothing undated", () => {
    const extended = {
      policyId: 'policy-gf-2019-11',
      version: 1,
      autonomyGrants: [
        { ...grants[0], zoneIds: ['huadu'], effectiveOn: { year: 2024, month: 10 } },
      ],
    };
    expect(requestsOf({ type: 'PolicyAutonomyExtended', data: extended })).toEqual([
      {
        policyId: 'policy-gf-2019-11',
        zoneId: 'huadu',
        power: 'land-use approval',
        effectiveOn: { year: 2024, month: 10 },
      },
    ]);
    expect(
      requestsOf({
        type: 'PolicyAutonomyExtended',
        data: { ...extended, autonomyGrants: grants },
      }),
    ).toEqual([]);
  });
});

describe('grantKey', () => {
  const request = {
    policyId: 'policy-gf-2019-11',
    zoneId: 'sip',
    power: 'land-use approval',
    effectiveOn: { year: 2019 },
  };

  it('is the same for the same policy and power, whichever delivery asks', () => {
    expect(grantKey(request)).toBe(grantKey({ ...request }));
  });

  it('differs by policy and by power', () => {
    expect(grantKey(request)).not.toBe(grantKey({ ...request, policyId: 'policy-other' }));
    expect(grantKey(request)).not.toBe(grantKey({ ...request, power: 'customs approval' }));
  });
});
