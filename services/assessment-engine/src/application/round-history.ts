import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProblemError } from '@zoneledger/platform';
import { absorbedZones, MAX_MERGER_DEPTH } from '@zoneledger/zone-timeline';
import { setTimeout as delay } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { EXIT_WARNING_BOTTOM, type PreviousBottom, type PreviousResult } from '../domain';

/** How many earlier rounds the exit rule looks at ("twice within three rounds"). */
const EARLIER_ROUNDS_FOR_EXIT_RULE = 2;

/**
 * How long a publication waits for the read model to hold the publications recorded before it
 * (it is moments behind the event store), and how often it looks.
 */
const PUBLICATIONS_PROJECTED_WITHIN_MS = 10_000;
const PUBLICATIONS_PROJECTED_POLL_MS = 50;

/**
 * Rounds published in the event store are not in the round results read model yet, after the
 * wait: publishing now would compare with too few rounds, so the caller retries (503).
 */
export class EarlierPublicationsPendingError extends ProblemError {
  readonly code = 'ASSESSMENT.EARLIER_PUBLICATIONS_PENDING';
  readonly status = 503;
  override readonly title = 'Earlier publications not readable yet';

  constructor(readonly roundIds: readonly string[]) {
    super(
      `The publications of ${roundIds.join(', ')} are recorded but not yet readable to compare with; retry the publication (with the same Idempotency-Key)`,
    );
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { roundIds: [...this.roundIds] };
  }
}

interface EarlierResult {
  readonly round_id: string;
  readonly zone_id: string;
  readonly heir: string;
  readonly total: number;
  readonly national_rank: number;
}

/**
 * What publishing a round needs of the rounds published before it (by reference date), from the
 * round results read model: each zone's previous result, followed through mergers to the zone
 * that holds its lineage now, and the regional bottom-5 sets of the two previous rounds.
 */
@Injectable()
export class RoundHistory {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Waits until the round results read model, fed from the assessments topic, holds every round
   * the event store has a RoundPublished of (other than `roundId`): a round published moments
   * after another is then compared with it, not with the one before. Throws
   * EarlierPublicationsPendingError when it does not within the wait (the read model is stalled).
   */
  async publicationsReadable(roundId: string): Promise<void> {
    const deadline = Date.now() + PUBLICATIONS_PROJECTED_WITHIN_MS;
    for (;;) {
      const pending = await this.unreadablePublications(roundId);
      if (pending.length === 0) return;
      if (Date.now() >= deadline) throw new EarlierPublicationsPendingError(pending);
      await delay(PUBLICATIONS_PROJECTED_POLL_MS);
    }
  }

  /** Rounds published in the event store (one row per stream in `streams`) but not in the read model. */
  private async unreadablePublications(roundId: string): Promise<string[]> {
    const rows: { stream_id: string }[] = await this.db.query(
      `select s.stream_id from streams s
       where s.stream_type = 'round' and s.stream_id <> $1
         and exists (select 1 from events e
                     where e.stream_id = s.stream_id and e.event_type = 'RoundPublished')
         and not exists (select 1 from round_summary r
                         where 'round-' || r.round_id = s.stream_id and r.published)
       order by s.stream_id`,
      [`round-${roundId}`],
    );
    return rows.map((row) => row.stream_id.slice('round-'.length));
  }

  /** The published round just before `referenceDate`, if any. */
  async previousRound(roundId: string, referenceDate: string): Promise<string | undefined> {
    return (await this.earlierRounds(roundId, referenceDate))[0];
  }

  /**
   * The zone whose result in `roundId` (published) `zoneId` continues: itself when it has one,
   * else the best-ranked zone it absorbed (directly or through others) by `day`.
   */
  async predecessorIn(roundId: string, zoneId: string, day: string): Promise<string | undefined> {
    const [row]: { zone_id: string }[] = await this.db.query(
      `${absorbedZones('$2', { day: '$3' })}
       select r.zone_id from absorbed a
       join zone_result r on r.zone_id = a.zone_id and r.round_id = $1
       join round_summary s on s.round_id = r.round_id and s.published_scoring = r.scoring
       order by (a.depth = 0) desc, r.national_rank limit 1`,
      [roundId, zoneId, day],
    );
    return row?.zone_id;
  }

  /** The published rounds before `referenceDate`, newest first. */
  private async earlierRounds(roundId: string, referenceDate: string): Promise<string[]> {
    const rows: { round_id: string }[] = await this.db.query(
      `select round_id from round_summary
       where published and round_id <> $1 and reference_date < $2
       order by reference_date desc, round_id desc limit ${EARLIER_ROUNDS_FOR_EXIT_RULE}`,
      [roundId, referenceDate],
    );
    return rows.map((row) => row.round_id);
  }

  async previous(
    roundId: string,
    referenceDate: string,
  ): Promise<{ results: PreviousResult[]; bottoms: PreviousBottom[] }> {
    const earlier = await this.earlierRounds(roundId, referenceDate);
    if (earlier.length === 0) return { results: [], bottoms: [] };
    return {
      results: await this.resultsOf(earlier[0], referenceDate),
      bottoms: await Promise.all(earlier.map((id) => this.bottomOf(id))),
    };
  }

  /**
   * The round's published results keyed by the zone holding each one's lineage on `day`: a zone
   * merged since hands its result to its survivor, unless the survivor has a result of its own
   * (then the survivor's counts) or another absorbed zone ranked better.
   */
  private async resultsOf(roundId: string, day: string): Promise<PreviousResult[]> {
    const rows: EarlierResult[] = await this.db.query(
      `with recursive lineage (zone_id, heir, depth) as (
         select r.zone_id, r.zone_id, 0 from zone_result r
         join round_summary s on s.round_id = r.round_id and s.published_scoring = r.scoring
         where r.round_id = $1
         union all
         select l.zone_id, m.surviving_zone_id, l.depth + 1 from lineage l
         join zone_merger m on m.absorbed_zone_id = l.heir and m.merged_from <= $2
         where l.depth < ${MAX_MERGER_DEPTH})
       select distinct on (heir) r.round_id, r.zone_id, l.heir, r.total, r.national_rank
       from (select distinct on (zone_id) zone_id, heir from lineage
             order by zone_id, depth desc) l
       join zone_result r on r.round_id = $1 and r.zone_id = l.zone_id
       join round_summary s on s.round_id = r.round_id and s.published_scoring = r.scoring
       order by heir, (r.zone_id = l.heir) desc, r.national_rank`,
      [roundId, day],
    );
    return rows.map((row) => ({
      zoneId: row.heir,
      roundId: row.round_id,
      total: row.total,
      nationalRank: row.national_rank,
    }));
  }

  /** The zones in their region's bottom 5 in the round's published results. */
  private async bottomOf(roundId: string): Promise<PreviousBottom> {
    const rows: { zone_id: string }[] = await this.db.query(
      `select r.zone_id from zone_result r
       join round_summary s on s.round_id = r.round_id and s.published_scoring = r.scoring
       where r.round_id = $1 and r.regional_rank > (
         select count(*) from zone_result o
         where o.round_id = r.round_id and o.scoring = r.scoring and o.region = r.region) - $2
       order by r.zone_id`,
      [roundId, EXIT_WARNING_BOTTOM],
    );
    return { roundId, zoneIds: rows.map((row) => row.zone_id) };
  }
}
