import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@zoneledger/platform';
import type { MethodologyInput } from '../domain';
import { MethodologyStreams, type AssessmentCommandResult } from './assessment-streams';

/** Create the next version of a methodology (version 1 starts it). */
export class CreateMethodologyVersionCommand extends Command<AssessmentCommandResult> {
  constructor(
    readonly methodology: MethodologyInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Validates the methodology and records it as a version of its stream. */
@CommandHandler(CreateMethodologyVersionCommand)
export class CreateMethodologyVersionHandler
  implements ICommandHandler<CreateMethodologyVersionCommand>
{
  constructor(private readonly streams: MethodologyStreams) {}

  async execute({
    methodology,
    context,
  }: CreateMethodologyVersionCommand): Promise<AssessmentCommandResult> {
    const id = methodology.methodologyId;
    const outcome = await this.streams.decide(
      id,
      () => ({ type: 'CreateMethodologyVersion', data: { methodology } }),
      context,
    );
    return { id, ...outcome };
  }
}
