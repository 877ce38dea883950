import fc from 'fast-check';
import { EventLoopStalls } from './event-loop-stalls';
import { answerBreaches, type Breach } from './fuzz-invariants';
import type { FuzzCase, FuzzRequest, RequestClass } from './fuzz-request';
import { anyToken, contextFor, documentOf, type FuzzOptions, type FuzzTarget } from './fuzz-target';
import {
  preview,
  tallyExchange,
  violationOf,
  type ClassTally,
  type FuzzViolation,
} from './fuzz-violation';
import { HttpExchanger } from './http-exchange';
import { forgedTokensFrom } from './malformed-credentials.arbitrary';
import { readOperations, type FuzzOperation } from './openapi-operations.reader';
import { requestClassesFor } from './request-classes';
import { validParts, type RequestContext } from './valid-requests.arbitrary';

/** The outcome of a fuzz run: every violation, not only the first. */
export interface FuzzReport {
  readonly seed: number;
  readonly operations: number;
  readonly requests: number;
  readonly durationMs: number;
  /** The longest event-loop stall seen while a request was served. */
  readonly maxEventLoopDelayMs: number;
  /** Per class (`valid`, `body.deep-nesting`…), over all operations. */
  readonly classes: Readonly<Record<string, ClassTally>>;
  readonly violations: readonly FuzzViolation[];
  /**
   * Requests the document allows that were refused as malformed (400), one per operation: where
   * the document and the validation disagree. Not violations; the generator approximates too.
   */
  readonly undocumentedRefusals: readonly FuzzViolation[];
}

/**
 * Fuzzes every operation of the service's OpenAPI document over real HTTP, one request at a
 * time, and checks each answer: no 5xx, every 4xx a small problem+json, a malformed request
 * refused and nothing recorded for it, the event loop never stalled; and health afterwards.
 */
