import { eventually } from '@zoneledger/testing';
import { randomUUID } from 'node:crypto';
import { startPolicyQueries, type PolicyQueriesUnderTest } from './policy-queries.harness';
import {
  day,
  dayOf,
  issuePolicy,
  nextYear,
  registerZone,
  repealPolicy,
  supersedePolicy,
} from './policy-queries.fixtures';

interface PolicyPage {
  items: { policyId: string; status: string; latestVersion: number }[];
  total: number;
  limit: number;
  offset: number;
}

interface PolicyLinks {
  policyId: string;
  implements?: { policyId: string };
  implementedBy: { policyId: string; documentNumber: string }[];
  supersededBy?: { policyId: string; effectiveOn: unknown };
  supersedes: { policyId: string; effectiveOn: unknown }[];
}

describe('the policy list (filters, statuses, search) and links', () => {
  let reads: PolicyQueriesUnderTest;
  // Every policy of this file is issued by an issuer of its own, so lists filter to them.
  const suffix = randomUUID().slice(0, 8);
  const issuer = `国务院办公厅${suffix}`;
  const ids = {
    inForce: `in-force-${suffix}`,
    repealed: `repealed-${suffix}`,
    superseded: `superseded-${suffix}`,
    expired: `expired-${suffix}`,
    coming: `coming-${suffix}`,
    implementing: `implementing-${suffix}`,
  };
  const zoneId = `listed-zone-${suffix}`;

  beforeAll(async () => {
    reads = await startPolicyQueries('policy_list_queries');
    await registerZone(reads, zoneId);
    const scope = { zoneIds: [zoneId] };
    await issuePolicy(
      reads,
      ids.superseded,
      {},
      { issuer, issuedOn: day(2017, 1, 19), effectiveOn: day(2017, 1, 19) },
    );
    await issuePolicy(reads, ids.inForce, scope, {
      issuer,
      titleZh: `关于推进国家级经济技术开发区创新提升${suffix}的意见`,
      titleEn: `Opinions on Innovation ${suffix}`,
      measures: [`支持开发区开展知识产权质押${suffix}`],
    });
    await issuePolicy(
      reads,
      ids.repealed,
      {},
      {
        issuer,
        kind: 'POLICY_KIND_NOTICE',
        themes: ['opening-up'],
        issuedOn: day(2016, 3, 1),
        effectiveOn: day(2016, 3, 1),
      },
    );
    await repealPolicy(reads, ids.repealed, day(2020, 1, 1));
    await supersedePolicy(reads, ids.superseded, ids.inForce, day(2019, 6));
    await issuePolicy(
      reads,
      ids.expired,
      {},
      {
        issuer,
        issuedOn: day(2018, 1, 1),
        effectiveOn: day(2018, 1, 1),
        expiresOn: day(2020),
      },
    );
    await issuePolicy(
      reads,
      ids.coming,
      {},
      {
        issuer,
        issuedOn: day(2024, 1, 1),
        effectiveOn: dayOf(nextYear()),
      },
    );
    await issuePolicy(
      reads,
      ids.implementing,
      {},
      {
        issuer: `江苏省人民政府${suffix}`,
        implementsPolicyId: ids.inForce,
      },
    );
    await eventually(async () => {
      const page = await reads.read<PolicyPage>(
        `/v1/policies?issuer=${encodeURIComponent(issuer)}`,
      );
      expect(page.total).toBe(5);
      const links = await reads.read<PolicyLinks>(`/v1/policies/${ids.inForce}/links`);
      expect(links.implementedBy).toHaveLength(1);
    });
  });
  afterAll(async () => {
    await reads?.stop();
  });

  async function listed(query: string): Promise<string[]> {
    const page = await reads.read<PolicyPage>(
      `/v1/policies?issuer=${encodeURIComponent(issuer)}&${query}`,
    );
    return page.items.map((item) => item.policyId).sort();
  }

  it.each([
    ['in_force', 'inForce'],
    ['repealed', 'repealed'],
    ['superseded', 'superseded'],
    ['expired', 'expired'],
    ['not_yet_effective', 'coming'],
  ] as const)('filters by where a policy stands today: %s', async (status, policy) => {
    expect(await listed(`status=${status}`)).toEqual([ids[policy]]);
  });

  it('filters by kind, theme and issue dates', async () => {
    expect(await listed('kind=POLICY_KIND_NOTICE')).toEqual([ids.repealed]);
    expect(await listed(`theme=${encodeURIComponent('opening-up')}`)).toEqual([ids.repealed]);
    expect(await listed('issuedFrom=2017-01-19&issuedTo=2018-01-01')).toEqual(
      [ids.expired, ids.superseded].sort(),
    );
  });

  it('searches Chinese and English titles and measures', async () => {
    for (const text of [`创新提升${suffix}`, `知识产权质押${suffix}`, `INNOVATION ${suffix}`])
      expect(await listed(`q=${encodeURIComponent(text)}`)).toEqual([ids.inForce]);
    expect(await listed(`q=${encodeURIComponent('不存在的措施')}`)).toEqual([]);
  });

  it('keeps the policies in force for a zone today', async () => {
    expect(await listed(`appliesToZone=${zoneId}`)).toEqual([ids.inForce]);
  });

  it('pages newest issued first, with the total', async () => {
    const first = await reads.read<PolicyPage>(
      `/v1/policies?issuer=${encodeURIComponent(issuer)}&limit=2`,
    );
    const rest = await reads.read<PolicyPage>(
      `/v1/policies?issuer=${encodeURIComponent(issuer)}&limit=2&offset=2`,
    );
    expect(first).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(first.items.map((item) => item.policyId)).toEqual([ids.coming, ids.inForce]);
    expect(rest.items.map((item) => item.policyId)).toEqual([ids.expired, ids.superseded]);
  });

  it('tells what implements or supersedes a policy, and what it supersedes', async () => {
    const links = await reads.read<PolicyLinks>(`/v1/policies/${ids.inForce}/links`);
    expect(links.implementedBy.map((link) => link.policyId)).toEqual([ids.implementing]);
    expect(links.supersedes).toEqual([
      expect.objectContaining({ policyId: ids.superseded, effectiveOn: { year: 2019, month: 6 } }),
    ]);
    const superseded = await reads.read<PolicyLinks>(`/v1/policies/${ids.superseded}/links`);
    expect(superseded.supersededBy).toMatchObject({ policyId: ids.inForce });
    const implementing = await reads.read<PolicyLinks>(`/v1/policies/${ids.implementing}/links`);
    expect(implementing.implements?.policyId).toBe(ids.inForce);
    const unknown = await reads.get(`/v1/policies/unknown-${suffix}/links`);
    expect(unknown.status).toBe(404);
  });
});
