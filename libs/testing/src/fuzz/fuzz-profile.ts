import { randomInt } from 'node:crypto';
import type { FuzzOptions } from './fuzz-target';

/** A named amount of fuzzing and how long a test may take for it. */
export interface FuzzProfile extends FuzzOptions {
  readonly name: 'quick' | 'full';
  /** The jest timeout the run needs. */
  readonly testTimeoutMs: number;
}

/** The seed every quick run uses, so CI sees the same requests each time. */
export const QUICK_FUZZ_SEED = 20_251_206;

const BOUNDS = { maxProblemBytes: 16 * 1024, maxEventLoopDelayMs: 500 };

/**
 * The profile the environment asks for: FUZZ_PROFILE=quick (default: fixed seed, a few requests
 * per class, minutes) or full (a random seed unless FUZZ_SEED, thousands of requests);
 * FUZZ_SEED and FUZZ_ONLY replay a reported failure; FUZZ_VALID_RUNS and FUZZ_MALFORMED_RUNS
 * override the counts.
 */
export function fuzzProfileFromEnv(env: NodeJS.ProcessEnv = process.env): FuzzProfile {
  const full = env.FUZZ_PROFILE === 'full';
  if (env.FUZZ_PROFILE !== undefined && !['quick', 'full'].includes(env.FUZZ_PROFILE)) {
    throw new Error(`FUZZ_PROFILE must be quick or full, not ${env.FUZZ_PROFILE}`);
  }
  const seed = env.FUZZ_SEED
    ? wholeNumber('FUZZ_SEED', env.FUZZ_SEED)
    : full
      ? randomInt(2 ** 31)
      : QUICK_FUZZ_SEED;
  return {
    name: full ? 'full' : 'quick',
    seed,
    validRuns: env.FUZZ_VALID_RUNS
      ? wholeNumber('FUZZ_VALID_RUNS', env.FUZZ_VALID_RUNS)
      : full
        ? 60
        : 4,
    malformedRuns: env.FUZZ_MALFORMED_RUNS
      ? wholeNumber('FUZZ_MALFORMED_RUNS', env.FUZZ_MALFORMED_RUNS)
      : full
        ? 30
        : 2,
    requestTimeoutMs: full ? 30_000 : 20_000,
    ...BOUNDS,
    ...(env.FUZZ_ONLY ? { only: env.FUZZ_ONLY } : {}),
    testTimeoutMs: full ? 4 * 60 * 60_000 : 6 * 60_000,
  };
}

function wholeNumber(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number, not ${text}`);
  return Number(text);
}
