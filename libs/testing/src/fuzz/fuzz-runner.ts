import fc from 'fast-check';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { answerBreaches, type Breach, type ViolationKind } from './fuzz-invariants';
import type { FuzzCase, FuzzRequest, RequestClass } from './fuzz-request';
import { HttpExchanger, type Exchange } from './http-exchange';
import { forgedTokensFrom } from './malformed-credentials.arbitrary';
import type { OpenApiDocument } from './openapi-document';
import { readOperations, type FuzzOperation } from './openapi-operations.reader';
import { requestClassesFor } from './request-classes';
import type { ValueHints } from './schema-values.arbitrary';
import { validParts, type RequestContext } from './valid-requests.arbitrary';

/** A running service to fuzz, in this process, and what the fuzz needs to know of it. */
export interface FuzzTarget {
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
  /** A bearer token per role; requests are authorised with a role the operation allows. */
  readonly tokens: Readonly<Record<string, string>>;
  /** The roles allowed per operation, where its OpenAPI document does not say them. */
  readonly rolesOf?: (operation: FuzzOperation) => readonly string[] | undefined;
  /** The role to authorise with when nothing says which; the first of `tokens` by default. */
  readonly defaultRole?: string;
  /** Records that exist (zone ids), so valid requests reach them. */
  readonly hints?: ValueHints;
  /** Operations that answer 2xx listing the items they refused (imports), by id. */
  readonly reportsRefusedItems?: readonly string[];
  /** Counts what the service has recorded (its events); a refused request must not change it. */
  countRecords(): Promise<number>;
  /** Where its OpenAPI document is served; `/docs-json` by default. */
  readonly documentPath?: string;
  /** Probes that must answer 200 after the fuzz; `/health/live` and `/health/ready` by default. */
  readonly healthPaths?: readonly string[];
}

/** How much to send, from which seed, and the bounds answers must keep. */
export interface FuzzOptions {
  readonly seed: number;
  /** Valid requests per operation. */
  readonly validRuns: number;
  /** Random requests per malformed class and operation (fixed extremes are always sent). */
  readonly malformedRuns: number;
  readonly requestTimeoutMs: number;
  /** The largest problem document a 4xx may carry. */
  readonly maxProblemBytes: number;
  /** The longest the event loop may stall while a request is served. */
  readonly maxEventLoopDelayMs: number;
  /** Only the classes whose `<operation id> <class>` contains this (to replay a failure). */
  readonly only?: string;
  /** Progress, one line per operation. */
  readonly log?: (line: string) => void;
}

/** A broken invariant, with what it takes to reproduce it. */
export interface FuzzViolation {
  readonly kind: ViolationKind;
  readonly operation: string;
  readonly requestClass: string;
  readonly detail: string;
  /** Method, target, notable headers and the start of the body. */
  readonly request: string;
  readonly status?: number;
  /** The first bytes of the answer. */
  readonly answer: string;
  /** Environment and case index that send it again: `FUZZ_SEED=… FUZZ_ONLY='…' (case 3)`. */
  readonly replay: string;
}

/** What one class of requests got back. */
export interface ClassTally {
  sent: number;
  accepted: number;
  refused: number;
  failed: number;
}

/** The outcome of a fuzz run: every violation, not only the first. */
export interface FuzzReport {
  readonly seed: number;
  readonly operations: number;
  readonly requests: number;
  readonly durationMs: number;
  /** The longest event-loop stall seen over the run. */
  readonly maxEventLoopDelayMs: number;
  /** Per class (`valid`, `body.deep-nesting`…), over all operations. */
  readonly classes: Readonly<Record<string, ClassTally>>;
  readonly violations: readonly FuzzViolation[];
}

