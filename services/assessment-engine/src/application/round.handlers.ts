import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@zoneledger/platform';
import {
  firstDayOf,
  type CalendarDate,
  type ZoneKind,
  type ZoneLevel,
} from '@zoneledger/shared-kernel';
import {
  methodologyVersion,
  type PublishedRow,
  type RoundCommand,
  type SubmittedValue,
} from '../domain';
import {
  MethodologyStreams,
  RoundStreams,
  type AssessmentCommandResult,
} from './assessment-streams';
import { RoundHistory } from './round-history';
import { ZonePopulation } from './zone-population';

/** What a caller gives to open a round. */
export interface RoundOpening {
  readonly roundId: string;
  readonly methodologyId: string;
  readonly methodologyVersion: number;
  readonly referenceDate: CalendarDate;
  readonly synthetic: boolean;
  /** The kinds and levels of zone assessed (default: national ETDZs). */
  readonly zoneKinds?: readonly ZoneKind[];
  readonly zoneLevels?: readonly ZoneLevel[];
}

/** One zone's values, as a caller submits them (the submitter is the caller). */
export interface ZoneSubmission {
  readonly zoneId: string;
  readonly values: readonly Omit<SubmittedValue, 'submitter'>[];
}

/** A correction of one value, as a caller gives it. */
export interface ValueCorrection {
  readonly zoneId: string;
  readonly indicatorKey: string;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly reason: string;
}

/** MofCOM's published ranking of a round, as a caller gives it. */
export interface PublishedRanking {
  readonly publishedOn?: CalendarDate;
  readonly zonesAssessed?: number;
  readonly source?: string;
  readonly rows: readonly PublishedRow[];
}

