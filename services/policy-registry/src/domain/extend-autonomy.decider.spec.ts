import { deciderSpec } from '@zoneledger/testing';
import type { ExtendAutonomy } from './policy.commands';
import { policyDecider } from './policy.decider';
import type { PolicyAmended, PolicyAutonomyExtended, PolicyIssued } from './policy.events';
import {
  ADJUST_STAFFING,
  APPROVE_PROJECTS,
  GF_2019_11_ISSUED,
  HUADU,
  NANJING,
  SIP,
} from './testing/policy-fixtures';

const spec = deciderSpec(policyDecider);
const GUIXI = 'zone-guixi';

/** Huadu became a national ETDZ in Oct 2024 (国办函〔2024〕83号): now in 国发〔2019〕11号's scope. */
const extend = (data: Partial<ExtendAutonomy['data']> = {}): ExtendAutonomy => ({
  type: 'ExtendAutonomy',
  data: {
    policyId: 'gf-2019-11',
    effectiveOn: { year: 2024, month: 10 },
    reason: 'upgraded to a national ETDZ by 国办函〔2024〕83号',
    scopeZoneIds: [SIP, NANJING, HUADU],
    ...data,
  },
});
const grant = (power: string, measureNumber: number, zoneIds: string[]) => ({
  power,
  zoneIds,
  effectiveOn: { year: 2024, month: 10 },
  measureNumber,
});
const HUADU_EXTENDED: PolicyAutonomyExtended = {
  type: 'PolicyAutonomyExtended',
  data: {
    policyId: 'gf-2019-11',
    version: 1,
    autonomyGrants: [grant(APPROVE_PROJECTS, 1, [HUADU]), grant(ADJUST_STAFFING, 2, [HUADU])],
    reason: 'upgraded to a national ETDZ by 国办函〔2024〕83号',
  },
};

describe('issued policy', () => {
  it('grants its powers to the zones that entered its scope, and to no zone twice', () =>
    spec.given([GF_2019_11_ISSUED]).when(extend()).then([HUADU_EXTENDED]));

  it('records nothing when every zone in scope holds its powers already', () =>
    spec.given([GF_2019_11_ISSUED, HUADU_EXTENDED]).when(extend()).then([]));

  it('grants only the zones new since the last extension', () =>
    spec
      .given([GF_2019_11_ISSUED, HUADU_EXTENDED])
      .when(extend({ scopeZoneIds: [SIP, HUADU, GUIXI] }))
      .then([
        {
          ...HUADU_EXTENDED,
          data: {
            ...HUADU_EXTENDED.data,
            autonomyGrants: [
              grant(APPROVE_PROJECTS, 1, [GUIXI]),
              grant(ADJUST_STAFFING, 2, [GUIXI]),
            ],
          },
        },
      ]));

  it('refuses a date before the policy took effect', () =>
    spec
      .given([GF_2019_11_ISSUED])
      .when(extend({ effectiveOn: { year: 2019, month: 4 } }))
      .thenThrows('POLICY.NOT_IN_FORCE'));

  it('refuses a date after the policy expired', () => {
    const expiring: PolicyIssued = {
      ...GF_2019_11_ISSUED,
      data: { ...GF_2019_11_ISSUED.data, expiresOn: { year: 2023, month: 12, day: 31 } },
    };
    spec.given([expiring]).when(extend()).thenThrows('POLICY.NOT_IN_FORCE');
  });

  it('refuses an extension without a reason', () =>
    spec
      .given([GF_2019_11_ISSUED])
      .when(extend({ reason: '' }))
      .thenThrows('POLICY.FIELD_REQUIRED'));
});

/** Version 2 from 2025 keeps only the first power (an illustrative amendment). */
const NARROWED_2025: PolicyAmended = {
  type: 'PolicyAmended',
  data: {
    policyId: 'gf-2019-11',
    version: 2,
    amendedOn: { year: 2024, month: 12 },
    effectiveOn: { year: 2025, month: 1, day: 1 },
    reason: 'internal bodies are set by the province',
    changedFields: ['measures'],
    titleZh: GF_2019_11_ISSUED.data.titleZh,
    themes: ['reform autonomy'],
    measures: [GF_2019_11_ISSUED.data.measures[0]],
    scope: GF_2019_11_ISSUED.data.scope,
    autonomyGrants: [
      {
        power: APPROVE_PROJECTS,
        zoneIds: [SIP, NANJING],
        effectiveOn: { year: 2025, month: 1, day: 1 },
        measureNumber: 1,
      },
    ],
  },
};

describe('amended policy', () => {
  it('grants the powers of the version in force on the date, not of a later one', () =>
    spec.given([GF_2019_11_ISSUED, NARROWED_2025]).when(extend()).then([HUADU_EXTENDED]));

  it('grants the powers of the amended version once it is in force', () =>
    spec
      .given([GF_2019_11_ISSUED, NARROWED_2025])
      .when(extend({ effectiveOn: { year: 2025, month: 3 } }))
      .then([
        {
          ...HUADU_EXTENDED,
          data: {
            ...HUADU_EXTENDED.data,
            version: 2,
            autonomyGrants: [
              { ...grant(APPROVE_PROJECTS, 1, [HUADU]), effectiveOn: { year: 2025, month: 3 } },
            ],
          },
        },
      ]));
});

describe('superseded policy', () => {
  it('refuses a date from its supersession on', () =>
    spec
      .given([
        GF_2019_11_ISSUED,
        {
          type: 'PolicySuperseded',
          data: {
            policyId: 'gf-2019-11',
            supersededByPolicyId: 'later',
            effectiveOn: { year: 2024 },
          },
        },
      ])
      .when(extend())
      .thenThrows('POLICY.NOT_IN_FORCE'));
});

describe('repealed policy', () => {
  it('refuses any extension', () =>
    spec
      .given([
        GF_2019_11_ISSUED,
        {
          type: 'PolicyRepealed',
          data: { policyId: 'gf-2019-11', effectiveOn: { year: 2026 }, reason: 'replaced' },
        },
      ])
      .when(extend())
      .thenThrows('POLICY.REPEALED'));
});
