import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommandBus, type ICommand } from '@nestjs/cqrs';
import { Metrics } from './metrics';

/**
 * Counts and times every command the service's CommandBus executes, by command class and
 * outcome, so no handler has to remember to. A service without a CommandBus is left alone.
 */
@Injectable()
export class CommandMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    let bus: CommandBus;
    try {
      bus = this.moduleRef.get(CommandBus, { strict: false });
    } catch {
      return;
    }
    const execute = bus.execute.bind(bus) as (command: ICommand) => Promise<unknown>;
    bus.execute = ((command: ICommand) =>
      this.metrics.measureCommand(command.constructor.name, () =>
        execute(command),
      )) as CommandBus['execute'];
  }
}
