import { Inject, Injectable } from '@nestjs/common';
import type { PostgresEventStore, RecordedEvent } from '@zoneledger/event-store';
import { ConcurrencyConflictError, EVENT_STORE } from '@zoneledger/platform';
import type { ZoneCommand } from '../domain/zone.commands';
import { decide } from '../domain/zone.decider';
import type { ZoneEvent } from '../domain/zone.events';
import { evolve, initialState, type ZoneState } from '../domain/zone.state';
import {
  zoneStreamId,
  ZONE_STREAM_TYPE,
  type CommandContext,
  type ZoneCommandResult,
} from './zone-command';

/** A zone's stream read from the event store, and the state its events fold to. */
export interface ZoneStream {
  readonly state: ZoneState;
  /** The stream's version at the read (0: no events). */
  readonly version: number;
  readonly events: readonly RecordedEvent<ZoneEvent>[];
}

/**
 * The write path every single-zone command takes: read the zone's stream, fold it with `evolve`,
 * `decide`, append at the version read. A concurrent append in between makes the append fail
 * (409), never a lost update.
 */
@Injectable()
export class ZoneStreams {
  constructor(@Inject(EVENT_STORE) private readonly store: PostgresEventStore) {}

  /** The zone's stream as of `asOf` (now when undefined). */
  async read(zoneId: string, asOf?: Date): Promise<ZoneStream> {
    const { version, events } = await this.store.readStream<ZoneEvent>(
      zoneStreamId(zoneId),
      asOf ? { untilTime: asOf } : {},
    );
    return { state: events.reduce(evolve, initialState()), version, events };
  }

  /** Decides `command` (built from the zone's current state) and records its events. */
  async decide(
    zoneId: string,
    command: (state: ZoneState) => ZoneCommand | Promise<ZoneCommand>,
    context: CommandContext,
  ): Promise<ZoneCommandResult> {
    const { state, version, events } = await this.read(zoneId);
    const earlier = context.idempotencyKey && answeredBy(events, context.idempotencyKey);
    if (earlier) return { zoneId, ...earlier, replayed: true };
    if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
      throw new ConcurrencyConflictError(
        `zone ${zoneId} is at version ${version}, not ${context.expectedVersion}: read it again`,
        version,
      );
    }
    const decided = decide(await command(state), state);
    if (decided.length === 0) return { zoneId, version, recorded: [], replayed: false };
    const result = await this.store.append(zoneStreamId(zoneId), version, decided, {
      streamType: ZONE_STREAM_TYPE,
      idempotencyKey: context.idempotencyKey,
      metadata: commandMetadata(context),
    });
    return {
      zoneId,
      version: result.nextExpectedVersion,
      recorded: result.events.map((event) => event.type),
      replayed: result.replayed,
    };
  }
}

/** The events' metadata: who, in which request, under which key (so a later retry finds them). */
export function commandMetadata(context: CommandContext): Record<string, string> {
  return {
    actor: context.actor,
    correlationId: context.correlationId,
    ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
  };
}

// A retry arrives after the first command changed the state, so deciding again would refuse it
// (a second registration is a conflict): the events the key recorded answer it instead. The
// store's own key check still covers a retry racing the first command.
function answeredBy(
  events: readonly RecordedEvent<ZoneEvent>[],
  idempotencyKey: string,
): Pick<ZoneCommandResult, 'version' | 'recorded'> | undefined {
  const recorded = events.filter((event) => event.metadata.idempotencyKey === idempotencyKey);
  const last = recorded.at(-1);
  if (!last) return undefined;
  return { version: last.streamVersion, recorded: recorded.map((event) => event.type) };
}
