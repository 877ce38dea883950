import { Inject, Injectable } from '@nestjs/common';
import type { MultiStreamAppendResult, PostgresEventStore } from '@zoneledger/event-store';
import {
  DeciderStreams,
  EVENT_STORE,
  type DecidedStream,
  type StreamAppend,
} from '@zoneledger/platform';
import type { ZoneCommand } from '../domain/zone.commands';
import { decide } from '../domain/zone.decider';
import type { ZoneEvent } from '../domain/zone.events';
import { movesNames, nameClaimChanges } from '../domain/zone-name-claims';
import { evolve, initialState, type ZoneState } from '../domain/zone.state';
import { ZONE_STREAM_TYPE, type CommandContext, type ZoneCommandResult } from './zone-command';
import { ZoneNames } from './zone-names';

/** A zone's stream read from the event store, and the state its events fold to. */
export type ZoneStream = DecidedStream<ZoneEvent, ZoneState>;

/** Events to append to one zone's stream, decided on its state at the version read. */
export interface ZoneAppend {
  readonly zoneId: string;
  readonly read: Pick<ZoneStream, 'state' | 'version'>;
  readonly events: readonly ZoneEvent[];
}

/**
 * The write path every zone command takes (the platform's DeciderStreams: read, fold, decide,
 * append at the version read). Events that take or free names move the zones' name claims in the
 * append's own transaction (see ZoneNames), so names stay unique however commands interleave;
 * events that only take names (a registration) have the append statement insert the claims.
 */
@Injectable()
export class ZoneStreams {
  private readonly streams: DeciderStreams<ZoneCommand, ZoneEvent, ZoneState>;

  constructor(@Inject(EVENT_STORE) store: PostgresEventStore, names: ZoneNames) {
    this.streams = new DeciderStreams(store, {
      streamType: ZONE_STREAM_TYPE,
      initialState,
      evolve,
      decide,
      writesAlongside: (appends) => {
        const changes = appends.map(claimChanges).filter(movesNames);
        if (changes.length === 0) return undefined;
        return (transaction) => names.move(transaction, changes);
      },
      rowsAlongside: (appends) => names.claimRows(appends.map(claimChanges)),
    });
  }

  /** The zone's stream as of `asOf` (now when undefined). */
  read(zoneId: string, asOf?: Date): Promise<ZoneStream> {
    return this.streams.read(zoneId, asOf);
  }

  /** Decides `command` (built from the zone's current state) and records its events. */
  async decide(
    zoneId: string,
    command: (state: ZoneState) => ZoneCommand | Promise<ZoneCommand>,
    context: CommandContext,
  ): Promise<ZoneCommandResult> {
    return { zoneId, ...(await this.streams.decide(zoneId, command, context)) };
  }

  /**
   * Decides `command` for a zone not yet in the register without reading its stream first (the
   * platform's `decideNew`): a zone that exists after all is decided as `decide` would.
   */
  async decideNew(
    zoneId: string,
    command: (state: ZoneState) => ZoneCommand | Promise<ZoneCommand>,
    context: CommandContext,
  ): Promise<ZoneCommandResult> {
    return { zoneId, ...(await this.streams.decideNew(zoneId, command, context)) };
  }

  /** Appends to several zones' streams (a merger): all or nothing, each at the version read. */
  appendToZones(
    appends: readonly ZoneAppend[],
    context: CommandContext,
  ): Promise<MultiStreamAppendResult<ZoneEvent>> {
    return this.streams.appendToStreams(
      appends.map(({ zoneId, read, events }) => ({ id: zoneId, read, events })),
      context,
    );
  }
}

function claimChanges({ read, events }: StreamAppend<ZoneEvent, ZoneState>) {
  return nameClaimChanges(read.state, events);
}
