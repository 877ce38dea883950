import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { truncatedText } from '../input/text-content';
import { ProblemError } from './problem-error';
import { problemTypeFor, titleFromCode, type ProblemDetails } from './problem-details';

/**
 * Renders errors of a library the platform does not import, recognised by their string `code`:
 * `{ code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', status: 409, as: 'CONCURRENCY.CONFLICT' }`.
 * A code ending in `.*` matches every code under that prefix (`ZONE.*`).
 */
export interface ErrorMapping {
  readonly code: string;
  readonly status: number;
  /** The code clients see; defaults to the error's own. */
  readonly as?: string;
  readonly title?: string;
}

/** Where the error happened, for the `instance` and `correlationId` members. */
export interface ProblemContext {
  readonly instance: string;
  readonly correlationId: string;
}

/** Codes of statuses clients must tell apart regardless of which layer produced them. */
const CODES_BY_STATUS: Readonly<Record<number, string>> = {
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  500: 'INTERNAL',
};

const INTERNAL_DETAIL =
  'The service failed to handle the request; quote the correlation id when reporting it.';

interface ProblemParts {
  readonly status: number;
  readonly code: string;
  readonly title?: string;
  readonly detail: string;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** Turns anything thrown while serving a request into its problem document. */
export function problemFor(
  error: unknown,
  context: ProblemContext,
  mappings: readonly ErrorMapping[] = [],
): ProblemDetails {
  const parts = partsOf(error, mappings);
  // Whatever a 5xx carried (SQL, stack, hostnames) stays in the logs.
  const hidden = parts.status >= 500 && !(error instanceof ProblemError);
  const code = hidden ? (parts.status === 500 ? 'INTERNAL' : parts.code) : parts.code;
  const standard = {
    type: problemTypeFor(code),
    title: hidden ? (STATUS_CODES[parts.status] ?? 'Error') : (parts.title ?? titleFromCode(code)),
    status: parts.status,
    detail: hidden ? INTERNAL_DETAIL : truncatedText(parts.detail, MAX_DETAIL),
    code,
    instance: truncatedText(context.instance, MAX_INSTANCE),
    correlationId: context.correlationId,
  };
  // Extensions follow the standard members and cannot replace them.
  return { ...standard, ...(hidden ? {} : parts.extensions), ...standard };
}

// A detail or path may quote what the caller sent (a 10 KB id): cut, so answers stay small.
const MAX_DETAIL = 1000;
const MAX_INSTANCE = 500;

function partsOf(error: unknown, mappings: readonly ErrorMapping[]): ProblemParts {
  if (error instanceof ProblemError) {
    return {
      status: error.status,
      code: error.code,
      title: error.title,
      detail: error.message,
      extensions: error.extensions(),
    };
  }
  if (error instanceof HttpException) return httpExceptionParts(error);

  const code = codeOf(error);
  const mapping = code === undefined ? undefined : mappingFor(code, mappings);
  if (code !== undefined && mapping !== undefined) {
    return {
      status: mapping.status,
      code: mapping.as ?? code,
      title: mapping.title,
      detail: error instanceof Error ? error.message : code,
    };
  }
  return { status: 500, code: 'INTERNAL', detail: INTERNAL_DETAIL };
}

function httpExceptionParts(error: HttpException): ProblemParts {
  const status = error.getStatus();
  const phrase = STATUS_CODES[status] ?? 'Error';
  const code =
    CODES_BY_STATUS[status] ?? `HTTP.${phrase.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  return { status, code, title: phrase, detail: httpExceptionDetail(error) };
}

/** Nest's exceptions carry their message either as a string or as `{ message: string | string[] }`. */
function httpExceptionDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function mappingFor(code: string, mappings: readonly ErrorMapping[]): ErrorMapping | undefined {
  return (
    mappings.find((mapping) => mapping.code === code) ??
    mappings.find(
      (mapping) => mapping.code.endsWith('.*') && code.startsWith(mapping.code.slice(0, -1)),
    )
  );
}
