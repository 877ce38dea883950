import type { DomainEvent, PostgresEventStore, RecordedEvent } from '@zoneledger/event-store';
import type { CommandContext } from '../concurrency/command-context';
import { DeciderStreams, type StreamDecider } from './decider-streams';

// A counter's stream, on a store that holds one stream in memory: which fold the streams use.

type Added = DomainEvent<'Added', { readonly by: number }>;
type Add = { readonly by: number };

const context: CommandContext = { actor: 'tester', correlationId: 'correlation-1' };

function storeWith(data: readonly number[]) {
  const events = data.map(
    (by, i) => ({ type: 'Added', data: { by }, streamVersion: i + 1, metadata: {} }) as unknown,
  ) as RecordedEvent<Added>[];
  const appended: Added[][] = [];
  const store = {
    readStream: async () => ({ version: events.length, events }),
    append: async (_streamId: string, version: number, added: readonly Added[]) => {
      appended.push([...added]);
      return {
        nextExpectedVersion: version + added.length,
        events: added as RecordedEvent<Added>[],
        replayed: false,
      };
    },
  };
  return { store: store as unknown as PostgresEventStore, appended };
}

const counter: StreamDecider<Add, Added, number> = {
  streamType: 'counter',
  initialState: () => 0,
  evolve: (state, event) => state + event.data.by,
  // Two events a command, so that folding them one command at a time shows.
  decide: ({ by }, state) => [
    { type: 'Added', data: { by } },
    { type: 'Added', data: { by: state } },
  ],
};

describe('DeciderStreams', () => {
  it('folds a stream with evolve when the decider has no fold', async () => {
    const { store } = storeWith([1, 2, 3]);
    await expect(new DeciderStreams(store, counter).read('a')).resolves.toMatchObject({
      state: 6,
      version: 3,
    });
  });

  it('folds with the decider’s fold when it has one, from the initial state on a read', async () => {
    const { store } = storeWith([1, 2, 3]);
    const fold = jest.fn((events: readonly Added[], from = 0) =>
      events.reduce((state, event) => state + event.data.by, from),
    );
    const streams = new DeciderStreams(store, { ...counter, fold });
    await expect(streams.read('a')).resolves.toMatchObject({ state: 6, version: 3 });
    expect(fold).toHaveBeenCalledTimes(1);
    expect(fold.mock.calls[0][1]).toBeUndefined();
  });

  it('decides each command on the state the commands before it left, folded per command', async () => {
    for (const withFold of [false, true]) {
      const { store, appended } = storeWith([5]);
      const fold = jest.fn((events: readonly Added[], from = 0) =>
        events.reduce(counter.evolve, from),
      );
      const streams = new DeciderStreams(store, withFold ? { ...counter, fold } : counter);
      const outcome = await streams.decideAll('a', () => [{ by: 1 }, { by: 2 }], context);
      // 5, then +1 and +5 (11), then +2 and +11.
      expect(appended).toEqual([
        [
          { type: 'Added', data: { by: 1 } },
          { type: 'Added', data: { by: 5 } },
          { type: 'Added', data: { by: 2 } },
          { type: 'Added', data: { by: 11 } },
        ],
      ]);
      expect(outcome).toEqual({ version: 5, recorded: Array(4).fill('Added'), replayed: false });
      if (withFold)
        expect(fold.mock.calls.map(([events, from]) => [events.length, from])).toEqual([
          [1, undefined],
          [2, 5],
          [2, 11],
        ]);
    }
  });
});
