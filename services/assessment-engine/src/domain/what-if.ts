import type { Region } from '@zoneledger/shared-kernel';
import { RoundNotScoredError } from './assessment.errors';
import { withDimensionWeights, type Methodology, type Normalisation } from './methodology';
import { openedRound } from './round.rules';
import { indicatorValuesOf, type RoundState } from './round.state';
import { scoreRound } from './scoring';

// What if the round were scored otherwise: by another methodology, other dimension weights or
// another normalisation? Scores the round's current values and compares each zone's rank with the
// round's last scoring. Records nothing, so it is open to methodologies whose weights were never
// published. Another methodology reads the values under its own indicator keys: keys it shares
// with the round's methodology (in the same units, which the caller vouches for); the others are
// missing values to it.

/** How to score otherwise; each part left out stays as the round's. */
export interface WhatIfChange {
  readonly methodology?: Methodology;
  /** New dimension weights by key (the others kept); they must still sum to 1. */
  readonly dimensionWeights?: Readonly<Record<string, number>>;
  readonly normalisation?: Normalisation;
}

/** A zone under the what-if, against the round's last scoring. */
export interface WhatIfZone {
  readonly zoneId: string;
  readonly region: Region;
  readonly total: number;
  readonly nationalRank: number;
  readonly regionalRank: number;
  /** Its rank in the round's last scoring; null when it was not scored then. */
  readonly roundRank: number | null;
  /** nationalRank - roundRank (negative: it would climb); null when not scored then. */
  readonly rankDelta: number | null;
}

export interface WhatIf {
  readonly methodologyId: string;
  readonly version: number;
  readonly normalisation: Normalisation;
  /** Best first under the what-if. */
  readonly zones: readonly WhatIfZone[];
  readonly unscored: readonly string[];
}

/**
 * The round's values scored with `change`, and every zone's rank change against the round's last
 * scoring. Refuses a round never opened or never scored, and weights that do not sum to 1.
 */
export function whatIf(state: RoundState, roundId: string, change: WhatIfChange): WhatIf {
  const round = openedRound(state, roundId);
  if (!round.scoring) throw new RoundNotScoredError(round.roundId);
  const base = change.methodology ?? round.methodology;
  const methodology = change.dimensionWeights
    ? withDimensionWeights(base, change.dimensionWeights)
    : base;
  const scores = scoreRound(methodology, round.population, indicatorValuesOf(round), {
    normalisation: change.normalisation,
  });
  const roundRanks = new Map(round.scoring.results.map((r) => [r.zoneId, r.nationalRank]));
  return {
    methodologyId: methodology.methodologyId,
    version: methodology.version,
    normalisation: scores.normalisation,
    zones: scores.scores.map((score) => {
      const roundRank = roundRanks.get(score.zoneId) ?? null;
      return {
        zoneId: score.zoneId,
        region: score.region,
        total: score.total,
        nationalRank: score.nationalRank,
        regionalRank: score.regionalRank,
        roundRank,
        rankDelta: roundRank === null ? null : score.nationalRank - roundRank,
      };
    }),
    unscored: scores.unscored,
  };
}