export async function fuzzService(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const exchanger = new HttpExchanger(target.baseUrl, {
    timeoutMs: options.requestTimeoutMs,
    captureBytes: Math.max(options.maxProblemBytes, 64 * 1024) + 1,
  });
  const loop = new EventLoopStalls();
  let longestStallMs = 0;
  const violations: FuzzViolation[] = [];
  const undocumentedRefusals: FuzzViolation[] = [];
  const classes: Record<string, ClassTally> = {};
  let requests = 0;

  /** Sends one request, measuring the longest stall while it was served and the CPU spent. */
  const timedSend = async (request: FuzzRequest) => {
    await settledTimers();
    loop.restart();
    const cpuBefore = process.cpuUsage();
    const exchange = await exchanger.send(request);
    // The answer can arrive before the monitor's timer has recorded the stall it suffered.
    await settledTimers();
    const cpu = process.cpuUsage(cpuBefore);
    return {
      exchange,
      stalledMs: loop.longestMs,
      busyMs: (cpu.user + cpu.system) / 1000,
      collectedMs: loop.collectingMs,
    };
  };

  // A stall this process spent waiting for a core (two shared by many) is the machine's, not the
  // service's: it counts when the process computed at least as long as the bound. Garbage
  // collection is left out of both: it pauses the test and the service alike (one process),
  // mostly for the test's own huge bodies, and cannot be laid at either's door.
  const blocked = (m: { stalledMs: number; busyMs: number; collectedMs: number }) =>
    m.stalledMs - m.collectedMs > options.maxEventLoopDelayMs &&
    m.busyMs - m.collectedMs >= options.maxEventLoopDelayMs;

  try {
    const operations = readOperations(await documentOf(target));
    const forged = await forgedTokensFrom(anyToken(target), ['zone-admin', 'ops']);
    let recorded = await target.countRecords();

    for (const operation of operations) {
      const operationStarted = performance.now();
      const before = violations.length;
      const context = contextFor(target, operation, forged);
      for (const requestClass of requestClassesFor(context)) {
        if (options.only && !`${operation.id} ${requestClass.name}`.includes(options.only))
          continue;
        const tally = (classes[requestClass.name] ??= {
          sent: 0,
          accepted: 0,
          refused: 0,
          failed: 0,
          refusedCodes: {},
          maxStallMs: 0,
        });
        for (const { label, fuzzCase } of casesOf(requestClass, context, operation, options)) {
          let previousAccepted = false;
          for (const request of fuzzCase) {
            const { exchange, stalledMs, busyMs, collectedMs } = await timedSend(request);
            longestStallMs = Math.max(longestStallMs, stalledMs);
            tally.maxStallMs = Math.max(tally.maxStallMs, Math.round(stalledMs));
            const now = await target.countRecords();
            requests += 1;
            tallyExchange(tally, exchange);
            const breaches: Breach[] = answerBreaches(request, exchange, previousAccepted, options);
            if (exchange.answered && exchange.status >= 400 && now !== recorded) {
              breaches.push({
                kind: 'recorded-when-refused',
                detail: `${now - recorded} record(s) added by a ${exchange.status}`,
              });
            }
            // A refused request records nothing, so it is sent again to confirm a stall: what the
            // service does with it is the same each time, while a moment the machine took from the
            // process (a host preempting this VM counts as the process's CPU) is not repeated.
            if (
              blocked({ stalledMs, busyMs, collectedMs }) &&
              (!exchange.answered || exchange.status < 400 || blocked(await timedSend(request)))
            ) {
              breaches.push({
                kind: 'event-loop-blocked',
                detail: `the event loop stalled ${Math.round(stalledMs)} ms (${Math.round(busyMs)} ms of CPU, ${Math.round(collectedMs)} ms collecting garbage)`,
              });
            }
            recorded = now;
            if (!requestClass.malformed && exchange.answered && exchange.status === 400) {
              if (!undocumentedRefusals.some((refusal) => refusal.operation === operation.id)) {
                const refusal = {
                  kind: 'accepted-malformed' as const,
                  detail: 'a documented request refused as malformed',
                };
                undocumentedRefusals.push(
                  violationOf(refusal, operation, requestClass, request, exchange, ''),
                );
              }
            }
            previousAccepted = exchange.answered && exchange.status < 400;
            const replay = `FUZZ_SEED=${options.seed} FUZZ_ONLY='${operation.id} ${requestClass.name}' (${label})`;
            violations.push(
              ...breaches.map((breach) =>
                violationOf(breach, operation, requestClass, request, exchange, replay),
              ),
            );
          }
        }
      }
      options.log?.(
        `${operation.id}: ${violations.length - before} violation(s), ${Math.round(performance.now() - operationStarted)} ms`,
      );
    }
    for (const path of target.healthPaths ?? ['/health/live', '/health/ready']) {
      const exchange = await exchanger.send({ method: 'GET', target: path, headers: {} });
      if (!exchange.answered || exchange.status !== 200) {
        violations.push({
          kind: 'unhealthy',
          operation: `GET ${path}`,
          requestClass: 'health',
          detail: exchange.answered
            ? `answered ${exchange.status} after the fuzz`
            : exchange.reason,
          request: `GET ${path}`,
          ...(exchange.answered ? { status: exchange.status } : {}),
          answer: exchange.answered ? preview(exchange.head) : '',
          replay: `FUZZ_SEED=${options.seed}`,
        });
      }
    }
    return {
      seed: options.seed,
      operations: operations.length,
      requests,
      durationMs: Math.round(performance.now() - started),
      maxEventLoopDelayMs: Math.round(longestStallMs),
      classes,
      violations,
      undocumentedRefusals,
    };
  } finally {
    loop.stop();
    exchanger.close();
  }
}

// The stall monitor notices a stall when its delayed timer finally fires. Before a request, the
// stall of building its case (a 48 MiB gzip, a huge array) must be noticed before the restart;
// after it, the service's stall before it is read. This waits for one turn of the timers phase,
// not for time to pass.
function settledTimers(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The cases of a class for this run: its fixed extremes, then its random samples. */
function casesOf(
  requestClass: RequestClass,
  context: RequestContext,
  operation: FuzzOperation,
  options: FuzzOptions,
): { label: string; fuzzCase: FuzzCase }[] {
  const seed = seedFor(options.seed, operation.id, requestClass.name);
  const fixed = requestClass.fixed
    ? requestClass.fixed(fc.sample(validParts(context), { seed, numRuns: 1 })[0])
    : [];
  const runs = requestClass.malformed ? options.malformedRuns : options.validRuns;
  const sampled = requestClass.arbitrary
    ? fc.sample(requestClass.arbitrary, { seed, numRuns: runs })
    : [];
  return [
    ...fixed.map((fuzzCase, index) => ({ label: `fixed case ${index}`, fuzzCase })),
    ...sampled.map((fuzzCase, index) => ({ label: `case ${index}`, fuzzCase })),
  ].filter(({ fuzzCase }) => fuzzCase.length > 0);
}

/** A seed of its own per operation and class, so one class replays alone (FUZZ_ONLY). */
export function seedFor(seed: number, operation: string, requestClass: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const char of `${operation} ${requestClass}`) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  }
  return hash >>> 0;
}
