import type {
  AggregationJson,
  DirectionJson,
  MissingValuePolicyJson,
  NormalisationJson,
} from '@zoneledger/contracts';
import {
  DuplicateKeyError,
  EmptyDimensionError,
  FieldRequiredError,
  InvalidVersionError,
  InvalidWeightError,
  UnknownOptionError,
  WeightsDoNotSumToOneError,
} from './assessment.errors';

// A methodology is data: its dimensions, their indicators (unit, direction, weight), and how values
// are normalised, aggregated and filled in when missing. Scoring (scoring.ts) is a pure function
// of a methodology and indicator values. A methodology is versioned: a correction to its data is a
// new version, never an edit of one a round was opened with.
//
// Unpublished weights (the 2016 structure): such a methodology is still representable, with
// `weightsPublished: false` and weights that are an assumption (equal weights, say, and its notes
// say so). It may be scored for what-ifs and rank uncertainty, where weights are what one varies;
// a round's computed scores refuse it (ASSESSMENT.WEIGHTS_UNPUBLISHED, see score-round.decider.ts),
// so no assumed weighting is ever recorded as a round's result.

// The options are the proto's enum value names (assessment_types.proto), without the
// "unspecified" zero values: a methodology and the events carrying it are proto JSON as they are.

/**
 * How an indicator's values are made comparable, per indicator over the round's zones:
 * min-max to 0..100, z-score (standard deviations from the mean), or percentile rank (0..100).
 */
export type Normalisation = Exclude<NormalisationJson, 'NORMALISATION_UNSPECIFIED'>;
/** How normalised values are combined: weighted arithmetic or weighted geometric mean (OECD-JRC). */
export type Aggregation = Exclude<AggregationJson, 'AGGREGATION_UNSPECIFIED'>;
/**
 * What stands in for a missing value: nothing (exclude: the zone's other weights are renormalised),
 * zero, or the mean of the zone's region (see scoring.ts).
 */
export type MissingValuePolicy = Exclude<
  MissingValuePolicyJson,
  'MISSING_VALUE_POLICY_UNSPECIFIED'
>;
/** Whether a higher value of the indicator is better, or a lower one (energy per unit of output). */
export type Direction = Exclude<DirectionJson, 'DIRECTION_UNSPECIFIED'>;

/** Every value of `T`: a compile error when one is missing or unknown. */
const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(
    list: L & ([T] extends [L[number]] ? unknown : { readonly missing: Exclude<T, L[number]> }),
  ): readonly T[] =>
    list;

export const NORMALISATIONS = allOf<Normalisation>()([
  'NORMALISATION_MIN_MAX',
  'NORMALISATION_Z_SCORE',
  'NORMALISATION_PERCENTILE_RANK',
]);
export const AGGREGATIONS = allOf<Aggregation>()([
  'AGGREGATION_WEIGHTED_ARITHMETIC',
  'AGGREGATION_WEIGHTED_GEOMETRIC',
]);
export const MISSING_VALUE_POLICIES = allOf<MissingValuePolicy>()([
  'MISSING_VALUE_POLICY_EXCLUDE',
  'MISSING_VALUE_POLICY_ZERO',
  'MISSING_VALUE_POLICY_REGION_MEAN',
]);
export const DIRECTIONS = allOf<Direction>()([
  'DIRECTION_HIGHER_IS_BETTER',
  'DIRECTION_LOWER_IS_BETTER',
]);

/** One indicator of a dimension. */
export interface Indicator {
  /** Stable key values are submitted under, unique in the methodology. */
  readonly key: string;
  readonly nameEn: string;
  /** Left out when none (never ''). */
  readonly nameZh?: string;
  /** The unit values must be given in, e.g. "%", "tce/10k CNY", "count". */
  readonly unit: string;
  readonly direction: Direction;
  /** Its weight within its dimension: the dimension's indicator weights sum to 1. */
  readonly weight: number;
  /** Whether values below zero are meaningful (growth rates); else they are refused. */
  readonly allowsNegative: boolean;
  /** True when its name, unit and definition are assumed rather than published. */
  readonly assumed: boolean;
}

/** A dimension (一级指标) and its indicators. */
export interface Dimension {
  readonly key: string;
  readonly nameEn: string;
  readonly nameZh?: string;
  /** Its weight in the total: the dimensions' weights sum to 1. */
  readonly weight: number;
  readonly indicators: Indicator[];
}

/** One version of a methodology, validated (see methodologyOf). */
export interface Methodology {
  readonly methodologyId: string;
  /** 1, 2, ...: a corrected methodology is a new version. */
  readonly version: number;
  readonly name: string;
  /** Where the structure comes from (a document, a report). */
  readonly source: string;
  /** What is assumed rather than published, and anything else a reader should know. */
  readonly notes: string;
  /**
   * True when the dimension weights are the published ones (indicator weights within a dimension
   * may still be assumed: the notes say). False: the weights are an assumption, and rounds do not
   * score with them (what-ifs and uncertainty only).
   */
  readonly weightsPublished: boolean;
  readonly dimensions: Dimension[];
  readonly normalisation: Normalisation;
  readonly aggregation: Aggregation;
  readonly missingValues: MissingValuePolicy;
}

