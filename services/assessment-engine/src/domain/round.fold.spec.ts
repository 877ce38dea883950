import fc from 'fast-check';
import { AssessmentError } from './assessment.errors';
import type { RoundCommand } from './round.commands';
import { decide } from './round.decider';
import type { RoundEvent, ZoneScored } from './round.events';
import { foldRound } from './round.fold';
import { evolve, initialState, type OpenedRound, type RoundState } from './round.state';
import { HEFEI, KUNSHAN, POPULATION, SIP } from './testing/assessment-fixtures';
import {
  OPEN,
  OPENED,
  correct,
  importRanking,
  publish,
  resultOf,
  scored,
  submit,
  submitted,
  value,
} from './testing/round-fixtures';

const byEvolve = (events: readonly RoundEvent[], from: RoundState = initialState()) =>
  events.reduce(evolve, from);

// The state as plain data, maps as their entries in order: equality of these is equality of the
// states, insertion order of every map included.
function plain(value: unknown): unknown {
  if (value instanceof Map) return [...value].map(([key, item]) => [key, plain(item)]);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

function expectSameState(actual: RoundState, expected: RoundState) {
  expect(actual).toStrictEqual(expected);
  expect(plain(actual)).toStrictEqual(plain(expected));
}

// Few zones and keys, so that submissions meet and corrections find what they correct.
const ZONES = [...POPULATION.slice(0, 3).map(({ zoneId }) => zoneId), 'zone-unknown'];
const KEYS = ['fdi', 'trade', 'energy', 'unknown'];
const valueArb = fc.oneof(
  fc.integer({ min: 0, max: 5 }),
  fc.double({ min: 0, max: 1e4, noNaN: true }),
);

// Commands the deciders take (some of them refused: those record nothing), and a few events no
// decider would record now (before the opening, a second opening, a result of another scoring),
// which evolve must still fold.
type Step = { readonly command: RoundCommand } | { readonly event: RoundEvent };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.constant({ command: { type: 'OpenRound', data: OPEN } as RoundCommand }),
    weight: 2,
  },
  {
    arbitrary: fc
      .record({
        zoneId: fc.constantFrom(...ZONES),
        values: fc.uniqueArray(
          fc.record({ key: fc.constantFrom(...KEYS.slice(0, 3)), v: valueArb }),
          {
            minLength: 1,
            maxLength: 4,
            selector: ({ key }) => key,
          },
        ),
      })
      .map(({ zoneId, values }) => ({
        command: submit({ zoneId, values: values.map(({ key, v }) => value(key, v)) }),
      })),
    weight: 6,
  },
  {
    arbitrary: fc
      .record({
        zoneId: fc.constantFrom(...ZONES),
        indicatorKey: fc.constantFrom(...KEYS),
        v: valueArb,
      })
      .map(({ zoneId, indicatorKey, v }) => ({
        command: correct({
          zoneId,
          indicatorKey,
          value: v,
          unit: value(indicatorKey, v).unit,
        }),
      })),
    weight: 5,
  },
  {
    arbitrary: fc.constant({
      command: { type: 'ScoreRound', data: { roundId: OPEN.roundId } } as RoundCommand,
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ command: publish() }), weight: 1 },
  { arbitrary: fc.constant({ command: importRanking() }), weight: 1 },
  {
    arbitrary: fc.constantFrom<Step>(
      { event: submitted(SIP) },
      { event: OPENED },
      {
        event: {
          type: 'RoundPublished',
          data: { roundId: OPEN.roundId, scoring: 1, synthetic: true, zonesScored: 0 },
        },
      },
      {
        event: {
          type: 'ZoneScored',
          data: { ...resultOf(scored([OPENED, submitted(SIP)]), SIP), scoring: 7 },
        } satisfies ZoneScored,
      },
    ),
    weight: 1,
  },
);

/** The events of `steps` decided in turn, each command on the state the events before left. */
function eventsOf(steps: readonly Step[]): RoundEvent[] {
  const events: RoundEvent[] = [];
  let state = initialState();
  for (const step of steps) {
    let next: RoundEvent[] = [];
    if ('event' in step) next = [step.event];
    else {
      try {
        next = decide(step.command, state);
      } catch (error) {
        if (!(error instanceof AssessmentError)) throw error;
      }
    }
    state = byEvolve(next, state);
    events.push(...next);
  }
  return events;
}

// Mostly opened early: a few steps before the opening (refused, or events folded as nothing).
const eventsArb = fc
  .tuple(fc.array(stepArb, { maxLength: 2 }), fc.array(stepArb, { maxLength: 40, size: 'medium' }))
  .map(([before, after]) =>
    eventsOf([...before, { command: { type: 'OpenRound', data: OPEN } }, ...after]),
  );

describe('foldRound', () => {
  const events: RoundEvent[] = [
    submitted(SIP),
    OPENED,
    submitted(SIP),
    submitted(KUNSHAN),
    ...scored([OPENED, submitted(SIP), submitted(KUNSHAN)]),
    submitted(HEFEI),
  ];

  it('reaches the state evolve reaches, event by event', () => {
    const round = foldRound(events) as OpenedRound;
    expectSameState(round, byEvolve(events));
    expect([...round.values.keys()]).toEqual([SIP, KUNSHAN, HEFEI]);
    expect(round.scoring?.results.map(({ zoneId }) => zoneId)).toEqual([SIP, KUNSHAN]);
    expect(round.changedSinceScoring).toBe(true);
  });

  it('is the initial state with no events, and ignores everything before the opening', () => {
    expect(foldRound([])).toStrictEqual(initialState());
    expect(foldRound([submitted(SIP)])).toStrictEqual({ opened: false });
  });

  it('folds on from a state and leaves that state as it was', () => {
    const from = byEvolve(events.slice(0, 5));
    const before = plain(from);
    expectSameState(foldRound(events.slice(5), from), byEvolve(events));
    expect(plain(from)).toStrictEqual(before);
  });

  it('equals the reduce with evolve for every sequence the deciders record', () =>
    fc.assert(
      fc.property(eventsArb, fc.nat(), (recorded, at) => {
        expectSameState(foldRound(recorded), byEvolve(recorded));
        // From any state part-way: the same state, the one it began on untouched.
        const split = recorded.length === 0 ? 0 : at % (recorded.length + 1);
        const from = byEvolve(recorded.slice(0, split));
        const before = plain(from);
        expectSameState(foldRound(recorded.slice(split), from), byEvolve(recorded));
        expect(plain(from)).toStrictEqual(before);
      }),
      { numRuns: 300 },
    ));

  it('leaves evolve pure: each event leaves the state it is given untouched', () =>
    fc.assert(
      fc.property(eventsArb, (recorded) => {
        let state = initialState();
        for (const event of recorded) {
          const before = plain(state);
          const next = evolve(state, event);
          expect(plain(state)).toStrictEqual(before);
          state = next;
        }
      }),
      { numRuns: 200 },
    ));
});
