import type { Exchange } from './http-exchange';
import type { FuzzRequest } from './fuzz-request';

/** The ways a service can fail the fuzz. */
export type ViolationKind =
  | 'no-answer'
  | 'server-error'
  | 'not-problem-json'
  | 'problem-too-large'
  | 'accepted-malformed'
  | 'recorded-when-refused'
  | 'event-loop-blocked'
  | 'unhealthy';

/** The limits an answer must keep. */
export interface AnswerBounds {
  /** The largest problem document a 4xx may carry, in bytes. */
  readonly maxProblemBytes: number;
}

/** A broken invariant, before the runner adds where and how to reproduce it. */
export interface Breach {
  readonly kind: ViolationKind;
  readonly detail: string;
}

const PROBLEM_JSON = /^application\/problem\+json\b/i;

/**
 * What is wrong with one answer: none at all, a 5xx, a 4xx that is not a small problem+json with
 * type, title, status and code, or a malformed request accepted.
 */
export function answerBreaches(
  request: FuzzRequest,
  exchange: Exchange,
  previousAccepted: boolean,
  bounds: AnswerBounds,
): Breach[] {
  if (!exchange.answered) return [{ kind: 'no-answer', detail: exchange.reason }];
  const { status } = exchange;
  const breaches: Breach[] = [];
  if (status >= 500) breaches.push({ kind: 'server-error', detail: `answered ${status}` });
  if (status >= 400 && status < 500) breaches.push(...problemBreaches(exchange, bounds));
  const refusalDue =
    request.expect === 'refusal' ||
    (request.expect === 'refusal-if-previous-accepted' && previousAccepted);
  if (refusalDue && status < 400) {
    breaches.push({ kind: 'accepted-malformed', detail: `answered ${status} where a 4xx was due` });
  }
  return breaches;
}

function problemBreaches(
  exchange: Extract<Exchange, { answered: true }>,
  bounds: AnswerBounds,
): Breach[] {
  const breaches: Breach[] = [];
  if (exchange.size > bounds.maxProblemBytes) {
    breaches.push({
      kind: 'problem-too-large',
      detail: `${exchange.size} bytes, over ${bounds.maxProblemBytes}`,
    });
  }
  if (!PROBLEM_JSON.test(exchange.contentType)) {
    breaches.push({
      kind: 'not-problem-json',
      detail: `Content-Type ${exchange.contentType === '' ? '(none)' : exchange.contentType}`,
    });
    return breaches;
  }
  if (exchange.head.length < exchange.size) return breaches;
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(exchange.head.toString('utf8')) as Record<string, unknown>;
  } catch {
    return [...breaches, { kind: 'not-problem-json', detail: 'the body is not JSON' }];
  }
  const missing = [
    typeof problem?.type === 'string' ? undefined : 'type',
    typeof problem?.title === 'string' ? undefined : 'title',
    problem?.status === exchange.status ? undefined : 'status',
    typeof problem?.code === 'string' ? undefined : 'code',
  ].filter((field): field is string => field !== undefined);
  if (missing.length > 0) {
    breaches.push({ kind: 'not-problem-json', detail: `without a valid ${missing.join(', ')}` });
  }
  return breaches;
}
