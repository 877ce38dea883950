import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readPage, type Page, type PageOf } from '@zoneledger/platform';
import type { CalendarDate, Region } from '@zoneledger/shared-kernel';
import { absorbedZones } from '@zoneledger/zone-timeline';
import type { DataSource } from 'typeorm';
import { MethodologyNotKnownError, RoundNotKnownError } from './round-read.errors';

/** A round as lists show it. */
export interface RoundView {
  readonly roundId: string;
  readonly methodologyId: string;
  readonly methodologyVersion: number;
  readonly referenceDate: CalendarDate;
  /** Generated demo values: not MofCOM's (whose indicator values are not public). */
  readonly synthetic: boolean;
  readonly populationSize: number;
  /** The latest scoring (0: not scored yet) and how many zones it scored. */
  readonly scoring: number;
  readonly zonesScored: number;
  readonly unscored: string[];
  readonly published: boolean;
  readonly publishedScoring?: number;
}

/** A zone's place in a round's ranking. */
export interface RankingEntry {
  readonly zoneId: string;
  readonly nameZh?: string;
  readonly nameEn?: string;
  readonly region: Region;
  readonly total: number;
  readonly nationalRank: number;
  readonly regionalRank: number;
  readonly dimensions: { readonly key: string; readonly score?: number }[];
  readonly imputed: string[];
  readonly excluded: string[];
}

/** A page of a round's ranking, with what the round is. */
export interface RankingPage extends PageOf<RankingEntry> {
  readonly round: RoundView;
  /** The dimension ordered by, when one was asked for. */
  readonly dimension?: string;
}

/** A row of a published ranking, beside the round's computed rank of its zone (if scored). */
export interface PublishedRankView {
  readonly rank: number;
  readonly nameZh: string;
  readonly nameEn?: string;
  readonly zoneId?: string;
  readonly matchedBy?: string;
  readonly unmatchedReason?: string;
  /** The zone's rank in the round's published computed results, when it has one. */
  readonly computedRank?: number;
}

/** A zone's result in one round, and what its publication said changed. */
export interface ZoneRoundResult {
  readonly roundId: string;
  readonly referenceDate: CalendarDate;
  readonly synthetic: boolean;
  readonly published: boolean;
  /** The zone whose result it is: the zone asked about, or one it absorbed later. */
  readonly zoneId: string;
  readonly total: number;
  readonly nationalRank: number;
  readonly regionalRank: number;
  readonly dimensions: { readonly key: string; readonly score?: number }[];
  readonly scoreDelta?: number;
  readonly rankDelta?: number;
  readonly exitWarning: boolean;
  /** MofCOM's published rank of the zone in the round, when imported and matched. */
  readonly publishedRank?: number;
}

interface RoundRow {
  readonly round_id: string;
  readonly methodology_id: string;
  readonly methodology_version: number;
  readonly reference_on: CalendarDate;
  readonly synthetic: boolean;
  readonly population_size: number;
  readonly scoring: number;
  readonly zones_scored: number;
  readonly unscored: string[];
  readonly published: boolean;
  readonly published_scoring: number | null;
}

interface ResultRow {
  readonly zone_id: string;
  readonly name_zh: string | null;
  readonly name_en: string | null;
  readonly region: Region;
  readonly total: number;
  readonly national_rank: number;
  readonly regional_rank: number;
  readonly dimensions: { key: string; score?: number }[];
  readonly imputed: string[];
  readonly excluded: string[];
}

const ROUND_COLUMNS = `round_id, methodology_id, methodology_version, reference_on, synthetic,
  population_size, scoring, zones_scored, unscored, published, published_scoring`;

