import type fc from 'fast-check';
import type { FuzzOperation } from './openapi-operations.reader';

/**
 * What a request must get: `refusal` a 4xx (it is malformed), `any` an answer that is not a 5xx
 * (valid, or odd but allowed: the service may accept it), `refusal-if-previous-accepted` a 4xx
 * when the request before it in its case was accepted (an Idempotency-Key reused).
 */
export type Expectation = 'any' | 'refusal' | 'refusal-if-previous-accepted';

/** One HTTP request of the fuzz, as sent. */
export interface FuzzRequest {
  readonly method: string;
  /** Path and query string, percent-encoded exactly as sent. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly expect: Expectation;
  /** What is odd about it, for people: `body.reason: 120000 × "x"`, `zoneId = %00`. */
  readonly note: string;
}

/** Requests sent in order and judged together: one, or two for a reused Idempotency-Key. */
export type FuzzCase = readonly FuzzRequest[];

/** A class of requests for one operation: `valid`, `body.deep-nesting`, `auth.forged`... */
export interface RequestClass {
  readonly name: string;
  readonly malformed: boolean;
  /** Cases every run sends, made from one valid request: the extremes whatever the seed. */
  readonly fixed?: (parts: RequestParts) => readonly FuzzCase[];
  /** Random cases, sampled per run from the class's own seed. */
  readonly arbitrary?: fc.Arbitrary<FuzzCase>;
}

/** A request before serialisation: path and query already percent-encoded, body as a value. */
export interface RequestParts {
  /** Encoded path parameter values by name. */
  readonly path: Readonly<Record<string, string>>;
  /** Encoded name and value pairs, in order. */
  readonly query: readonly (readonly [string, string])[];
  readonly mediaType?: string;
  /** A JSON value, or the text of a non-JSON body (CSV). */
  readonly body?: unknown;
  /** Headers the operation documents (Idempotency-Key), with values. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Where the raw text of a body slot goes: the JSON string `"<marker>"` is swapped for it. */
export const RAW_MARKER = 'FUZZ-RAW-7f3a9c';

/** The path and query string of the parts, as sent. */
export function targetOf(operation: FuzzOperation, parts: RequestParts): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => parts.path[name] ?? '');
  const query = parts.query.map(([name, value]) => `${name}=${value}`).join('&');
  return query === '' ? path : `${path}?${query}`;
}

/** The body's bytes: JSON (a raw text put where RAW_MARKER stands), or the text itself. */
export function bodyBytes(parts: RequestParts, raw?: Buffer | string): Buffer | undefined {
  if (parts.body === undefined) return undefined;
  if (parts.mediaType !== undefined && !isJsonMediaType(parts.mediaType)) {
    return Buffer.from(String(parts.body), 'utf8');
  }
  const text = JSON.stringify(parts.body);
  if (raw === undefined) return Buffer.from(text, 'utf8');
  const quoted = `"${RAW_MARKER}"`;
  const [before, after] = text.includes(quoted)
    ? splitOnce(text, quoted)
    : splitOnce(text, RAW_MARKER);
  return Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(raw), Buffer.from(after, 'utf8')]);
}

/** The request the parts make, with the given authorisation and expectation. */
export function requestOf(
  operation: FuzzOperation,
  parts: RequestParts,
  options: {
    readonly token?: string;
    readonly expect: Expectation;
    readonly note: string;
    readonly raw?: Buffer | string;
    readonly headers?: Readonly<Record<string, string | undefined>>;
  },
): FuzzRequest {
  const body = bodyBytes(parts, options.raw);
  const headers: Record<string, string | undefined> = {
    ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    ...(body === undefined || parts.mediaType === undefined
      ? {}
      : { 'content-type': parts.mediaType }),
    ...parts.headers,
    ...options.headers,
  };
  const defined = Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return {
    method: operation.method,
    target: targetOf(operation, parts),
    headers: defined,
    ...(body === undefined ? {} : { body }),
    expect: options.expect,
    note: options.note,
  };
}

/** Whether bodies of this media type are JSON (`application/json`, `application/merge-patch+json`). */
export function isJsonMediaType(mediaType: string): boolean {
  return /^application\/([a-z0-9.-]+\+)?json\b/.test(mediaType);
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + separator.length)];
}
