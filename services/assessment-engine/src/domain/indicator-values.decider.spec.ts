import { deciderSpec } from '@zoneledger/testing';
import type { IndicatorCorrected } from './round.events';
import { roundDecider } from './round.decider';
import { SIP, SMALL } from './testing/assessment-fixtures';
import {
  ALL_SUBMITTED,
  correct,
  OPENED,
  ROUND,
  scored,
  submit,
  submitted,
  value,
} from './testing/round-fixtures';

const spec = deciderSpec(roundDecider);

const PUBLISHED = [
  OPENED,
  ...ALL_SUBMITTED,
  ...scored([OPENED, ...ALL_SUBMITTED]),
  {
    type: 'RoundPublished' as const,
    data: { roundId: ROUND, scoring: 1, synthetic: true, zonesScored: 6 },
  },
];

const corrected = (data: Partial<IndicatorCorrected['data']> = {}): IndicatorCorrected => ({
  type: 'IndicatorCorrected',
  data: {
    roundId: ROUND,
    zoneId: SIP,
    indicatorKey: 'fdi',
    version: 2,
    previousValue: 80,
    value: 85,
    unit: 'USD 100m',
    source: 'statistical yearbook 2023',
    submitter: 'statistics office',
    reason: 'revised by the yearbook',
    ...data,
  },
});

describe('SubmitIndicators', () => {
  it("records a zone's values in the methodology's order, tidy", () =>
    spec
      .given([OPENED])
      .when(
        submit({
          values: [
            { ...value('energy', 0.2), unit: ' tce/10k CNY ', source: ' synthetic ' },
            value('fdi', 80),
            value('trade', 900),
          ],
        }),
      )
      .then([submitted(SIP)]));

  it('takes a negative value where the indicator allows it', () => {
    const growth = {
      ...OPENED.data.methodology,
      dimensions: [
        OPENED.data.methodology.dimensions[0],
        {
          ...SMALL.dimensions[1],
          indicators: [{ ...SMALL.dimensions[1].indicators[0], allowsNegative: true }],
        },
      ],
    };
    spec
      .given([{ ...OPENED, data: { ...OPENED.data, methodology: growth } }])
      .when(submit({ values: [value('energy', -0.1)] }))
      .then([submitted(SIP, { energy: -0.1 })]);
  });

  it('records nothing when the same values are submitted again', () =>
    spec
      .given([OPENED, submitted(SIP)])
      .when(submit({ values: [value('fdi', 80)] }))
      .then([]));

  it('records only the values not submitted before', () =>
    spec
      .given([OPENED, submitted(SIP, { fdi: 80 })])
      .when(submit({ values: [value('fdi', 80), value('trade', 900)] }))
      .then([submitted(SIP, { trade: 900 })]));

  it('refuses another value for an indicator already submitted: that is a correction', () =>
    spec
      .given([OPENED, submitted(SIP)])
      .when(submit({ values: [value('trade', 950)] }))
      .thenThrows('ASSESSMENT.ALREADY_SUBMITTED'));

  it.each([
    ['ASSESSMENT.UNKNOWN_INDICATOR', [{ ...value('fdi', 1), indicatorKey: 'gdp' }]],
    ['ASSESSMENT.WRONG_UNIT', [{ ...value('fdi', 1), unit: 'CNY 100m' }]],
    ['ASSESSMENT.VALUE_NOT_FINITE', [value('fdi', NaN)]],
    ['ASSESSMENT.VALUE_NOT_FINITE', [value('trade', Infinity)]],
    ['ASSESSMENT.NEGATIVE_VALUE', [value('energy', -0.1)]],
    ['ASSESSMENT.DUPLICATE_INDICATOR', [value('fdi', 1), value('fdi', 2)]],
    ['ASSESSMENT.EMPTY_SUBMISSION', []],
    ['ASSESSMENT.FIELD_REQUIRED', [{ ...value('fdi', 1), source: ' ' }]],
    ['ASSESSMENT.FIELD_REQUIRED', [{ ...value('fdi', 1), submitter: '' }]],
  ])('refuses %s: %j', (code, values) =>
    spec.given([OPENED]).when(submit({ values })).thenThrows(code),
  );

  it('refuses a zone outside the population', () =>
    spec
      .given([OPENED])
      .when(submit({ zoneId: 'zone-nansha' }))
      .thenThrows('ASSESSMENT.ZONE_NOT_IN_POPULATION'));

  it('refuses values for a published round', () =>
    spec
      .given(PUBLISHED)
      .when(submit({ zoneId: SIP }))
      .thenThrows('ASSESSMENT.ROUND_PUBLISHED'));
});

describe('CorrectIndicator', () => {
  it('records a new version of the value, with the previous one and the reason', () =>
    spec
      .given([OPENED, submitted(SIP)])
      .when(correct())
      .then([corrected()]));

  it('numbers each correction', () =>
    spec
      .given([OPENED, submitted(SIP), corrected()])
      .when(correct({ value: 90, reason: 'revised again' }))
      .then([corrected({ version: 3, previousValue: 85, value: 90, reason: 'revised again' })]));

  it('records nothing when the value is unchanged', () =>
    spec
      .given([OPENED, submitted(SIP)])
      .when(correct({ value: 80 }))
      .then([]));

  it('refuses to correct a value never submitted', () =>
    spec
      .given([OPENED, submitted(SIP, { trade: 900 })])
      .when(correct())
      .thenThrows('ASSESSMENT.NOTHING_SUBMITTED'));

  it.each([
    ['ASSESSMENT.REASON_REQUIRED', { reason: ' ' }],
    ['ASSESSMENT.UNKNOWN_INDICATOR', { indicatorKey: 'gdp' }],
    ['ASSESSMENT.WRONG_UNIT', { unit: 'USD' }],
    ['ASSESSMENT.VALUE_NOT_FINITE', { value: -Infinity }],
    ['ASSESSMENT.NEGATIVE_VALUE', { value: -1 }],
    ['ASSESSMENT.ZONE_NOT_IN_POPULATION', { zoneId: 'zone-nansha' }],
    ['ASSESSMENT.FIELD_REQUIRED', { submitter: ' ' }],
  ])('refuses %s: %j', (code, data) =>
    spec
      .given([OPENED, submitted(SIP)])
      .when(correct(data))
      .thenThrows(code),
  );

  it('refuses to correct a published round', () =>
    spec.given(PUBLISHED).when(correct()).thenThrows('ASSESSMENT.ROUND_PUBLISHED'));
});
