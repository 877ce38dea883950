import {
  IdempotencyKeyReusedError as StoreKeyReusedError,
  RowsAlongsideConflictError,
  WrongExpectedVersionError,
  type AppendResult,
  type DomainEvent,
  type MultiStreamAppendResult,
  type PostgresEventStore,
  type Queryable,
  type RecordedEvent,
  type RowsAlongside,
} from '@zoneledger/event-store';
import type { CommandContext } from '../concurrency/command-context';
import { eventsRecordedUnderKey, idempotencyMetadata } from '../concurrency/idempotent-replay';
import { ConcurrencyConflictError } from '../problems/problem-error';

// The version of a stream with no events: the version read of a stream not read.
const NO_STREAM_VERSION = 0;

/** A service's pure decider for one kind of stream: the state its events fold to, and decide. */
export interface StreamDecider<Command, Event extends DomainEvent, State> {
  /** The category of its streams (the contracts' aggregate), e.g. `zone`: stream ids `zone-<id>`. */
  readonly streamType: string;
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  /**
   * The state after `events` from `from` (the initial state when undefined), equal to
   * `events.reduce(evolve, from)` and leaving `from` untouched: for a stream whose `evolve` copies
   * what grows with it, a fold that builds its state in place. Left out: the reduce with `evolve`.
   */
  readonly fold?: (events: readonly Event[], from?: State) => State;
  readonly decide: (command: Command, state: State) => Event[];
  /**
   * Writes that must commit with the events (e.g. name claims), given the appends; undefined when
   * these appends need none (the append then takes no transaction of its own). They run after
   * the append in its transaction, and not at all when the Idempotency-Key answered the append.
   */
  readonly writesAlongside?: (
    appends: readonly StreamAppend<Event, State>[],
  ) => ((transaction: Queryable) => Promise<void>) | undefined;
  /**
   * The same writes, when all they do is insert new rows (a new zone's name claims): the append
   * statement inserts them itself, so an append without an Idempotency-Key is one round trip.
   * When one clashes with a row already there (a taken name), the append is made again with
   * `writesAlongside` in a transaction, which refuses it as the domain words it. Undefined when
   * these appends need more than new rows.
   */
  readonly rowsAlongside?: (
    appends: readonly StreamAppend<Event, State>[],
  ) => RowsAlongside | undefined;
}

/** A stream read from the event store, and the state its events fold to. */
export interface DecidedStream<Event extends DomainEvent, State> {
  readonly state: State;
  /** The stream's version at the read (0: no events). */
  readonly version: number;
  readonly events: readonly RecordedEvent<Event>[];
}

/** Events to append to one aggregate's stream, decided on its state at the version read. */
export interface StreamAppend<Event extends DomainEvent, State> {
  readonly id: string;
  readonly read: Pick<DecidedStream<Event, State>, 'state' | 'version'>;
  readonly events: readonly Event[];
}

/** What a command on one stream did. */
export interface StreamCommandOutcome {
  /** The stream's version after the command: the ETag for the next If-Match. */
  readonly version: number;
  /** The types of the events recorded (none when the command asked for what already was). */
  readonly recorded: readonly string[];
  /** True when an earlier command with the same Idempotency-Key answered. */
  readonly replayed: boolean;
}

/**
 * The write path of every command on an event-sourced aggregate: read its stream, fold it (the
 * decider's `fold`, or `evolve` event by event), answer a retry from the events its Idempotency-Key recorded, check If-Match, `decide`,
 * append at the version read with the command's metadata. A concurrent append in between makes
 * the append fail (409), never a lost update.
 */
