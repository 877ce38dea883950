import { Injectable } from '@nestjs/common';
import { firstDayOf } from '@zoneledger/shared-kernel';
import { scoreChange, type ScoreChange } from '../domain';
import { ZoneNotScoredError } from '../queries/round-read.errors';
import { RoundStreams } from './assessment-streams';
import { RoundHistory } from './round-history';

/** A zone's change between two rounds, explained, and which rounds were compared. */
export type ExplainedScoreChange = ScoreChange & { readonly synthetic: boolean };

/**
 * What moved a zone's score between a round and an earlier one (by default the published round
 * just before it): the methodology, the population, other zones' data and its own, each scored
 * both ways by the domain's scoreChange, on the two rounds' streams. A zone that absorbed others
 * since continues its own result, else the best-ranked absorbed zone's.
 */
@Injectable()
export class ScoreChanges {
  constructor(
    private readonly rounds: RoundStreams,
    private readonly history: RoundHistory,
  ) {}

  async explain(
    zoneId: string,
    roundId: string,
    againstRoundId?: string,
  ): Promise<ExplainedScoreChange> {
    const current = await this.rounds.opened(roundId);
    const day = firstDayOf(current.referenceDate);
    const previousId = againstRoundId ?? (await this.history.previousRound(roundId, day));
    if (previousId === undefined) throw new ZoneNotScoredError(`before ${roundId}`, zoneId);
    const previous = await this.rounds.opened(previousId);
    const previousZoneId = (await this.history.predecessorIn(previousId, zoneId, day)) ?? zoneId;
    return {
      ...scoreChange(previous, current, zoneId, { previousZoneId }),
      synthetic: current.synthetic || previous.synthetic,
    };
  }
}
