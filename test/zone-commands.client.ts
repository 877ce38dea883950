import { setTimeout as delay } from 'node:timers/promises';

/** What the client saw: every answer by status, and the failures it retried. */
export interface CommandTally {
  readonly statuses: Map<number, number>;
  /** Requests that got no answer at all (the connection to the service failed). */
  networkErrors: number;
  /** Bodies of answers that were neither a success nor a 503, for the failure message. */
  readonly unexpected: string[];
}

export function emptyTally(): CommandTally {
  return { statuses: new Map(), networkErrors: 0, unexpected: [] };
}

/** Longest a client keeps retrying one command before it gives up. */
const RETRY_DEADLINE_MS = 60_000;

/**
 * Sends a command as a careful client does: with its Idempotency-Key, and again (same key, same
 * body) after a 503 or a lost connection, backing off a little each time. Returns the first
 * answer that is neither; what it saw on the way is counted in `tally`. Gives up at once when
 * the service's process is gone.
 */
export async function sendWithRetries(
  tally: CommandTally,
  send: () => Promise<Response>,
  serviceAlive: () => boolean,
): Promise<Response> {
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    let response: Response | undefined;
    try {
      response = await send();
    } catch (error) {
      tally.networkErrors += 1;
      // A dead service answers nothing ever again: no use retrying for a minute.
      if (!serviceAlive() || Date.now() - started > RETRY_DEADLINE_MS) throw error;
    }
    if (response) {
      tally.statuses.set(response.status, (tally.statuses.get(response.status) ?? 0) + 1);
      if (response.status !== 503) {
        if (!response.ok)
          tally.unexpected.push(`${response.status} ${await response.clone().text()}`);
        return response;
      }
      if (Date.now() - started > RETRY_DEADLINE_MS) return response;
    }
    // A retry schedule, not a wait for a condition: what a client does between attempts.
    await delay(Math.min(500, 25 * attempt));
  }
}

/** Runs `work` on every item with at most `concurrency` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
