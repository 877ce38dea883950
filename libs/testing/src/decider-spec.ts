// Given/when/then for pure deciders, in the shape Emmett's DeciderSpecification made familiar:
//   spec.given([events]).when(command).then([events])
//   spec.given([events]).when(command).thenThrows('ZONE.NOT_FOUND')
// It folds the given events with `evolve`, calls `decide`, and asserts with jest's `expect`.
// Every service's domain specs share it (zone-registry, policy-registry, ...), so a decider is
// specified the same way everywhere; it knows no domain, only the Decider shape.

/** A decider as the specs drive it. */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** What follows `when`: the expected outcome. */
export interface Outcome<Expected> {
  /** The decision equals `expected` (strictly: a field set to undefined is not a field left out). */
  then(expected: Expected): void;
  /** The decision is refused with an error carrying this stable `code`. */
  thenThrows(code: string): void;
}

/** A single-stream spec: the history of one stream, then a command on it. */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given: (events: readonly Event[]) => ({
      when: (command: Command): Outcome<readonly Event[]> =>
        outcome(() => decider.decide(command, fold(decider, events))),
    }),
  };
}

/** A decision across streams (e.g. a merger): what it needs to know about one stream per id. */
export interface MultiStreamDecider<Command, Event, State, Decision> {
  decide(command: Command, states: ReadonlyMap<string, State>): Decision;
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** A multi-stream spec: each stream's history by id, then a command spanning them. */
export function multiStreamSpec<Command, Event, State, Decision>(
  decider: MultiStreamDecider<Command, Event, State, Decision>,
) {
  return {
    given: (streams: Readonly<Record<string, readonly Event[]>>) => ({
      when: (command: Command): Outcome<Decision> => {
        const states = new Map(
          Object.entries(streams).map(([id, events]) => [id, fold(decider, events)] as const),
        );
        return outcome(() => decider.decide(command, states));
      },
    }),
  };
}

/** The state after a stream's events. */
export function fold<Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

function outcome<Decision>(decide: () => Decision): Outcome<Decision> {
  return {
    then: (expected) => expect(decide()).toStrictEqual(expected),
    thenThrows: (code) => {
      let error: unknown;
      expect(() => {
        try {
          decide();
        } catch (thrown) {
          error = thrown;
          throw thrown;
        }
      }).toThrow();
      expect(error).toMatchObject({ code });
    },
  };
}

/**
 * The events `commands` record on one stream from its start, each decided on the state the
 * events before it leave: a stream's history as the deciders themselves would write it.
 */
export function recordedBy<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  commands: readonly Command[],
): Event[] {
  const events: Event[] = [];
  for (const command of commands) events.push(...decider.decide(command, fold(decider, events)));
  return events;
}

/** `true` when A and B have the same keys, `never` otherwise: a compile-time check of fields. */
export type SameKeys<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? true
    : never
  : never;
