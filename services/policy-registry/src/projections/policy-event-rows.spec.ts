import {
  summaryChanges,
  versionKey,
  type PolicyIssuanceRow,
  type PolicyTimelineChange,
  type PolicyVersionRow,
} from './policy-event-rows';

const issuance: PolicyIssuanceRow = {
  policy_id: 'p',
  document_number: '国发〔2019〕11号',
  issuer: '国务院',
  kind: 'POLICY_KIND_OPINIONS',
  issued_on: { year: 2019 },
  issued_from: '2019-01-01',
  implements_policy_id: null,
};

function version(number: number): PolicyVersionRow {
  return {
    policy_id: 'p',
    version: number,
    effective_on: { year: 2019 + number },
    effective_from: `${2019 + number}-01-01`,
    expires_on: null,
    expires_through: null,
    title_zh: `第${number}版`,
    title_en: null,
    themes: [],
    measures: [],
    scope: { zoneKinds: [], zoneLevels: [], provinces: [], regions: [], zoneIds: [] },
    amended_on: null,
    reason: null,
    recorded_at: '2024-01-01T00:00:00.000Z',
  };
}

const issued: PolicyTimelineChange = { kind: 'issued', issuance, version: version(1) };
const amended = (number: number): PolicyTimelineChange => ({
  kind: 'amended',
  version: version(number),
});
const added = (...numbers: number[]) => new Set(numbers.map((n) => versionKey(version(n))));

describe('policy timeline: what a run of events does to the summaries', () => {
  it('creates a summary from an issuance and takes the newest version the run records', () => {
    const { created, latest } = summaryChanges(
      [issued, amended(2), amended(3)],
      new Map(),
      added(1, 2, 3),
    );

    expect(created).toEqual([{ issuance, version: version(1) }]);
    expect(latest).toEqual(new Map([['p', version(3)]]));
  });

  it('changes nothing for redelivered events: a held summary, versions recorded before', () => {
    expect(summaryChanges([issued, amended(2)], new Map([['p', 2]]), added())).toEqual({
      created: [],
      latest: new Map(),
    });
  });

  it('leaves a summary at its version for an older version recorded late', () => {
    expect(summaryChanges([amended(2)], new Map([['p', 3]]), added(2)).latest).toEqual(new Map());
  });

  it('gives an amendment that comes before its issuance no summary to update, as one by one', () => {
    const { created, latest } = summaryChanges([amended(2), issued], new Map(), added(1, 2));

    expect(created).toEqual([{ issuance, version: version(1) }]);
    expect(latest).toEqual(new Map([['p', version(1)]]));
  });
});