/** A command on one round. */
abstract class RoundChange<Payload> extends Command<AssessmentCommandResult> {
  constructor(
    readonly roundId: string,
    readonly payload: Payload,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class OpenRoundCommand extends RoundChange<RoundOpening> {}
export class SubmitIndicatorsCommand extends RoundChange<readonly ZoneSubmission[]> {}
export class CorrectIndicatorCommand extends RoundChange<ValueCorrection> {}
export class ScoreRoundCommand extends RoundChange<Record<string, never>> {}
export class PublishRoundCommand extends RoundChange<Record<string, never>> {}
export class ImportPublishedRankingCommand extends RoundChange<PublishedRanking> {}

async function decided(
  streams: RoundStreams,
  { roundId, context }: RoundChange<unknown>,
  commands: (
    state: Parameters<Parameters<RoundStreams['decideAll']>[1]>[0],
  ) => readonly RoundCommand[] | Promise<readonly RoundCommand[]>,
): Promise<AssessmentCommandResult> {
  return { id: roundId, ...(await streams.decideAll(roundId, commands, context)) };
}

/**
 * Opens a round with the methodology version it names (read from its stream) and its population:
 * the zones of the assessed kinds and levels in the register on the reference date.
 */
@CommandHandler(OpenRoundCommand)
export class OpenRoundHandler implements ICommandHandler<OpenRoundCommand> {
  constructor(
    private readonly rounds: RoundStreams,
    private readonly methodologies: MethodologyStreams,
    private readonly zones: ZonePopulation,
  ) {}

  async execute(command: OpenRoundCommand): Promise<AssessmentCommandResult> {
    const opening = command.payload;
    const [{ state }, population] = await Promise.all([
      this.methodologies.read(opening.methodologyId),
      this.zones.on(
        firstDayOf(opening.referenceDate),
        opening.zoneKinds ?? ['ZONE_KIND_ETDZ'],
        opening.zoneLevels ?? ['ZONE_LEVEL_NATIONAL'],
      ),
    ]);
    const methodology = methodologyVersion(state, opening.methodologyVersion);
    return decided(this.rounds, command, () => [
      {
        type: 'OpenRound',
        data: {
          roundId: command.roundId,
          methodologyId: opening.methodologyId,
          methodologyVersion: opening.methodologyVersion,
          ...(methodology ? { methodology } : {}),
          referenceDate: opening.referenceDate,
          synthetic: opening.synthetic,
          population,
        },
      },
    ]);
  }
}

/** Records zones' values: every zone's submission decided in turn, all in one append. */
@CommandHandler(SubmitIndicatorsCommand)
export class SubmitIndicatorsHandler implements ICommandHandler<SubmitIndicatorsCommand> {
  constructor(private readonly rounds: RoundStreams) {}

  execute(command: SubmitIndicatorsCommand): Promise<AssessmentCommandResult> {
    const submitter = command.context.actor;
    return decided(this.rounds, command, () =>
      command.payload.map((submission) => ({
        type: 'SubmitIndicators',
        data: {
          roundId: command.roundId,
          zoneId: submission.zoneId,
          values: submission.values.map((value) => ({ ...value, submitter })),
        },
      })),
    );
  }
}

/** Records a new version of a submitted value. */
@CommandHandler(CorrectIndicatorCommand)
export class CorrectIndicatorHandler implements ICommandHandler<CorrectIndicatorCommand> {
  constructor(private readonly rounds: RoundStreams) {}

  execute(command: CorrectIndicatorCommand): Promise<AssessmentCommandResult> {
    return decided(this.rounds, command, () => [
      {
        type: 'CorrectIndicator',
        data: { roundId: command.roundId, ...command.payload, submitter: command.context.actor },
      },
    ]);
  }
}

/** Scores the round's values as they stand. */
@CommandHandler(ScoreRoundCommand)
export class ScoreRoundHandler implements ICommandHandler<ScoreRoundCommand> {
  constructor(private readonly rounds: RoundStreams) {}

  execute(command: ScoreRoundCommand): Promise<AssessmentCommandResult> {
    return decided(this.rounds, command, () => [
      { type: 'ScoreRound', data: { roundId: command.roundId } },
    ]);
  }
}

/**
 * Publishes the round's last scoring, against the rounds published before it (by reference
 * date): each zone's previous result through its lineage, and the bottom-5 sets the exit rule
 * reads.
 */
@CommandHandler(PublishRoundCommand)
export class PublishRoundHandler implements ICommandHandler<PublishRoundCommand> {
  constructor(
    private readonly rounds: RoundStreams,
    private readonly history: RoundHistory,
  ) {}

  async execute(command: PublishRoundCommand): Promise<AssessmentCommandResult> {
    // The rounds published before are read from the read model: first let it catch up.
    await this.history.publicationsReadable(command.roundId);
    return decided(this.rounds, command, async (state) => {
      const referenceDate = state.opened ? firstDayOf(state.referenceDate) : '0001-01-01';
      const previous = await this.history.previous(command.roundId, referenceDate);
      return [
        {
          type: 'PublishRound',
          data: {
            roundId: command.roundId,
            previousResults: previous.results,
            previousBottoms: previous.bottoms,
          },
        },
      ];
    });
  }
}

/** Imports MofCOM's published ranking, its rows matched by name against the zones known now. */
@CommandHandler(ImportPublishedRankingCommand)
export class ImportPublishedRankingHandler
  implements ICommandHandler<ImportPublishedRankingCommand>
{
  constructor(
    private readonly rounds: RoundStreams,
    private readonly zones: ZonePopulation,
  ) {}

  async execute(command: ImportPublishedRankingCommand): Promise<AssessmentCommandResult> {
    const directory = await this.zones.directory();
    return decided(this.rounds, command, () => [
      {
        type: 'ImportPublishedRanking',
        data: { roundId: command.roundId, ...command.payload, directory },
      },
    ]);
  }
}

/** The engine's command handlers, for the module's providers. */
export const AssessmentCommandHandlers = [
  OpenRoundHandler,
  SubmitIndicatorsHandler,
  CorrectIndicatorHandler,
  ScoreRoundHandler,
  PublishRoundHandler,
  ImportPublishedRankingHandler,
];
