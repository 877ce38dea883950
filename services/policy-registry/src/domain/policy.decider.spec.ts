import { deciderSpec } from '@zoneledger/testing';
import type { IssuePolicy } from './policy.commands';
import { policyDecider } from './policy.decider';
import {
  everyChangeTo,
  GBF_2016_14,
  GBF_2017_7,
  GBH_2024_83,
  GF_2019_11_ISSUED,
  HUADU,
  issueCommand,
  ISSUE_GF_2019_11,
  linked,
  SZH_2016_192,
} from './testing/policy-fixtures';

const spec = deciderSpec(policyDecider);

const issue = (data: Partial<IssuePolicy['data']> = {}): IssuePolicy => ({
  type: 'IssuePolicy',
  data: { ...ISSUE_GF_2019_11, ...data },
});
const issueOf = (data: IssuePolicy['data']): IssuePolicy => ({ type: 'IssuePolicy', data });

describe('no policy', () => {
  it('issues 国发〔2019〕11号: canonical number, tidy text, known themes, powers to the zones in scope', () =>
    spec.given([]).when(issue()).then([GF_2019_11_ISSUED]));

  it('issues 国办发〔2017〕7号 with its publication after its issue date', () =>
    spec
      .given([])
      .when(issueOf(issueCommand(GBF_2017_7.data)))
      .then([GBF_2017_7]));

  it('issues 国办函〔2024〕83号, naming the four zones it upgrades', () =>
    spec
      .given([])
      .when(issueOf(issueCommand(GBH_2024_83.data)))
      .then([GBH_2024_83]));

  it('issues 商资函〔2016〕192号 implementing 国办发〔2016〕14号, issued earlier the same year', () =>
    spec
      .given([])
      .when(issueOf({ ...issueCommand(SZH_2016_192.data), linkedPolicies: [linked(GBF_2016_14)] }))
      .then([SZH_2016_192]));

  it('records a power no zone is in scope for yet, with no zones', () => {
    const [first, second] = GF_2019_11_ISSUED.data.autonomyGrants;
    spec
      .given([])
      .when(issue({ zones: { knownZoneIds: [], scopeZoneIds: [] } }))
      .then([
        {
          ...GF_2019_11_ISSUED,
          data: {
            ...GF_2019_11_ISSUED.data,
            autonomyGrants: [
              { ...first, zoneIds: [] },
              { ...second, zoneIds: [] },
            ],
          },
        },
      ]);
  });

  it('records provinces by their official names and effective and expiry dates in order', () =>
    spec
      .given([])
      .when(
        issue({
          scope: { provinces: ['江苏', '江苏省'], regions: ['REGION_EAST'] },
          effectiveOn: { year: 2019, month: 6, day: 0 },
          expiresOn: { year: 2025, month: 12, day: 31 },
        }),
      )
      .then([
        {
          ...GF_2019_11_ISSUED,
          data: {
            ...GF_2019_11_ISSUED.data,
            effectiveOn: { year: 2019, month: 6 },
            expiresOn: { year: 2025, month: 12, day: 31 },
            scope: {
              ...GF_2019_11_ISSUED.data.scope,
              zoneKinds: [],
              zoneLevels: [],
              provinces: ['江苏省'],
              regions: ['REGION_EAST'],
            },
          },
        },
      ]));

  it.each([
    [
      'publication before issuance',
      {
        issuedOn: { year: 2017, month: 1, day: 19 },
        publishedOn: { year: 2017, month: 1, day: 18 },
      },
    ],
    ['effect before issuance', { effectiveOn: { year: 2019, month: 4 } }],
    ['expiry before effect', { effectiveOn: { year: 2020 }, expiresOn: { year: 2019, month: 12 } }],
  ])('refuses %s', (_case, data) =>
    spec.given([]).when(issue(data)).thenThrows('POLICY.DATE_OUT_OF_ORDER'),
  );

  it.each([
    ['issued', { issuedOn: { year: 2025, month: 7 } }],
    ['published', { publishedOn: { year: 2025, month: 7, day: 1 } }],
  ])('refuses a policy %s after today in China', (_case, data) =>
    spec.given([]).when(issue(data)).thenThrows('POLICY.DATE_IN_FUTURE'),
  );

  it('refuses a date that is no date', () =>
    spec
      .given([])
      .when(issue({ expiresOn: { year: 2023, month: 2, day: 29 } }))
      .thenThrows('POLICY.INVALID_DATE'));

  it('refuses a document number its issuer already gave another policy, however it is spelt', () =>
    spec
      .given([])
      .when(
        issue({
          documentNumberHolders: [
            { policyId: 'gf-other', issuer: '国务院', documentNumber: '国发（2019）11号' },
          ],
        }),
      )
      .thenThrows('POLICY.DOCUMENT_NUMBER_TAKEN'));

  it('lets another issuer use the same document number', () =>
    spec
      .given([])
      .when(
        issue({
          documentNumberHolders: [
            { policyId: 'other', issuer: '商务部', documentNumber: '国发〔2019〕11号' },
          ],
        }),
      )
      .then([GF_2019_11_ISSUED]));

  it.each([
    ['documentNumber', { documentNumber: ' ' }],
    ['titleZh', { titleZh: '' }],
    ['issuer', { issuer: '  ' }],
  ])('refuses a policy without its %s', (_field, data) =>
    spec.given([]).when(issue(data)).thenThrows('POLICY.FIELD_REQUIRED'),
  );

  it('refuses a theme outside the vocabulary', () =>
    spec
      .given([])
      .when(issue({ themes: ['reform autonomy', 'tourism'] }))
      .thenThrows('POLICY.UNKNOWN_THEME'));

  it('refuses a scope naming a province outside the 31', () =>
    spec
      .given([])
      .when(issue({ scope: { provinces: ['台北'] } }))
      .thenThrows('POLICY.UNKNOWN_PROVINCE'));

  it('refuses a scope naming a zone the register does not hold', () =>
    spec
      .given([])
      .when(
        issue({
          scope: { zoneIds: [HUADU, 'zone-atlantis'] },
          zones: { knownZoneIds: [HUADU], scopeZoneIds: [HUADU] },
        }),
      )
      .thenThrows('POLICY.UNKNOWN_ZONE'));

  it('refuses a policy implementing itself', () =>
    spec
      .given([])
      .when(issue({ implementsPolicyId: 'gf-2019-11' }))
      .thenThrows('POLICY.SELF_LINK'));

  it('refuses a policy implementing one the registry does not hold', () =>
    spec
      .given([])
      .when(issue({ implementsPolicyId: 'gbf-2017-7', linkedPolicies: [] }))
      .thenThrows('POLICY.LINKED_POLICY_NOT_FOUND'));

  it('refuses a policy implementing one issued after it', () =>
    spec
      .given([])
      .when(
        issueOf({
          ...issueCommand(GBF_2017_7.data),
          implementsPolicyId: 'gf-2019-11',
          linkedPolicies: [linked(GF_2019_11_ISSUED)],
        }),
      )
      .thenThrows('POLICY.LINK_TO_LATER_POLICY'));

  it('refuses an implementation that closes a loop', () =>
    spec
      .given([])
      .when(
        issue({
          implementsPolicyId: 'gbf-2017-7',
          linkedPolicies: [linked(GBF_2017_7, { implementsPolicyId: 'gf-2019-11' })],
        }),
      )
      .thenThrows('POLICY.LINK_CYCLE'));

  it.each(everyChangeTo('gf-2019-11').map((command) => [command.type, command] as const))(
    'refuses %s: the policy was never issued',
    (_type, command) => spec.given([]).when(command).thenThrows('POLICY.NOT_FOUND'),
  );
});

describe('issued policy', () => {
  it('refuses to issue it again', () =>
    spec.given([GF_2019_11_ISSUED]).when(issue()).thenThrows('POLICY.ALREADY_ISSUED'));
});
