import { truncatedText } from '../input/text-content';
import { ProblemError } from './problem-error';

/** One rejected input field; `field` is a path such as `mergers[1].zoneId`. */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** At most this many field errors are listed; `errorCount` tells how many there were. */
export const MAX_LISTED_FIELD_ERRORS = 20;
/** Field paths and messages are cut to this length, so a hostile key cannot inflate the answer. */
const MAX_FIELD_TEXT = 200;

/** The request body, query or path did not pass the DTO's validation rules. */
export class ValidationFailedError extends ProblemError {
  readonly code = 'VALIDATION.FAILED';
  readonly status = 400;
  override readonly title = 'Request validation failed';
  /** The first MAX_LISTED_FIELD_ERRORS errors, their texts shortened. */
  readonly errors: readonly FieldError[];
  /** How many errors there were in all. */
  readonly errorCount: number;

  constructor(errors: readonly FieldError[]) {
    const listed = errors.slice(0, MAX_LISTED_FIELD_ERRORS).map(({ field, code, message }) => ({
      field: truncatedText(field, MAX_FIELD_TEXT),
      code: truncatedText(code, MAX_FIELD_TEXT),
      message: truncatedText(message, MAX_FIELD_TEXT),
    }));
    const fields = [...new Set(listed.map((error) => error.field))];
    super(
      errors.length === 1
        ? `${listed[0].field}: ${listed[0].message}`
        : `${errors.length} errors in the request${errors.length > listed.length ? ` (the first ${listed.length} listed)` : ''}: ${fields.join(', ')}`,
    );
    this.errors = listed;
    this.errorCount = errors.length;
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { errors: this.errors, errorCount: this.errorCount };
  }
}

/** The request target (path or query) holds an escape or character no parameter may hold. */
export class MalformedUrlError extends ProblemError {
  readonly code = 'REQUEST.MALFORMED_URL';
  readonly status = 400;
  override readonly title = 'Malformed request URL';
}

/** The JSON body parses but is too deep or wide, or holds text no field may hold. */
export class UnacceptableBodyError extends ProblemError {
  readonly code = 'REQUEST.UNACCEPTABLE_BODY';
  readonly status = 400;
  override readonly title = 'Unacceptable request body';

  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`The body holds ${problem} at ${path}`);
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { path: this.path };
  }
}

/** The caller sent more requests than its limit allows in the current window. */
export class TooManyRequestsError extends ProblemError {
  readonly code = 'REQUEST.RATE_LIMITED';
  readonly status = 429;
  override readonly title = 'Too many requests';

  constructor(
    readonly limit: number,
    readonly windowSeconds: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`More than ${limit} requests in ${windowSeconds} s; retry after ${retryAfterSeconds} s`);
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return {
      limit: this.limit,
      windowSeconds: this.windowSeconds,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }
}

/**
 * An Idempotency-Key already used for a different request (another body, method or path): the
 * draft IETF Idempotency-Key header specification answers 422, so the second request is not
 * silently taken for a retry of the first.
 */
export class IdempotencyKeyReusedError extends ProblemError {
  readonly code = 'IDEMPOTENCY.KEY_REUSED';
  readonly status = 422;
  override readonly title = 'Idempotency-Key reused';

  constructor() {
    super('This Idempotency-Key was used for a different request; use a new key for a new request');
  }
}

/** The body claims to be JSON but does not parse. */
export class MalformedJsonError extends ProblemError {
  readonly code = 'REQUEST.MALFORMED_JSON';
  readonly status = 400;
  override readonly title = 'Malformed JSON body';
}

/** The body is larger than HTTP_BODY_LIMIT. */
export class BodyTooLargeError extends ProblemError {
  readonly code = 'REQUEST.TOO_LARGE';
  readonly status = 413;
  override readonly title = 'Request body too large';

  constructor(readonly limitBytes: number) {
    super(`The request body exceeds the limit of ${limitBytes} bytes`);
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { limitBytes: this.limitBytes };
  }
}

/** The body is of a media type, charset or encoding the service does not read. */
export class UnsupportedMediaTypeError extends ProblemError {
  readonly code = 'REQUEST.UNSUPPORTED_MEDIA_TYPE';
  readonly status = 415;
  override readonly title = 'Unsupported media type';
}

/** The body could not be read for another reason (aborted upload, wrong Content-Length). */
export class UnreadableBodyError extends ProblemError {
  readonly code = 'REQUEST.UNREADABLE_BODY';
  readonly status = 400;
  override readonly title = 'Unreadable request body';
}

/** A request header the endpoint relies on (Idempotency-Key, If-Match) is malformed or missing. */
export class InvalidHeaderError extends ProblemError {
  readonly status = 400;

  constructor(
    readonly code: `REQUEST.INVALID_${string}`,
    detail: string,
  ) {
    super(detail);
  }
}

/** No bearer token, or one that fails verification. */
export class UnauthenticatedError extends ProblemError {
  readonly code = 'AUTH.UNAUTHENTICATED';
  readonly status = 401;
  override readonly title = 'Authentication required';
}

/** A valid token whose roles do not allow this operation. */
export class ForbiddenError extends ProblemError {
  readonly code = 'AUTH.FORBIDDEN';
  readonly status = 403;
  override readonly title = 'Forbidden';
}