/** Rounds, their rankings and zones' histories, from the assessment-rounds read model. */
@Injectable()
export class RoundQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async rounds(page: Page): Promise<PageOf<RoundView>> {
    const { rows, total } = await readPage<RoundRow>(
      this.db,
      {
        select: ROUND_COLUMNS,
        from: 'round_summary',
        where: [],
        values: [],
        orderBy: 'reference_date desc, round_id collate "C"',
      },
      page,
    );
    return { items: rows.map(roundView), total, ...page };
  }

  async round(roundId: string): Promise<RoundView> {
    const [row]: RoundRow[] = await this.db.query(
      `select ${ROUND_COLUMNS} from round_summary where round_id = $1`,
      [roundId],
    );
    if (!row) throw new RoundNotKnownError(roundId);
    return roundView(row);
  }

  /**
   * A page of the round's latest scoring: nationally by rank, within a region by regional rank,
   * or by a dimension's score (best first, zones without one last).
   */
  async ranking(
    roundId: string,
    filter: { readonly region?: Region; readonly dimension?: string },
    page: Page,
  ): Promise<RankingPage> {
    const round = await this.round(roundId);
    const values: unknown[] = [roundId, round.scoring];
    const where = ['r.round_id = $1', 'r.scoring = $2'];
    if (filter.region) where.push(`r.region = $${values.push(filter.region)}`);
    // By a dimension: each zone's score of it (none: last), read in the rows both queries count.
    const dimension = filter.dimension
      ? `left join lateral (select (d->>'score')::float8 as score
           from jsonb_array_elements(r.dimensions) d
           where d->>'key' = $${values.push(filter.dimension)}) dimension on true`
      : '';
    const orderBy = filter.dimension
      ? 'dimension.score desc nulls last, r.national_rank'
      : filter.region
        ? 'r.regional_rank'
        : 'r.national_rank';
    const { rows, total } = await readPage<ResultRow>(
      this.db,
      {
        select: `r.zone_id, n.name_zh, n.name_en, r.region, r.total, r.national_rank,
          r.regional_rank, r.dimensions, r.imputed, r.excluded`,
        from: `zone_result r left join zone_names n on n.zone_id = r.zone_id ${dimension}`,
        countFrom: `zone_result r ${dimension}`,
        where,
        values,
        orderBy,
      },
      page,
    );
    return {
      round,
      ...(filter.dimension ? { dimension: filter.dimension } : {}),
      items: rows.map(rankingEntry),
      total,
      ...page,
    };
  }

  /** MofCOM's published ranking of the round, each row beside the computed rank of its zone. */
  async publishedRanking(roundId: string): Promise<{
    round: RoundView;
    publishedOn?: CalendarDate;
    zonesAssessed?: number;
    source?: string;
    items: PublishedRankView[];
  }> {
    const round = await this.round(roundId);
    const rows: {
      rank: number;
      name_zh: string;
      name_en: string | null;
      zone_id: string | null;
      matched_by: string | null;
      unmatched_reason: string | null;
      published_on: CalendarDate | null;
      zones_assessed: number | null;
      source: string | null;
      computed_rank: number | null;
    }[] = await this.db.query(
      `select p.rank, p.name_zh, p.name_en, p.zone_id, p.matched_by, p.unmatched_reason,
         p.published_on, p.zones_assessed, p.source, r.national_rank as computed_rank
       from published_rank p
       left join zone_result r on r.round_id = p.round_id and r.zone_id = p.zone_id
         and r.scoring = $2
       where p.round_id = $1 order by p.position`,
      [roundId, round.publishedScoring ?? -1],
    );
    const first = rows[0];
    return {
      round,
      ...(first?.published_on ? { publishedOn: first.published_on } : {}),
      ...(first?.zones_assessed ? { zonesAssessed: first.zones_assessed } : {}),
      ...(first?.source ? { source: first.source } : {}),
      items: rows.map((row) => ({
        rank: row.rank,
        nameZh: row.name_zh,
        ...(row.name_en ? { nameEn: row.name_en } : {}),
        ...(row.zone_id ? { zoneId: row.zone_id } : {}),
        ...(row.matched_by ? { matchedBy: row.matched_by } : {}),
        ...(row.unmatched_reason ? { unmatchedReason: row.unmatched_reason } : {}),
        ...(row.computed_rank !== null ? { computedRank: row.computed_rank } : {}),
      })),
    };
  }

  /**
   * A zone's results in every round (its latest scoring, published or not), oldest first, with
   * the results of zones it absorbed before it (its lineage), the changes publication recorded
   * and its published rank where MofCOM's ranking named it.
   */
  async zoneHistory(zoneId: string): Promise<ZoneRoundResult[]> {
    const rows: {
      round_id: string;
      reference_on: CalendarDate;
      synthetic: boolean;
      published: boolean;
      zone_id: string;
      total: number;
      national_rank: number;
      regional_rank: number;
      dimensions: { key: string; score?: number }[];
      score_delta: number | null;
      rank_delta: number | null;
      exit_warning: boolean;
      published_rank: number | null;
    }[] = await this.db.query(
      `${absorbedZones('$1')}
       select s.round_id, s.reference_on, s.synthetic, s.published, r.zone_id, r.total,
         r.national_rank, r.regional_rank, r.dimensions,
         (select delta from zone_change c where c.round_id = r.round_id
            and c.zone_id = r.zone_id and c.kind = 'score') as score_delta,
         (select delta from zone_change c where c.round_id = r.round_id
            and c.zone_id = r.zone_id and c.kind = 'rank') as rank_delta,
         exists (select 1 from zone_change c where c.round_id = r.round_id
            and c.zone_id = r.zone_id and c.kind = 'exit_warning') as exit_warning,
         (select p.rank from published_rank p where p.round_id = r.round_id
            and p.zone_id = r.zone_id) as published_rank
       from absorbed l
       join zone_result r on r.zone_id = l.zone_id
       join round_summary s on s.round_id = r.round_id and s.scoring = r.scoring
       order by s.reference_date, s.round_id, l.depth, r.zone_id`,
      [zoneId],
    );
    return rows.map((row) => ({
      roundId: row.round_id,
      referenceDate: row.reference_on,
      synthetic: row.synthetic,
      published: row.published,
      zoneId: row.zone_id,
      total: row.total,
      nationalRank: row.national_rank,
      regionalRank: row.regional_rank,
      dimensions: row.dimensions,
      ...(row.score_delta !== null ? { scoreDelta: row.score_delta } : {}),
      ...(row.rank_delta !== null ? { rankDelta: row.rank_delta } : {}),
      exitWarning: row.exit_warning,
      ...(row.published_rank !== null ? { publishedRank: row.published_rank } : {}),
    }));
  }

  /** The methodology versions known, newest version of each first. */
  async methodologies(page: Page): Promise<PageOf<MethodologySummary>> {
    const { rows, total } = await readPage<MethodologyRow>(
      this.db,
      {
        select: 'methodology_id, version, name, weights_published, recorded_at',
        from: 'methodology_version',
        where: [],
        values: [],
        orderBy: 'methodology_id collate "C", version desc',
      },
      page,
    );
    return { items: rows.map(methodologySummary), total, ...page };
  }

  /** A methodology version (the latest when `version` is undefined), whole. */
  async methodology(methodologyId: string, version?: number): Promise<unknown> {
    const [row]: { methodology: unknown }[] = await this.db.query(
      `select methodology from methodology_version where methodology_id = $1
         and ($2::int is null or version = $2) order by version desc limit 1`,
      [methodologyId, version ?? null],
    );
    if (!row) throw new MethodologyNotKnownError(methodologyId, version);
    return row.methodology;
  }
}

