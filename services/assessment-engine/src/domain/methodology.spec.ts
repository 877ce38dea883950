import {
  indicatorOf,
  indicatorsOf,
  methodologyOf,
  withDimensionWeights,
  type MethodologyInput,
} from './methodology';
import { SMALL, SMALL_INPUT } from './testing/assessment-fixtures';

type DimensionInput = MethodologyInput['dimensions'][number];

const withDimensions = (dimensions: DimensionInput[]): MethodologyInput => ({
  ...SMALL_INPUT,
  dimensions,
});
const [OPENING, GREEN] = SMALL_INPUT.dimensions;

function refusal(input: MethodologyInput): unknown {
  try {
    methodologyOf(input);
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('methodologyOf', () => {
  it('keeps a valid methodology, trimmed, with allowsNegative false unless said', () => {
    const methodology = methodologyOf({
      ...SMALL_INPUT,
      name: '  Two-dimension test methodology ',
      dimensions: [
        { ...OPENING, nameZh: ' ', indicators: OPENING.indicators.map((i) => ({ ...i })) },
        {
          ...GREEN,
          indicators: [{ ...GREEN.indicators[0], allowsNegative: undefined, key: ' energy ' }],
        },
      ],
    });
    expect(methodology.name).toBe('Two-dimension test methodology');
    expect(methodology.dimensions[0]).not.toHaveProperty('nameZh');
    expect(methodology.dimensions[1].indicators[0]).toMatchObject({
      key: 'energy',
      allowsNegative: false,
      direction: 'DIRECTION_LOWER_IS_BETTER',
    });
  });

  it('accepts weights whose decimal sum is off by rounding (0.3 + 0.3 + 0.15 + 0.15 + 0.1)', () => {
    const dimension = (key: string, weight: number): DimensionInput => ({
      ...OPENING,
      key,
      weight,
      indicators: [{ ...OPENING.indicators[0], key: `${key}-i`, weight: 1 }],
    });
    const weights = [0.3, 0.3, 0.15, 0.15, 0.1];
    const methodology = methodologyOf(
      withDimensions(weights.map((weight, d) => dimension(`d${d}`, weight))),
    );
    expect(methodology.dimensions.map((d) => d.weight)).toEqual(weights);
  });

  it.each([
    ['dimension weights summing to 0.9', [{ ...OPENING, weight: 0.5 }, GREEN]],
    [
      "a dimension's indicator weights summing to 1.1",
      [
        {
          ...OPENING,
          indicators: [OPENING.indicators[0], { ...OPENING.indicators[1], weight: 0.6 }],
        },
        GREEN,
      ],
    ],
    ['a sum off by more than 1e-9', [{ ...OPENING, weight: 0.6 + 2e-9 }, GREEN]],
  ])('refuses %s', (_case, dimensions) =>
    expect(refusal(withDimensions(dimensions))).toMatchObject({
      code: 'ASSESSMENT.WEIGHTS_DO_NOT_SUM_TO_ONE',
    }),
  );

  it.each([
    ['zero', 0],
    ['negative', -0.4],
    ['NaN', NaN],
    ['infinite', Infinity],
  ])('refuses a weight that is %s', (_case, weight) => {
    expect(refusal(withDimensions([OPENING, { ...GREEN, weight }]))).toMatchObject({
      code: 'ASSESSMENT.INVALID_WEIGHT',
    });
    const indicators = [{ ...GREEN.indicators[0], weight }];
    expect(refusal(withDimensions([OPENING, { ...GREEN, indicators }]))).toMatchObject({
      code: 'ASSESSMENT.INVALID_WEIGHT',
    });
  });

  it('refuses a key used twice, across dimensions and indicators', () => {
    const indicators = [{ ...GREEN.indicators[0], key: 'fdi' }];
    expect(refusal(withDimensions([OPENING, { ...GREEN, indicators }]))).toMatchObject({
      code: 'ASSESSMENT.DUPLICATE_KEY',
      key: 'fdi',
    });
    expect(refusal(withDimensions([OPENING, { ...GREEN, key: 'opening' }]))).toMatchObject({
      code: 'ASSESSMENT.DUPLICATE_KEY',
    });
  });

  it('refuses a dimension without indicators, and a methodology without dimensions', () => {
    expect(refusal(withDimensions([OPENING, { ...GREEN, indicators: [] }]))).toMatchObject({
      code: 'ASSESSMENT.EMPTY_DIMENSION',
      dimensionKey: 'green',
    });
    expect(refusal(withDimensions([]))).toMatchObject({ code: 'ASSESSMENT.EMPTY_DIMENSION' });
  });

  it.each([
    ['normalisation', { normalisation: 'rank' }],
    ['aggregation', { aggregation: 'weighted-harmonic' }],
    ['missing-value policy', { missingValues: 'drop' }],
    [
      'direction',
      {
        dimensions: [
          OPENING,
          { ...GREEN, indicators: [{ ...GREEN.indicators[0], direction: 'down' }] },
        ],
      },
    ],
  ])('refuses an unknown %s', (_case, change) =>
    expect(refusal({ ...SMALL_INPUT, ...change })).toMatchObject({
      code: 'ASSESSMENT.UNKNOWN_OPTION',
    }),
  );

  it.each([
    ['methodologyId', { methodologyId: ' ' }],
    ['name', { name: '' }],
    [
      'unit',
      { dimensions: [OPENING, { ...GREEN, indicators: [{ ...GREEN.indicators[0], unit: '' }] }] },
    ],
    ['weightsPublished', { weightsPublished: undefined as unknown as boolean }],
  ])('refuses a methodology without its %s', (_field, change) =>
    expect(refusal({ ...SMALL_INPUT, ...change })).toMatchObject({
      code: 'ASSESSMENT.FIELD_REQUIRED',
    }),
  );

  it.each([0, 1.5, -1])('refuses version %s', (version) =>
    expect(refusal({ ...SMALL_INPUT, version })).toMatchObject({
      code: 'ASSESSMENT.INVALID_VERSION',
    }),
  );

  it('represents a methodology whose weights were never published, saying so', () => {
    const methodology = methodologyOf({ ...SMALL_INPUT, weightsPublished: false });
    expect(methodology.weightsPublished).toBe(false);
  });
});

describe('indicators of a methodology', () => {
  it('lists them in the methodology order, and finds one by key', () => {
    expect(indicatorsOf(SMALL).map((i) => i.key)).toEqual(['fdi', 'trade', 'energy']);
    expect(indicatorOf(SMALL, 'energy')?.direction).toBe('DIRECTION_LOWER_IS_BETTER');
    expect(indicatorOf(SMALL, 'gdp')).toBeUndefined();
  });
});

describe('withDimensionWeights', () => {
  it('changes the weights it names and keeps the others', () => {
    const changed = withDimensionWeights(SMALL, { opening: 0.5, green: 0.5 });
    expect(changed.dimensions.map((d) => d.weight)).toEqual([0.5, 0.5]);
    expect(SMALL.dimensions.map((d) => d.weight)).toEqual([0.6, 0.4]);
  });

  it('refuses weights that no longer sum to 1, and dimensions the methodology lacks', () => {
    expect(() => withDimensionWeights(SMALL, { opening: 0.5 })).toThrow(
      expect.objectContaining({ code: 'ASSESSMENT.WEIGHTS_DO_NOT_SUM_TO_ONE' }),
    );
    expect(() => withDimensionWeights(SMALL, { tourism: 0.1 })).toThrow(
      expect.objectContaining({ code: 'ASSESSMENT.UNKNOWN_OPTION' }),
    );
  });
});
