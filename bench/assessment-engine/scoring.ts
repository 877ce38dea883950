import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  rankUncertainty,
  scoreRound,
  type Methodology,
  type Normalisation,
} from '../../services/assessment-engine/src/domain';
import { median } from '../bench-report';
import {
  DEFAULT_OPTIONS,
  syntheticMethodology,
  syntheticPopulation,
  syntheticValues,
  type MethodologyOptions,
} from './synthetic-round';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const ms = (value: number) => Math.round(value * 10) / 10;

/** A named set of methodology options. */
export interface Variant {
  readonly name: string;
  readonly options: MethodologyOptions;
}

export const VARIANTS: readonly Variant[] = [
  { name: 'min-max, arithmetic, region-mean (default)', options: DEFAULT_OPTIONS },
  {
    name: 'percentile-rank, arithmetic, region-mean',
    options: { ...DEFAULT_OPTIONS, normalisation: 'NORMALISATION_PERCENTILE_RANK' },
  },
  {
    name: 'z-score, arithmetic, region-mean',
    options: { ...DEFAULT_OPTIONS, normalisation: 'NORMALISATION_Z_SCORE' },
  },
  {
    name: 'min-max, geometric, region-mean',
    options: { ...DEFAULT_OPTIONS, aggregation: 'AGGREGATION_WEIGHTED_GEOMETRIC' },
  },
  {
    name: 'min-max, arithmetic, exclude',
    options: { ...DEFAULT_OPTIONS, missingValues: 'MISSING_VALUE_POLICY_EXCLUDE' },
  },
];

/** Runs `work` `warmUp` times untimed, then `repetitions` times timed; the median and the rest. */
function repeat(work: () => unknown, warmUp: number, repetitions: number) {
  for (let i = 0; i < warmUp; i += 1) work();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const times: number[] = [];
  let kept: unknown;
  let heapAfter = 0;
  for (let i = 0; i < repetitions; i += 1) {
    kept = undefined;
    const started = performance.now();
    kept = work();
    times.push(performance.now() - started);
    heapAfter = Math.max(heapAfter, process.memoryUsage().heapUsed);
  }
  gc();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  void kept;
  return {
    medianMs: ms(median(times)),
    minMs: ms(Math.min(...times)),
    maxMs: ms(Math.max(...times)),
    repetitions,
    /** The heap in use right after a repetition, before any collection (the most seen). */
    heapUsedAfterMb: mb(heapAfter),
    /** What one result holds on to, once garbage is collected. */
    resultRetainedMb: mb(retained),
    heapUsedBeforeMb: mb(heapBefore),
  };
}

const SEED = 20_231_231;

/** scoreRound on `zones` x `indicators` synthetic values under a variant. */
export function timeScoring(
  zones: number,
  indicators: number,
  variant: Variant,
  warmUp: number,
  repetitions: number,
) {
  const methodology: Methodology = syntheticMethodology(indicators, variant.options);
  const population = syntheticPopulation(zones);
  const values = syntheticValues(methodology, population, SEED + zones + indicators);
  const result = repeat(() => scoreRound(methodology, population, values), warmUp, repetitions);
  const check = scoreRound(methodology, population, values);
  return {
    variant: variant.name,
    zones,
    indicators,
    scored: check.scores.length,
    ...result,
  };
}

/** rankUncertainty over `zones` x `indicators`, `draws` draws, under the default options. */
export function timeUncertainty(
  zones: number,
  indicators: number,
  draws: number,
  normalisations: readonly Normalisation[] | undefined,
  warmUp: number,
  repetitions: number,
) {
  const methodology = syntheticMethodology(indicators, DEFAULT_OPTIONS);
  const population = syntheticPopulation(zones);
  const values = syntheticValues(methodology, population, SEED + 7);
  const result = repeat(
    () =>
      rankUncertainty(methodology, population, values, {
        draws,
        seed: 2023,
        weightSpread: 0.2,
        ...(normalisations ? { normalisations } : {}),
      }),
    warmUp,
    repetitions,
  );
  return {
    zones,
    indicators,
    draws,
    normalisations: normalisations ?? [methodology.normalisation],
    ...result,
  };
}

/** Part 1 and 2: scoring's target size, its growth tables, and the uncertainty analysis. */
export function scoringBenchmarks(repetitions: number, log: (line: string) => void) {
  const warmUp = 2;
  const atTarget = VARIANTS.map((variant) => {
    const row = timeScoring(10_000, 50, variant, warmUp, repetitions);
    log(`scoring 10,000 x 50, ${variant.name}: ${row.medianMs} ms median`);
    return row;
  });
  const growthVariants = VARIANTS.slice(0, 2);
  const byZones = growthVariants.flatMap((variant) =>
    [1000, 2500, 5000, 10_000, 20_000].map((zones) => {
      const row = timeScoring(zones, 50, variant, warmUp, repetitions);
      log(`scoring ${zones} x 50, ${variant.name}: ${row.medianMs} ms`);
      return row;
    }),
  );
  const byIndicators = growthVariants.flatMap((variant) =>
    [10, 25, 50, 100].map((indicators) => {
      const row = timeScoring(10_000, indicators, variant, warmUp, repetitions);
      log(`scoring 10,000 x ${indicators}, ${variant.name}: ${row.medianMs} ms`);
      return row;
    }),
  );
  const uncertainty = [
    timeUncertainty(230, 30, 1000, undefined, 1, repetitions),
    timeUncertainty(
      230,
      30,
      1000,
      ['NORMALISATION_MIN_MAX', 'NORMALISATION_Z_SCORE', 'NORMALISATION_PERCENTILE_RANK'],
      1,
      repetitions,
    ),
  ];
  for (const row of uncertainty)
    log(`uncertainty 230 x 30, 1,000 draws, ${row.normalisations.join('+')}: ${row.medianMs} ms`);
  return { atTarget, byZones, byIndicators, uncertainty };
}
