import { ProblemError } from './problem-error';

/** One rejected input field; `field` is a path such as `mergers[1].zoneId`. */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** The request body, query or path did not pass the DTO's validation rules. */
export class ValidationFailedError extends ProblemError {
  readonly code = 'VALIDATION.FAILED';
  readonly status = 400;
  override readonly title = 'Request validation failed';

  constructor(readonly errors: readonly FieldError[]) {
    super(
      errors.length === 1
        ? `${errors[0].field}: ${errors[0].message}`
        : `${errors.length} fields are invalid: ${errors.map((error) => error.field).join(', ')}`,
    );
  }

  override extensions(): Readonly<Record<string, unknown>> {
    return { errors: this.errors };
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