export class DeciderStreams<Command, Event extends DomainEvent, State> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly decider: StreamDecider<Command, Event, State>,
  ) {}

  /** The stream id of an aggregate: `<stream type>-<id>`. */
  streamId(id: string): string {
    return `${this.decider.streamType}-${id}`;
  }

  /** The aggregate's stream as of `asOf` (now when undefined). */
  async read(id: string, asOf?: Date): Promise<DecidedStream<Event, State>> {
    const { version, events } = await this.store.readStream<Event>(
      this.streamId(id),
      asOf ? { untilTime: asOf } : {},
    );
    return { state: this.fold(events), version, events };
  }

  /** The state after `events` from `from` (the initial state when undefined). */
  private fold(events: readonly Event[], from?: State): State {
    if (this.decider.fold) return this.decider.fold(events, from);
    return events.reduce(this.decider.evolve, from ?? this.decider.initialState());
  }

  /** Decides `command` (built from the aggregate's current state) and records its events. */
  decide(
    id: string,
    command: (state: State) => Command | Promise<Command>,
    context: CommandContext,
  ): Promise<StreamCommandOutcome> {
    return this.decideAll(id, async (state) => [await command(state)], context);
  }

  /**
   * Decides a command that starts a stream (a registration, an issuance) without reading the
   * stream first: on the initial state, appended expecting no stream, one round trip fewer than
   * `decide`. When the stream turns out to exist (a retry, a second registration of the id) or
   * the command is refused on the initial state, `decide` answers instead, reading the stream:
   * the answer is always the one `decide` gives, a replay from the events of the same
   * Idempotency-Key included.
   */
  async decideNew(
    id: string,
    command: (state: State) => Command | Promise<Command>,
    context: CommandContext,
  ): Promise<StreamCommandOutcome> {
    const state = this.decider.initialState();
    let events: Event[];
    try {
      events = this.decider.decide(await command(state), state);
    } catch {
      return this.decide(id, command, context);
    }
    if (events.length === 0) return this.decide(id, command, context);
    try {
      return outcomeOf(
        await this.append({ id, read: { state, version: NO_STREAM_VERSION }, events }, context),
      );
    } catch (error) {
      // The stream exists, or the key answered another request: decide tells which, as always.
      if (error instanceof WrongExpectedVersionError || error instanceof StoreKeyReusedError)
        return this.decide(id, command, context);
      throw error;
    }
  }

  /**
   * Decides several commands on the aggregate in turn, each on the state the ones before it
   * left, and records all their events in one append (a bulk submission is one command to its
   * caller: all of it or none, one Idempotency-Key).
   */
  async decideAll(
    id: string,
    commands: (state: State) => readonly Command[] | Promise<readonly Command[]>,
    context: CommandContext,
  ): Promise<StreamCommandOutcome> {
    const { state, version, events } = await this.read(id);
    const earlier = answeredBy(events, context);
    if (earlier) return { ...earlier, replayed: true };
    if (context.expectedVersion !== undefined && context.expectedVersion !== version) {
      throw new ConcurrencyConflictError(
        `${this.decider.streamType} ${id} is at version ${version}, not ${context.expectedVersion}: read it again`,
        version,
      );
    }
    let decidedOn = state;
    const decided: Event[] = [];
    for (const command of await commands(state)) {
      const next = this.decider.decide(command, decidedOn);
      decidedOn = this.fold(next, decidedOn);
      decided.push(...next);
    }
    if (decided.length === 0) return { version, recorded: [], replayed: false };
    return outcomeOf(await this.append({ id, read: { state, version }, events: decided }, context));
  }

  /** Appends to several streams: all or nothing, each at the version read. */
  appendToStreams(
    appends: readonly StreamAppend<Event, State>[],
    context: CommandContext,
  ): Promise<MultiStreamAppendResult<Event>> {
    const streams = appends.map(({ id, read, events }) => ({
      streamId: this.streamId(id),
      streamType: this.decider.streamType,
      expectedVersion: read.version,
      events,
    }));
    const options = {
      idempotencyKey: context.idempotencyKey,
      idempotencyFingerprint: context.idempotencyFingerprint,
      metadata: commandMetadata(context),
    };
    return this.withWritesAlongside(appends, (alongside) =>
      this.store.appendToStreams(streams, { ...options, ...alongside }),
    );
  }

  private append(
    change: StreamAppend<Event, State>,
    context: CommandContext,
  ): Promise<AppendResult<Event>> {
    return this.withWritesAlongside([change], (alongside) =>
      this.store.append(this.streamId(change.id), change.read.version, change.events, {
        streamType: this.decider.streamType,
        idempotencyKey: context.idempotencyKey,
        idempotencyFingerprint: context.idempotencyFingerprint,
        metadata: commandMetadata(context),
        ...alongside,
      }),
    );
  }

  // New rows go in the append's own statement. Other writes, and new rows that clashed, go in a
  // transaction: the append first (the event store wants it to be the transaction's first
  // write), the other writes after it. An append the idempotency key answered recorded nothing
  // now: its writes were made when it was first recorded.
  private async withWritesAlongside<Result extends { readonly replayed: boolean }>(
    appends: readonly StreamAppend<Event, State>[],
    append: (alongside: {
      transaction?: Queryable;
      rowsAlongside?: RowsAlongside;
    }) => Promise<Result>,
  ): Promise<Result> {
    const rowsAlongside = this.decider.rowsAlongside?.(appends);
    let clash: RowsAlongsideConflictError | undefined;
    if (rowsAlongside) {
      try {
        return await append({ rowsAlongside });
      } catch (error) {
        if (!(error instanceof RowsAlongsideConflictError)) throw error;
        clash = error;
      }
    }
    // The writes in a transaction tell what clashed in the domain's words; without them the
    // store's refusal stands.
    const alongside = this.decider.writesAlongside?.(appends);
    if (!alongside) {
      if (clash) throw clash;
      return append({});
    }
    return this.store.transaction(async (transaction) => {
      const result = await append({ transaction });
      if (!result.replayed) await alongside(transaction);
      return result;
    });
  }
}

/** What an append on one stream did, as its command's outcome. */
function outcomeOf(result: AppendResult<DomainEvent>): StreamCommandOutcome {
  return {
    version: result.nextExpectedVersion,
    recorded: result.events.map((event) => event.type),
    replayed: result.replayed,
  };
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
// (a second creation is a conflict): the events the key recorded answer it instead. The store's
// own key check still covers a retry racing the first command. The same key with another request
// is refused (422), not answered.
function answeredBy(
  events: readonly RecordedEvent[],
  context: CommandContext,
): Pick<StreamCommandOutcome, 'version' | 'recorded'> | undefined {
  const recorded = eventsRecordedUnderKey(events, context);
  const last = recorded.at(-1);
  if (!last) return undefined;
  return { version: last.streamVersion, recorded: recorded.map((event) => event.type) };
}
