import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_JSON } from '../problems/problem-details';
import { FieldErrorSchema, ProblemDetailsSchema } from './problem-details.schema';

/** What each error status means across ZoneLedger's APIs. */
const MEANINGS: Readonly<Record<number, string>> = {
  400: 'Invalid request: VALIDATION.FAILED (with at most 20 field errors and errorCount), REQUEST.MALFORMED_JSON, REQUEST.UNACCEPTABLE_BODY (JSON nested deeper than 32 levels, an object of over 1,000 members, an array of over 10,000 items (100,000 on bulk imports), or text holding U+0000, another control character or an unpaired surrogate), REQUEST.UNREADABLE_BODY (not UTF-8, or a Content-Encoding it is not in), REQUEST.MALFORMED_URL (a percent escape that is not UTF-8, or a control character), or a malformed header',
  401: 'AUTH.UNAUTHENTICATED: no valid bearer token',
  403: 'AUTH.FORBIDDEN: the token lacks the role this operation needs',
  404: 'Not found',
  409: 'Conflict, e.g. CONCURRENCY.CONFLICT when If-Match names a version that is no longer current',
  413: 'REQUEST.TOO_LARGE: the body exceeds the limit',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  422: 'A business rule refuses the request, or IDEMPOTENCY.KEY_REUSED: the Idempotency-Key was used for a different request',
  500: 'INTERNAL: quote the correlation id when reporting it',
};

/** Documents the listed error statuses of an operation as application/problem+json ProblemDetails. */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsSchema, FieldErrorSchema),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: MEANINGS[status] ?? 'Error',
        content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetailsSchema) } } },
      }),
    ),
  );
}
