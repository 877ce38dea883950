import type { ServiceClient } from './api-client';
import type { ProgressTask, StoryOutput } from './progress';
import type { StorySeed } from './story-seed';

/** The four services, each through its public API. */
export interface StoryServices {
  readonly zones: ServiceClient;
  readonly policies: ServiceClient;
  readonly assessments: ServiceClient;
  readonly notifier: ServiceClient;
}

/** Where the analyst's webhook goes, and where the receiver keeps its signing secret. */
export interface ReceiverSettings {
  /** The URL the subscription's webhook posts to. */
  readonly webhookUrl: string;
  /** The receiver's base URL (GET /notifications). */
  readonly baseUrl: string;
  /** The file the receiver reads the signing secret from; the story writes it. */
  readonly secretFile: string;
}

/** What every step of the story works with. */
export interface StoryContext {
  readonly services: StoryServices;
  /** The analyst's token (the subscription's owner). */
  readonly analystToken: string;
  readonly seed: StorySeed;
  readonly receiver: ReceiverSettings;
  readonly output: StoryOutput;
  /** How long one wait (a read model catching up) may take. */
  readonly waitTimeoutMs: number;
}

/** Writes a line of the story's report. */
export function say(context: Pick<StoryContext, 'output'>, line: string): void {
  context.output.write(`${line}\n`);
}

/** The story cannot go on: a clear message, the CLI exits non-zero. */
export class StoryError extends Error {}

/**
 * Waits until `check` answers true (an error counts as "not yet"), polling; StoryError naming
 * `what` after `timeoutMs`, with the last error if there was one.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  task?: ProgressTask,
  intervalMs = 500,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > until)
      throw new StoryError(
        `${what} did not happen within ${Math.round(timeoutMs / 1000)}s` +
          (lastError ? ` (last error: ${(lastError as Error).message})` : ''),
      );
    task?.update(`waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