/** A methodology as given (a seed file, a request): checked by methodologyOf. */
export interface MethodologyInput {
  readonly methodologyId: string;
  readonly version: number;
  readonly name: string;
  readonly source?: string;
  readonly notes?: string;
  readonly weightsPublished: boolean;
  readonly dimensions: readonly {
    readonly key: string;
    readonly nameEn: string;
    readonly nameZh?: string;
    readonly weight: number;
    readonly indicators: readonly {
      readonly key: string;
      readonly nameEn: string;
      readonly nameZh?: string;
      readonly unit: string;
      readonly direction: string;
      readonly weight: number;
      readonly allowsNegative?: boolean;
      /** True when the indicator is assumed rather than published (false when left out). */
      readonly assumed?: boolean;
    }[];
  }[];
  readonly normalisation: string;
  readonly aggregation: string;
  readonly missingValues: string;
}

/** How far a sum of weights may be from 1 (floating-point sums of decimals such as 0.15). */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/**
 * The methodology `input` describes, checked: an id, a name, a positive integer version; known
 * normalisation, aggregation, missing-value policy and directions; at least one dimension and
 * every dimension with at least one indicator; keys unique across dimensions and indicators;
 * every weight finite and above 0; dimension weights summing to 1, and each dimension's indicator
 * weights summing to 1 (within WEIGHT_SUM_TOLERANCE). Text is trimmed; weights are kept as given.
 */
export function methodologyOf(input: MethodologyInput): Methodology {
  const methodologyId = required('methodologyId', input.methodologyId);
  if (!Number.isInteger(input.version) || input.version < 1)
    throw new InvalidVersionError(input.version);
  const name = required('name', input.name);
  const normalisation = option('normalisation', input.normalisation, NORMALISATIONS);
  const aggregation = option('aggregation', input.aggregation, AGGREGATIONS);
  const missingValues = option('missingValues', input.missingValues, MISSING_VALUE_POLICIES);
  if (typeof input.weightsPublished !== 'boolean') throw new FieldRequiredError('weightsPublished');
  if ((input.dimensions ?? []).length === 0) throw new EmptyDimensionError('');
  const keys = new Set<string>();
  const unique = (key: string) => {
    if (keys.has(key)) throw new DuplicateKeyError(key);
    keys.add(key);
    return key;
  };
  const dimensions = input.dimensions.map((dimension): Dimension => {
    const key = unique(required('dimension key', dimension.key));
    const weight = positive(key, dimension.weight);
    const given: MethodologyInput['dimensions'][number]['indicators'] = dimension.indicators ?? [];
    if (given.length === 0) throw new EmptyDimensionError(key);
    const indicators = given.map((indicator): Indicator => {
      const indicatorKey = unique(required(`indicator key in ${key}`, indicator.key));
      return {
        key: indicatorKey,
        nameEn: required(`nameEn of ${indicatorKey}`, indicator.nameEn),
        ...names(indicator.nameZh),
        unit: required(`unit of ${indicatorKey}`, indicator.unit),
        direction: option(`direction of ${indicatorKey}`, indicator.direction, DIRECTIONS),
        weight: positive(indicatorKey, indicator.weight),
        allowsNegative: indicator.allowsNegative === true,
        assumed: indicator.assumed === true,
      };
    });
    assertSumsToOne(`the indicators of ${key}`, indicators);
    return {
      key,
      nameEn: required(`nameEn of ${key}`, dimension.nameEn),
      ...names(dimension.nameZh),
      weight,
      indicators,
    };
  });
  assertSumsToOne('the dimensions', dimensions);
  return {
    methodologyId,
    version: input.version,
    name,
    source: (input.source ?? '').trim(),
    notes: (input.notes ?? '').trim(),
    weightsPublished: input.weightsPublished,
    dimensions,
    normalisation,
    aggregation,
    missingValues,
  };
}

/** Every indicator of the methodology, in its order (dimension by dimension): the scoring order. */
export function indicatorsOf(methodology: Methodology): readonly Indicator[] {
  return methodology.dimensions.flatMap((dimension) => dimension.indicators);
}

/** The indicator with `key`, if the methodology has one. */
export function indicatorOf(methodology: Methodology, key: string): Indicator | undefined {
  for (const dimension of methodology.dimensions)
    for (const indicator of dimension.indicators) if (indicator.key === key) return indicator;
  return undefined;
}

/**
 * The same methodology with other dimension weights (by dimension key; dimensions left out keep
 * theirs), checked again: the result's weights must still sum to 1. For what-ifs.
 */
export function withDimensionWeights(
  methodology: Methodology,
  weights: Readonly<Record<string, number>>,
): Methodology {
  for (const key of Object.keys(weights))
    if (!methodology.dimensions.some((dimension) => dimension.key === key))
      throw new UnknownOptionError(
        'dimension',
        key,
        methodology.dimensions.map((dimension) => dimension.key),
      );
  return methodologyOf({
    ...methodology,
    dimensions: methodology.dimensions.map((dimension) => ({
      ...dimension,
      indicators: [...dimension.indicators],
      weight: Object.prototype.hasOwnProperty.call(weights, dimension.key)
        ? weights[dimension.key]
        : dimension.weight,
    })),
  });
}

function required(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new FieldRequiredError(field);
  return value.trim();
}

function names(nameZh: string | undefined): { nameZh?: string } {
  const trimmed = typeof nameZh === 'string' ? nameZh.trim() : '';
  return trimmed ? { nameZh: trimmed } : {};
}

function option<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UnknownOptionError(field, value, allowed);
  return value as T;
}

function positive(key: string, weight: unknown): number {
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0)
    throw new InvalidWeightError(key, weight);
  return weight;
}

function assertSumsToOne(scope: string, parts: readonly { readonly weight: number }[]): void {
  let sum = 0;
  for (const part of parts) sum += part.weight;
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) throw new WeightsDoNotSumToOneError(scope, sum);
}
