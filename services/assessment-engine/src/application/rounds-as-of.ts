import { Injectable } from '@nestjs/common';
import type { Page } from '@zoneledger/platform';
import type { Region } from '@zoneledger/shared-kernel';
import type { OpenedRound, ScoredZone } from '../domain';
import type { RankingEntry, RankingPage, RoundView } from '../queries/round.queries';
import { RoundStreams } from './assessment-streams';
import { ZonePopulation } from './zone-population';

/**
 * A round and its ranking as the engine knew them at a moment (`asOf`), folded from the round's
 * stream up to then: what a reader saw before a correction, a rescoring or the publication. The
 * same views as the read model's, which answers when no moment is asked for; zone names are the
 * current ones.
 */
@Injectable()
export class RoundsAsOf {
  constructor(
    private readonly rounds: RoundStreams,
    private readonly zones: ZonePopulation,
  ) {}

  async round(roundId: string, asOf: Date): Promise<RoundView> {
    return roundViewOf(await this.rounds.opened(roundId, asOf));
  }

  async ranking(
    roundId: string,
    asOf: Date,
    filter: { readonly region?: Region; readonly dimension?: string },
    page: Page,
  ): Promise<RankingPage> {
    const round = await this.rounds.opened(roundId, asOf);
    const results = (round.scoring?.results ?? []).filter(
      (result) => !filter.region || result.region === filter.region,
    );
    const ordered = [...results].sort(orderOf(filter));
    const pageOfResults = ordered.slice(page.offset, page.offset + page.limit);
    const names = await this.zones.namesOf(pageOfResults.map((result) => result.zoneId));
    return {
      round: roundViewOf(round),
      ...(filter.dimension ? { dimension: filter.dimension } : {}),
      items: pageOfResults.map((result) => {
        const name = names.get(result.zoneId);
        return entryOf(result, name?.nameZh, name?.nameEn);
      }),
      total: ordered.length,
      ...page,
    };
  }
}

// The read model's orders: by a dimension's score (none last), regional rank, or national rank.
function orderOf(filter: { readonly region?: Region; readonly dimension?: string }) {
  const scoreOf = (result: ScoredZone) =>
    result.dimensions.find((dimension) => dimension.key === filter.dimension)?.score;
  return (a: ScoredZone, b: ScoredZone): number => {
    if (filter.dimension) {
      const [x, y] = [scoreOf(a), scoreOf(b)];
      if (x !== y) return x === undefined ? 1 : y === undefined ? -1 : y - x;
      return a.nationalRank - b.nationalRank;
    }
    return filter.region ? a.regionalRank - b.regionalRank : a.nationalRank - b.nationalRank;
  };
}

function entryOf(result: ScoredZone, nameZh?: string, nameEn?: string): RankingEntry {
  return {
    zoneId: result.zoneId,
    ...(nameZh ? { nameZh } : {}),
    ...(nameEn ? { nameEn } : {}),
    region: result.region,
    total: result.total,
    nationalRank: result.nationalRank,
    regionalRank: result.regionalRank,
    dimensions: result.dimensions.map((dimension) => ({ ...dimension })),
    imputed: [...result.imputed],
    excluded: [...result.excluded],
  };
}

function roundViewOf(round: OpenedRound): RoundView {
  const scoring = round.scoring;
  return {
    roundId: round.roundId,
    methodologyId: round.methodology.methodologyId,
    methodologyVersion: round.methodology.version,
    referenceDate: round.referenceDate,
    synthetic: round.synthetic,
    populationSize: round.population.length,
    scoring: scoring?.scoring ?? 0,
    zonesScored: scoring?.results.length ?? 0,
    unscored: [...(scoring?.unscored ?? [])],
    published: round.published,
    ...(round.published && scoring ? { publishedScoring: scoring.scoring } : {}),
  };
}
