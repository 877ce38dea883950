import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_JSON } from '../problems/problem-details';
import { FieldErrorSchema, ProblemDetailsSchema } from './problem-details.schema';

/** What each error status means across ZoneLedger's APIs. */
const MEANINGS: Readonly<Record<number, string>> = {
  400: 'Invalid request: VALIDATION.FAILED (with field errors), REQUEST.MALFORMED_JSON, or a malformed header',
  401: 'AUTH.UNAUTHENTICATED: no valid bearer token',
  403: 'AUTH.FORBIDDEN: the token lacks the role this operation needs',
  404: 'Not found',
  409: 'Conflict, e.g. CONCURRENCY.CONFLICT when If-Match names a version that is no longer current',
  413: 'REQUEST.TOO_LARGE: the body exceeds the limit',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  422: 'A business rule refuses the request',
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
