import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long work may hold the event loop before it lets other requests (and probes) run. */
const TURN_MS = 10;

/**
 * Maps every item in order, letting the event loop run other work every 10 ms or so: long lists
 * (100,000 import rows) are processed without stalling the service's other requests.
 */
export async function mapInTurns<T, R>(
  items: readonly T[],
  map: (item: T, index: number) => R,
): Promise<R[]> {
  const results: R[] = [];
  let turnStart = performance.now();
  for (const [index, item] of items.entries()) {
    results.push(map(item, index));
    if (performance.now() - turnStart > TURN_MS) {
      await nextTurn();
      turnStart = performance.now();
    }
  }
  return results;
}
