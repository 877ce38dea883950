import { projectedAlikeInBatches, publishedEvent } from '@zoneledger/service-testing';
import { policyTimelineProjection } from '../src/projections/policy-timeline.projection';

function policyEvent(policyId: string, type: string, data: Record<string, unknown>) {
  return publishedEvent({
    aggregate: 'policy',
    aggregateId: policyId,
    streamVersion: 1,
    type,
    data: { policyId, ...data },
  });
}

function issued(policyId: string, extra: Record<string, unknown> = {}) {
  return policyEvent(policyId, 'PolicyIssued', {
    documentNumber: `国发〔2019〕${policyId.length}号`,
    titleZh: `关于${policyId}的意见`,
    titleEn: `Opinions on ${policyId}`,
    issuer: '国务院',
    kind: 'POLICY_KIND_OPINIONS',
    issuedOn: { year: 2019, month: 5, day: 28 },
    themes: ['innovation'],
    measures: ['措施一'],
    scope: { zoneKinds: ['ZONE_KIND_ETDZ'], zoneLevels: ['ZONE_LEVEL_NATIONAL'] },
    ...extra,
  });
}

function amended(policyId: string, version: number, titleZh: string) {
  return policyEvent(policyId, 'PolicyAmended', {
    version,
    amendedOn: { year: 2020 + version },
    effectiveOn: { year: 2020 + version, month: 1 },
    reason: `amendment ${version}`,
    titleZh,
    themes: ['innovation', `v${version}`],
    measures: [`措施${version}`],
    scope: { provinces: ['江苏省'] },
    expiresOn: { year: 2030 },
  });
}

// Policies issued, amended, superseded and repealed, interleaved; events redelivered and
// re-published; an amendment that reaches the timeline before its policy's issuance (its summary
// then keeps the issuance's text); an ending recorded twice with other details; a grant extended.
const HISTORY = [
  issued('p-a'),
  amended('p-a', 2, 'A 第二版'),
  issued('p-b', { titleEn: '', implementsPolicyId: 'p-a', scope: { zoneIds: ['sip'] } }),
  amended('p-a', 3, 'A 第三版'),
  amended('p-b', 2, 'B 第二版'),
  policyEvent('p-b', 'PolicyRepealed', { effectiveOn: { year: 2023 }, reason: 'obsolete' }),
  amended('p-a', 2, 'A 第二版'),
  amended('p-late', 2, 'Late 第二版'),
  issued('p-late'),
  issued('p-c'),
  policyEvent('p-a', 'PolicySuperseded', {
    supersededByPolicyId: 'p-c',
    effectiveOn: { year: 2024 },
  }),
  policyEvent('p-b', 'PolicyRepealed', { effectiveOn: { year: 2025 }, reason: 'again' }),
  policyEvent('p-c', 'PolicyAutonomyExtended', { version: 1, reason: 'grants' }),
  issued('p-a', { titleZh: '重新发布' }),
  amended('p-c', 2, 'C 第二版'),
];

describe('policy-timeline: its statements in batches against handle, on real PostgreSQL', () => {
  it('leave, in batches of 1, 3, 5 and 100 events, the rows handle leaves event by event', async () => {
    const oneByOne = await projectedAlikeInBatches(
      policyTimelineProjection('zoneledger.policies.v1'),
      HISTORY,
      [1, 3, 5, 100],
    );

    const summaries = oneByOne.policy_summary as { policy_id: string; latest_version: number }[];
    expect(summaries.map((row) => [row.policy_id, row.latest_version])).toEqual([
      ['p-a', 3],
      ['p-b', 2],
      ['p-c', 2],
      ['p-late', 1],
    ]);
    expect(oneByOne.policy_version).toHaveLength(9);
    expect(oneByOne.policy_ending).toEqual([
      expect.objectContaining({ policy_id: 'p-a', kind: 'superseded', by_policy_id: 'p-c' }),
      expect.objectContaining({ policy_id: 'p-b', kind: 'repealed', reason: 'obsolete' }),
    ]);
  });
});
