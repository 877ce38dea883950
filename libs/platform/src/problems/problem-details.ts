import type { FieldError } from './request-errors';

/** Media type of every error response (RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';

/** Base of the `type` URIs; a code's page lives under it. */
export const PROBLEM_TYPE_BASE = 'https://zoneledger.dev/problems/';

/** The body of every ZoneLedger error response. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Stable machine-readable code, e.g. `VALIDATION.FAILED`; clients switch on this. */
  readonly code: string;
  /** Path of the request that failed. */
  readonly instance: string;
  /** Also in the logs and the x-correlation-id response header. */
  readonly correlationId: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

/** The problem `type` URI of a code: `EVENT_STORE.WRONG_EXPECTED_VERSION` -> `.../event-store-wrong-expected-version`. */
export function problemTypeFor(code: string): string {
  return (
    PROBLEM_TYPE_BASE +
    code
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
  );
}

/** A readable title from a code when the error gives none: `ZONE.ALREADY_MERGED` -> `Zone already merged`. */
export function titleFromCode(code: string): string {
  const words = code
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
