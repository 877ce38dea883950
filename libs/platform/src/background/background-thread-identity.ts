import { isMainThread, workerData } from 'node:worker_threads';

/** Marks the worker thread bootstrapService starts for a service's background work. */
export const BACKGROUND_THREAD_MARK = 'zoneledgerBackgroundThread';

/** True in the thread that does its process's background work (BACKGROUND_THREAD; ADR 0019). */
export function isBackgroundThread(): boolean {
  return (
    !isMainThread &&
    (workerData as Record<string, unknown> | null | undefined)?.[BACKGROUND_THREAD_MARK] === true
  );
}
