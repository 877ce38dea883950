import { deciderSpec } from '@zoneledger/testing';
import type { OpenRound } from './round.commands';
import { roundDecider } from './round.decider';
import { SMALL_INPUT, SIP } from './testing/assessment-fixtures';
import { everyCommand, OPEN, OPENED } from './testing/round-fixtures';

const spec = deciderSpec(roundDecider);

const open = (data: Partial<OpenRound['data']> = {}): OpenRound => ({
  type: 'OpenRound',
  data: { ...OPEN, ...data },
});

describe('no round', () => {
  it('opens the round: the methodology validated, the population sorted by zone id', () =>
    spec.given([]).when(open()).then([OPENED]));

  it('records the reference date in its canonical form', () =>
    spec
      .given([])
      .when(open({ referenceDate: { year: 2022, month: 12, day: 0 } }))
      .then([{ ...OPENED, data: { ...OPENED.data, referenceDate: { year: 2022, month: 12 } } }]));

  it('opens a round with a methodology whose weights were never published (to hold its ranks)', () =>
    spec
      .given([])
      .when(open({ methodology: { ...SMALL_INPUT, weightsPublished: false } }))
      .then([
        {
          ...OPENED,
          data: {
            ...OPENED.data,
            methodology: { ...OPENED.data.methodology, weightsPublished: false },
          },
        },
      ]));

  it.each([
    ['the handler found none', { methodology: undefined }],
    ['it found another version', { methodologyVersion: 2 }],
    ['it found another methodology', { methodologyId: 'mofcom-etdz-2021' }],
  ])('refuses a methodology it cannot have: %s', (_case, data) =>
    spec.given([]).when(open(data)).thenThrows('ASSESSMENT.METHODOLOGY_NOT_FOUND'),
  );

  it('refuses an invalid methodology', () =>
    spec
      .given([])
      .when(
        open({
          methodology: {
            ...SMALL_INPUT,
            dimensions: [{ ...SMALL_INPUT.dimensions[0], weight: 0.5 }, SMALL_INPUT.dimensions[1]],
          },
        }),
      )
      .thenThrows('ASSESSMENT.WEIGHTS_DO_NOT_SUM_TO_ONE'));

  it('refuses a reference date that is no date', () =>
    spec
      .given([])
      .when(open({ referenceDate: { year: 2022, month: 2, day: 30 } }))
      .thenThrows('ASSESSMENT.INVALID_DATE'));

  it('refuses a round without an id', () =>
    spec
      .given([])
      .when(open({ roundId: ' ' }))
      .thenThrows('ASSESSMENT.FIELD_REQUIRED'));

  it.each([
    ['ASSESSMENT.EMPTY_POPULATION', []],
    ['ASSESSMENT.DUPLICATE_ZONE', [...OPEN.population, { zoneId: SIP, region: 'REGION_EAST' }]],
    ['ASSESSMENT.UNKNOWN_REGION', [{ zoneId: SIP, region: 'REGION_NORTHEAST' }]],
  ] as const)('refuses a population: %s', (code, population) =>
    spec
      .given([])
      .when(open({ population: population as OpenRound['data']['population'] }))
      .thenThrows(code),
  );

  it.each(everyCommand.map((command) => [command.type, command] as const))(
    'refuses %s: the round was never opened',
    (_type, command) => spec.given([]).when(command).thenThrows('ASSESSMENT.ROUND_NOT_FOUND'),
  );
});

describe('open round', () => {
  it('records nothing when opened again identically, whatever the population order', () =>
    spec
      .given([OPENED])
      .when(open({ population: [...OPEN.population].reverse() }))
      .then([]));

  it.each([
    ['another reference date', { referenceDate: { year: 2023 } }],
    ['another label', { synthetic: false }],
    ['another population', { population: OPEN.population.slice(1) }],
  ])('refuses to open it again with %s', (_case, data) =>
    spec.given([OPENED]).when(open(data)).thenThrows('ASSESSMENT.ROUND_ALREADY_OPENED'),
  );
});
