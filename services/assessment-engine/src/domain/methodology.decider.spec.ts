import { deciderSpec, fold } from '@zoneledger/testing';
import { methodologyOf, type MethodologyInput } from './methodology';
import type { CreateMethodologyVersion } from './methodology.commands';
import { methodologyDecider } from './methodology.decider';
import type { MethodologyVersionCreated } from './methodology.events';
import { methodologyVersion } from './methodology.state';
import { SMALL, SMALL_INPUT } from './testing/assessment-fixtures';

const spec = deciderSpec(methodologyDecider);

const create = (methodology: MethodologyInput): CreateMethodologyVersion => ({
  type: 'CreateMethodologyVersion',
  data: { methodology },
});
const created = (methodology: MethodologyInput): MethodologyVersionCreated => ({
  type: 'MethodologyVersionCreated',
  data: { methodology: methodologyOf(methodology) },
});

// Version 2 corrects version 1's notes and the weights of its dimensions.
const V2_INPUT: MethodologyInput = {
  ...SMALL_INPUT,
  version: 2,
  notes: 'synthetic; weights corrected',
  dimensions: SMALL_INPUT.dimensions.map((dimension) => ({
    ...dimension,
    weight: 0.5,
  })),
};
const V1 = created(SMALL_INPUT);
const V2 = created(V2_INPUT);

describe('CreateMethodologyVersion', () => {
  it('creates version 1 of a new methodology, validated', () =>
    spec
      .given([])
      .when(create(SMALL_INPUT))
      .then([{ ...V1, data: { methodology: SMALL } }]));

  it('keeps what the data says, trimmed, and whether each indicator is assumed', () => {
    const [event] = methodologyDecider.decide(
      create({
        ...SMALL_INPUT,
        name: '  Two-dimension test methodology ',
        dimensions: SMALL_INPUT.dimensions.map((dimension) => ({
          ...dimension,
          indicators: dimension.indicators.map((indicator) => ({
            ...indicator,
            assumed: indicator.key === 'energy',
          })),
        })),
      }),
      methodologyDecider.initialState(),
    );
    const indicators = event.data.methodology.dimensions.flatMap((d) => d.indicators);
    expect(event.data.methodology.name).toBe('Two-dimension test methodology');
    expect(indicators.map((i) => [i.key, i.assumed])).toEqual([
      ['fdi', false],
      ['trade', false],
      ['energy', true],
    ]);
  });

  it('creates the next version after the latest', () =>
    spec.given([V1]).when(create(V2_INPUT)).then([V2]));

  it('records nothing when a version is created again as it is (a retry)', () => {
    spec.given([V1]).when(create(SMALL_INPUT)).then([]);
    spec.given([V1, V2]).when(create(SMALL_INPUT)).then([]);
  });

  it('refuses an existing version with other content: a correction is a new version', () =>
    spec
      .given([V1, V2])
      .when(create({ ...V2_INPUT, notes: 'another correction' }))
      .thenThrows('ASSESSMENT.METHODOLOGY_VERSION_EXISTS'));

  it.each([
    ['a new methodology starting at 2', [], 2],
    ['a version skipping one', [V1], 3],
  ])('refuses %s', (_name, given, version) =>
    spec
      .given(given)
      .when(create({ ...SMALL_INPUT, version }))
      .thenThrows('ASSESSMENT.METHODOLOGY_VERSION_NOT_NEXT'),
  );

  it('refuses an invalid methodology as methodologyOf does', () =>
    spec
      .given([])
      .when(create({ ...SMALL_INPUT, normalisation: 'min-max' }))
      .thenThrows('ASSESSMENT.UNKNOWN_OPTION'));
});

describe('methodologyVersion', () => {
  const state = fold(methodologyDecider, [V1, V2]);

  it('reads a version by number, and the latest when none is given', () => {
    expect(methodologyVersion(state, 1)).toEqual(SMALL);
    expect(methodologyVersion(state, 2)?.notes).toBe('synthetic; weights corrected');
    expect(methodologyVersion(state)?.version).toBe(2);
  });

  it('is undefined for a version never created, and for a new stream', () => {
    expect(methodologyVersion(state, 3)).toBeUndefined();
    expect(methodologyVersion(methodologyDecider.initialState())).toBeUndefined();
  });
});
