import { Inject, Injectable } from '@nestjs/common';
import type {
  AppendResult,
  MultiStreamAppendResult,
  PostgresEventStore,
  Queryable,
  RecordedEvent,
} from '@zoneledger/event-store';
import {
  ConcurrencyConflictError,
  EVENT_STORE,
  eventsRecordedUnderKey,
  idempotencyMetadata,
} from '@zoneledger/platform';
import type { ZoneCommand } from '../domain/zone.commands';
import { decide } from '../domain/zone.decider';
import type { ZoneEvent } from '../domain/zone.events';
import { movesNames, nameClaimChanges, type NameClaimChanges } from '../domain/zone-name-claims';
import { evolve, initialState, type ZoneState } from '../domain/zone.state';
import {
  zoneStreamId,
  ZONE_STREAM_TYPE,
  type CommandContext,
  type ZoneCommandResult,
} from './zone-command';
import { ZoneNames } from './zone-names';

/** A zone's stream read from the event store, and the state its events fold to. */
export interface ZoneStream {
  readonly state: ZoneState;
  /** The stream's version at the read (0: no events). */
  readonly version: number;
  readonly events: readonly RecordedEvent<ZoneEvent>[];
}

/** Events to append to one zone's stream, decided on its state at the version read. */
export interface ZoneAppend {
  readonly zoneId: string;
  readonly read: Pick<ZoneStream, 'state' | 'version'>;
  readonly events: readonly ZoneEvent[];
}

/**
 * The write path every zone command takes: read the zone's stream, fold it with `evolve`,
 * `decide`, append at the version read. A concurrent append in between makes the append fail
 * (409), never a lost update. Events that take or free names move the zones' name claims in the
 * append's own transaction (see ZoneNames), so names stay unique however commands interleave.
 */
@Injectable()
export class ZoneStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    private readonly names: ZoneNames,
  ) {}

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
    const earlier = answeredBy(events, context);
    if (earlier) return { zoneId, ...earlier, replayed: true };
    if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
      throw new ConcurrencyConflictError(
        `zone ${zoneId} is at version ${version}, not ${context.expectedVersion}: read it again`,
        version,
      );
    }
    const decided = decide(await command(state), state);
    if (decided.length === 0) return { zoneId, version, recorded: [], replayed: false };
    const result = await this.append(
      { zoneId, read: { state, version }, events: decided },
      context,
    );
    return {
      zoneId,
      version: result.nextExpectedVersion,
      recorded: result.events.map((event) => event.type),
      replayed: result.replayed,
    };
  }

  /** Appends to several zones' streams (a merger): all or nothing, each at the version read. */
  appendToZones(
    appends: readonly ZoneAppend[],
    context: CommandContext,
  ): Promise<MultiStreamAppendResult<ZoneEvent>> {
    const streams = appends.map(({ zoneId, read, events }) => ({
      streamId: zoneStreamId(zoneId),
      streamType: ZONE_STREAM_TYPE,
      expectedVersion: read.version,
      events,
    }));
    const options = {
      idempotencyKey: context.idempotencyKey,
      idempotencyFingerprint: context.idempotencyFingerprint,
      metadata: commandMetadata(context),
    };
    const changes = appends.map(claimChanges).filter(movesNames);
    if (changes.length === 0) return this.store.appendToStreams(streams, options);
    return this.withNames(changes, (transaction) =>
      this.store.appendToStreams(streams, { ...options, transaction }),
    );
  }

  private append(
    { zoneId, read, events }: ZoneAppend,
    context: CommandContext,
  ): Promise<AppendResult<ZoneEvent>> {
    const record = (transaction?: Queryable) =>
      this.store.append(zoneStreamId(zoneId), read.version, events, {
        streamType: ZONE_STREAM_TYPE,
        idempotencyKey: context.idempotencyKey,
        idempotencyFingerprint: context.idempotencyFingerprint,
        metadata: commandMetadata(context),
        transaction,
      });
    const changes = claimChanges({ zoneId, read, events });
    return movesNames(changes) ? this.withNames([changes], record) : record();
  }

  // The append comes first (the event store wants it to be the transaction's first write), the
  // claims after it. An append the idempotency key answered recorded nothing now: its names
  // moved when it was first recorded.
  private withNames<Result extends { readonly replayed: boolean }>(
    changes: readonly NameClaimChanges[],
    append: (transaction: Queryable) => Promise<Result>,
  ): Promise<Result> {
    return this.store.transaction(async (transaction) => {
      const result = await append(transaction);
      if (!result.replayed) await this.names.move(transaction, changes);
      return result;
    });
  }
}

function claimChanges({ read, events }: ZoneAppend): NameClaimChanges {
  return nameClaimChanges(read.state, events);
}

/** The events' metadata: who, in which request, under which key (so a later retry finds them). */
export function commandMetadata(context: CommandContext): Record<string, string> {
  return {
    actor: context.actor,
    correlationId: context.correlationId,
    ...idempotencyMetadata(context),
  };
}

// A retry arrives after the first command changed the state, so deciding again would refuse it
// (a second registration is a conflict): the events the key recorded answer it instead. The
// store's own key check still covers a retry racing the first command. The same key with another
// request is refused (422), not answered.
function answeredBy(
  events: readonly RecordedEvent<ZoneEvent>[],
  context: CommandContext,
): Pick<ZoneCommandResult, 'version' | 'recorded'> | undefined {
  const recorded = eventsRecordedUnderKey(events, context);
  const last = recorded.at(-1);
  if (!last) return undefined;
  return { version: last.streamVersion, recorded: recorded.map((event) => event.type) };
}
