import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

/** The machine a benchmark ran on: results from a shared 2-core box only compare with care. */
export function machine() {
  return {
    nproc: Number(execFileSync('nproc').toString().trim()),
    cpuModel: cpus()[0]?.model,
    node: process.version,
    // Flags such as the services' --max-semi-space-size (infra/service-node-options).
    ...(process.env.NODE_OPTIONS ? { nodeOptions: process.env.NODE_OPTIONS } : {}),
    loadAverage: loadAverage(),
  };
}

/** The 1, 5 and 15 minute load averages, rounded: how busy the machine was with other work. */
export function loadAverage(): number[] {
  return loadavg().map((load) => Math.round(load * 100) / 100);
}

/** Where results go: bench/results, or BENCH_RESULTS_DIR (CI's check writes a fresh one). */
export function resultsDirectory(): string {
  return process.env.BENCH_RESULTS_DIR ?? join(__dirname, 'results');
}

/** Writes <results directory>/<name>.json. */
export function writeResults(name: string, output: object): string {
  const directory = resultsDirectory();
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
  return file;
}

/** Milliseconds `work` took, with its result. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: Math.round((performance.now() - started) * 10) / 10, result };
}

/** Polls `done` every `intervalMs` until it holds; throws after `timeoutMs`. */
export async function until(
  done: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 600_000,
  intervalMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}

/** The median of some rates (the lower middle one for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Latency percentiles in ms (nearest rank) of some timings. */
export function percentiles(ms: readonly number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    p50: round(rank(0.5)),
    p95: round(rank(0.95)),
    p99: round(rank(0.99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** The profile BENCH_PROFILE names (else `fallback`) among a benchmark's profiles. */
export function selectProfile<Profiles extends Record<string, object>>(
  profiles: Profiles,
  fallback: keyof Profiles & string,
): { name: keyof Profiles & string; profile: Profiles[keyof Profiles] } {
  const name = (process.env.BENCH_PROFILE ?? fallback) as keyof Profiles & string;
  const profile = profiles[name];
  if (!profile)
    throw new Error(`BENCH_PROFILE must be ${Object.keys(profiles).join(' or ')}, not ${name}`);
  return { name, profile };
}
