import { Injectable } from '@nestjs/common';
import {
  indicatorValuesOf,
  methodologyVersion,
  rankUncertainty,
  scoreRound,
  whatIf,
  type IndicatorContribution,
  type Methodology,
  type Normalisation,
  type OpenedRound,
  type RankUncertainty,
  type WhatIf,
} from '../domain';
import { MethodologyNotKnownError, ZoneNotScoredError } from '../queries/round-read.errors';
import { MethodologyStreams, RoundStreams } from './assessment-streams';

/** How an uncertainty analysis is asked for. */
export interface UncertaintyRequest {
  readonly draws: number;
  readonly seed: number;
  readonly weightSpread: number;
  /** A normalisation drawn besides the methodology's (each draw picks one of the two). */
  readonly alsoNormalisation?: Normalisation;
}

/** A zone's score explained: each indicator's value, normalised value and contribution. */
export interface ZoneExplanation {
  readonly roundId: string;
  readonly synthetic: boolean;
  readonly zoneId: string;
  readonly total: number;
  readonly nationalRank: number;
  readonly regionalRank: number;
  /** Sum to the total exactly. */
  readonly contributions: readonly IndicatorContribution[];
}

/**
 * What is computed from a round's values rather than read from its events: explanations, rank
 * uncertainty and what-ifs. Each reads the round's stream (as of `asOf`) and runs the domain's
 * pure scoring; none records anything.
 */
@Injectable()
export class RoundAnalysis {
  constructor(
    private readonly rounds: RoundStreams,
    private readonly methodologies: MethodologyStreams,
  ) {}

  /** The round's population, as its stream recorded it when it was opened. */
  async population(roundId: string): Promise<{
    readonly roundId: string;
    readonly referenceDate: OpenedRound['referenceDate'];
    readonly items: OpenedRound['population'];
  }> {
    const round = await this.rounds.opened(roundId);
    return { roundId, referenceDate: round.referenceDate, items: round.population };
  }

  /** The zone's result in the round's values as they stand, with every contribution. */
  async explain(roundId: string, zoneId: string, asOf?: Date): Promise<ZoneExplanation> {
    const round = await this.rounds.opened(roundId, asOf);
    const scores = scoreRound(round.methodology, round.population, indicatorValuesOf(round));
    const score = scores.scores.find((candidate) => candidate.zoneId === zoneId);
    if (!score) throw new ZoneNotScoredError(roundId, zoneId);
    return {
      roundId,
      synthetic: round.synthetic,
      zoneId,
      total: score.total,
      nationalRank: score.nationalRank,
      regionalRank: score.regionalRank,
      contributions: scores.contributionsOf(zoneId),
    };
  }

  /** How sure each zone's rank is, under drawn weights and normalisations (a fixed seed). */
  async uncertainty(
    roundId: string,
    request: UncertaintyRequest,
  ): Promise<RankUncertainty & { readonly roundId: string; readonly synthetic: boolean }> {
    const round = await this.rounds.opened(roundId);
    return {
      roundId,
      synthetic: round.synthetic,
      ...rankUncertainty(round.methodology, round.population, indicatorValuesOf(round), {
        draws: request.draws,
        seed: request.seed,
        weightSpread: request.weightSpread,
        ...(request.alsoNormalisation
          ? { normalisations: [round.methodology.normalisation, request.alsoNormalisation] }
          : {}),
      }),
    };
  }

  /** The round scored with another methodology version, other dimension weights or normalisation. */
  async whatIf(
    roundId: string,
    change: {
      readonly methodology?: { readonly methodologyId: string; readonly version: number };
      readonly dimensionWeights?: Readonly<Record<string, number>>;
      readonly normalisation?: Normalisation;
    },
  ): Promise<WhatIf & { readonly roundId: string; readonly synthetic: boolean }> {
    const round = await this.rounds.opened(roundId);
    const { methodology: named, ...rest } = change;
    let methodology: Methodology | undefined;
    if (named) {
      const { state } = await this.methodologies.read(named.methodologyId);
      methodology = methodologyVersion(state, named.version);
      if (!methodology) throw new MethodologyNotKnownError(named.methodologyId, named.version);
    }
    return {
      roundId,
      synthetic: round.synthetic,
      ...whatIf(round, roundId, { ...rest, ...(methodology ? { methodology } : {}) }),
    };
  }
}
