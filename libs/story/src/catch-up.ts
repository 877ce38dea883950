import type { ServiceClient } from './api-client';
import type { ProgressTask } from './progress';
import { waitUntil, type StoryContext } from './story-context';

// Another service's read models follow a service's events through Kafka: a step that needs them
// (the policy-registry resolving a scope to zones, the engine matching names) waits until the
// producing service's relay has published every event and the reading projections have none left
// to apply. ("None left", not "some applied": on a second run there is nothing new to apply.)

/** The outbox relay's lag of a service, from its /metrics (Infinity while it reports none). */
export function relayLagOf(metrics: string): number {
  const lag = /^zoneledger_relay_lag_events(?:\{[^}]*\})? (\d+)$/m.exec(metrics);
  return lag ? Number(lag[1]) : Infinity;
}

/** Whether every named projection runs with no lag, in a GET /v1/admin/projections answer. */
export function projectionsCaughtUp(
  answer: { projections?: Record<string, { state?: string; lag?: number }> },
  names: readonly string[],
): boolean {
  return names.every((name) => {
    const projection = answer.projections?.[name];
    return projection?.state === 'running' && projection.lag === 0;
  });
}

/** Waits until `producers` published everything and `reader`'s `projections` applied it. */
export async function waitForCatchUp(
  context: StoryContext,
  producers: readonly ServiceClient[],
  reader: ServiceClient,
  projections: readonly string[],
  task?: ProgressTask,
): Promise<void> {
  const what = `${reader.service}'s ${projections.join(' and ')} to catch up`;
  await waitUntil(
    what,
    async () => {
      for (const producer of producers)
        if (relayLagOf(await producer.text('/metrics')) !== 0) return false;
      const answer = await reader.call('GET', '/v1/admin/projections');
      return answer.status === 200 && projectionsCaughtUp(answer.body, projections);
    },
    context.waitTimeoutMs,
    task,
  );
}
