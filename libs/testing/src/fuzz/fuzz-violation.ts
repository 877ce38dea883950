import type { Breach, ViolationKind } from './fuzz-invariants';
import type { FuzzRequest, RequestClass } from './fuzz-request';
import type { Exchange } from './http-exchange';
import type { FuzzOperation } from './openapi-operations.reader';

const ANSWER_PREVIEW_BYTES = 300;

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
  /** Refusals by their problem `code`: whether requests were refused for the reason meant. */
  refusedCodes: Record<string, number>;
  /** The longest event-loop stall while one of its requests was served. */
  maxStallMs: number;
}

/** Counts an answer in its class's tally. */
export function tallyExchange(tally: ClassTally, exchange: Exchange): void {
  tally.sent += 1;
  if (!exchange.answered || exchange.status >= 500) {
    tally.failed += 1;
  } else if (exchange.status >= 400) {
    tally.refused += 1;
    const code =
      /"code"\s*:\s*"([^"]{1,80})"/.exec(exchange.head.toString('utf8'))?.[1] ??
      String(exchange.status);
    tally.refusedCodes[code] = (tally.refusedCodes[code] ?? 0) + 1;
  } else {
    tally.accepted += 1;
  }
}

/** The violation a breach makes, with the request, the answer's start and how to replay it. */
export function violationOf(
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

/** The first bytes of an answer, as text. */
export function preview(bytes: Buffer): string {
  return bytes.subarray(0, ANSWER_PREVIEW_BYTES).toString('utf8');
}