/** A methodology version as lists show it. */
export interface MethodologySummary {
  readonly methodologyId: string;
  readonly version: number;
  readonly name: string;
  readonly weightsPublished: boolean;
  readonly recordedAt: string;
}

interface MethodologyRow {
  readonly methodology_id: string;
  readonly version: number;
  readonly name: string;
  readonly weights_published: boolean;
  readonly recorded_at: Date;
}

function methodologySummary(row: MethodologyRow): MethodologySummary {
  return {
    methodologyId: row.methodology_id,
    version: row.version,
    name: row.name,
    weightsPublished: row.weights_published,
    recordedAt: row.recorded_at.toISOString(),
  };
}

function roundView(row: RoundRow): RoundView {
  return {
    roundId: row.round_id,
    methodologyId: row.methodology_id,
    methodologyVersion: row.methodology_version,
    referenceDate: row.reference_on,
    synthetic: row.synthetic,
    populationSize: row.population_size,
    scoring: row.scoring,
    zonesScored: row.zones_scored,
    unscored: row.unscored,
    published: row.published,
    ...(row.published_scoring !== null ? { publishedScoring: row.published_scoring } : {}),
  };
}

function rankingEntry(row: ResultRow): RankingEntry {
  return {
    zoneId: row.zone_id,
    ...(row.name_zh ? { nameZh: row.name_zh } : {}),
    ...(row.name_en ? { nameEn: row.name_en } : {}),
    region: row.region,
    total: row.total,
    nationalRank: row.national_rank,
    regionalRank: row.regional_rank,
    dimensions: row.dimensions,
    imputed: row.imputed,
    excluded: row.excluded,
  };
}
