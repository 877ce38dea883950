import { uniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { MethodologyFile } from './story-seed';

/** One zone's generated indicator values, as POST /v1/rounds/{id}/indicators takes them. */
export interface SyntheticSubmission {
  readonly zoneId: string;
  readonly values: {
    readonly indicatorKey: string;
    readonly value: number;
    readonly unit: string;
    readonly source: string;
  }[];
}

export const SYNTHETIC_SOURCE =
  'synthetic (generated for the demo; MofCOM publishes no indicator values)';

/**
 * Generated values for every zone of a round and every indicator of its methodology, from a
 * seeded generator: a zone's strength (`strengthOf`, e.g. better for zones MofCOM ranked higher;
 * random when it gives none) and noise per indicator, in the indicator's direction. The same
 * seed and population give the same values.
 */
export function syntheticValues(
  methodology: MethodologyFile,
  population: readonly { zoneId: string }[],
  strengthOf: (zoneId: string) => number | undefined,
  seed: number,
): SyntheticSubmission[] {
  let rng = xoroshiro128plus(seed);
  const uniform = () => {
    const [value, next] = uniformIntDistribution(0, 1_000_000, rng);
    rng = next;
    return value / 1_000_000;
  };
  const indicators = methodology.dimensions.flatMap((dimension) => dimension.indicators);
  return population.map(({ zoneId }) => {
    const strength = strengthOf(zoneId) ?? uniform() * 0.7;
    return {
      zoneId,
      values: indicators.map((indicator) => {
        const score = Math.min(1, Math.max(0, strength + (uniform() - 0.5) * 0.4));
        const good = indicator.direction === 'DIRECTION_LOWER_IS_BETTER' ? 1 - score : score;
        const value = indicator.allowsNegative ? (good - 0.3) * 20 : 1 + good * 99;
        return {
          indicatorKey: indicator.key,
          value: Math.round(value * 100) / 100,
          unit: indicator.unit,
          source: SYNTHETIC_SOURCE,
        };
      }),
    };
  });
}

/** A zone's strength from its published rank: 1 for the first, towards 0 for the last. */
export function strengthFromRank(rank: number, zonesAssessed: number): number {
  return 1 - rank / zonesAssessed;
}