const ANSWER_PREVIEW_BYTES = 300;

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
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const overall = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  overall.enable();
  const violations: FuzzViolation[] = [];
  const classes: Record<string, ClassTally> = {};
  let requests = 0;
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
        });
        for (const { label, fuzzCase } of casesOf(requestClass, context, operation, options)) {
          let previousAccepted = false;
          for (const request of fuzzCase) {
            loop.reset();
            const exchange = await exchanger.send(request);
            const stalledMs = loop.max / 1e6;
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
            if (stalledMs > options.maxEventLoopDelayMs) {
              breaches.push({
                kind: 'event-loop-blocked',
                detail: `the event loop stalled ${Math.round(stalledMs)} ms`,
              });
            }
            recorded = now;
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
      maxEventLoopDelayMs: Math.round(overall.max / 1e6),
      classes,
      violations,
    };
  } finally {
    loop.disable();
    overall.disable();
    exchanger.close();
  }
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

function contextFor(
  target: FuzzTarget,
  operation: FuzzOperation,
  forgedTokens: readonly string[],
): RequestContext {
  const roles = operation.roles ?? target.rolesOf?.(operation);
  const held = Object.keys(target.tokens);
  const role =
    roles?.find((allowed) => target.tokens[allowed] !== undefined) ?? target.defaultRole ?? held[0];
  const wrongRole = roles ? held.find((other) => !roles.includes(other)) : undefined;
  return {
    operation,
    hints: target.hints ?? {},
    ...(operation.secured && role !== undefined ? { token: target.tokens[role] } : {}),
    ...(wrongRole === undefined ? {} : { wrongRoleToken: target.tokens[wrongRole] }),
    forgedTokens,
    reportsRefusedItems: (target.reportsRefusedItems ?? []).includes(operation.id),
  };
}

async function documentOf(target: FuzzTarget): Promise<OpenApiDocument> {
  const path = target.documentPath ?? '/docs-json';
  const answer = await fetch(new URL(path, target.baseUrl), {
    headers: { authorization: `Bearer ${anyToken(target)}` },
  });
  if (answer.status !== 200)
    throw new Error(`the OpenAPI document at ${path} answered ${answer.status}`);
  return (await answer.json()) as OpenApiDocument;
}

function anyToken(target: FuzzTarget): string {
  const token = Object.values(target.tokens).find((value) => value !== undefined);
  if (token === undefined) throw new Error('the fuzz target needs at least one token');
  return token;
}

function tallyExchange(tally: ClassTally, exchange: Exchange): void {
  tally.sent += 1;
  if (!exchange.answered || exchange.status >= 500) tally.failed += 1;
  else if (exchange.status >= 400) tally.refused += 1;
  else tally.accepted += 1;
}

function violationOf(
  breach: Breach,
  operation: FuzzOperation,
  requestClass: RequestClass,
  request: FuzzRequest,
  exchange: Exchange,
  replay: string,
): FuzzViolation {
  return {
    kind: breach.kind,
    operation: operation.id,
    requestClass: requestClass.name,
    detail: breach.detail,
    request: describeRequest(request),
    ...(exchange.answered ? { status: exchange.status } : {}),
    answer: exchange.answered ? preview(exchange.head) : '',
    replay,
  };
}

/** One line for people: the note, method and target, odd headers, and the body's start and size. */
export function describeRequest(request: FuzzRequest): string {
  const target =
    request.target.length > 160
      ? `${request.target.slice(0, 120)}… (${request.target.length} chars)`
      : request.target;
  const headers = Object.entries(request.headers)
    .filter(([name]) => name !== 'authorization')
    .map(([name, value]) => `${name}: ${value.length > 60 ? `${value.slice(0, 40)}…` : value}`);
  const body = request.body
    ? ` body ${request.body.length} B ${JSON.stringify(request.body.subarray(0, 120).toString('latin1'))}`
    : '';
  return `[${request.note}] ${request.method} ${target}${headers.length ? ` {${headers.join('; ')}}` : ''}${body}`;
}

function preview(bytes: Buffer): string {
  return bytes.subarray(0, ANSWER_PREVIEW_BYTES).toString('utf8');
}
