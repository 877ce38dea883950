import { performance } from 'node:perf_hooks';

/** One measured workload: how many events per second `writers` concurrent callers achieved. */
export interface Measurement {
  readonly name: string;
  readonly writers: number;
  readonly eventsPerCall: number;
  readonly calls: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly callLatencyMs: { readonly p50: number; readonly p99: number };
}

export interface Workload {
  readonly name: string;
  readonly writers: number;
  readonly eventsPerCall: number;
  /** One call of writer `writer` (0-based), writing `eventsPerCall` events. */
  call(writer: number): Promise<void>;
}

/**
 * Runs the workload's writers side by side for `durationMs` (after `warmupCalls` unmeasured
 * calls each, so statements are prepared and caches warm) and counts completed calls.
 */
export async function measure(
  workload: Workload,
  durationMs: number,
  warmupCalls = 10,
): Promise<Measurement> {
  const writers = Array.from({ length: workload.writers }, (_, writer) => writer);
  await Promise.all(
    writers.map(async (writer) => {
      for (let i = 0; i < warmupCalls; i += 1) await workload.call(writer);
    }),
  );
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    writers.map(async (writer) => {
      while (performance.now() < deadline) {
        const callStarted = performance.now();
        await workload.call(writer);
        latencies.push(performance.now() - callStarted);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]);
  const events = latencies.length * workload.eventsPerCall;
  return {
    name: workload.name,
    writers: workload.writers,
    eventsPerCall: workload.eventsPerCall,
    calls: latencies.length,
    events,
    seconds: round(seconds),
    eventsPerSecond: Math.round(events / seconds),
    callLatencyMs: { p50: percentile(0.5), p99: percentile(0.99) },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
