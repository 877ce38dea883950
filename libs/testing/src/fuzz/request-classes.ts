import type { RequestClass } from './fuzz-request';
import { isJsonMediaType } from './fuzz-request';
import { malformedCredentials, reusedIdempotencyKeys } from './malformed-credentials.arbitrary';
import { malformedJsonContents } from './malformed-json-contents.arbitrary';
import { malformedJsonShapes } from './malformed-json-shapes.arbitrary';
import { malformedParameters } from './malformed-parameters.arbitrary';
import { malformedTransport } from './malformed-transport.arbitrary';
import {
  preferredMediaType,
  validParts,
  validRequests,
  type RequestContext,
} from './valid-requests.arbitrary';

/** Every class of requests the fuzz sends to one operation: valid ones first, then the malformed. */
export function requestClassesFor(context: RequestContext): RequestClass[] {
  const valid = validParts(context);
  const jsonBody = isJsonMediaType(preferredMediaType(context.operation) ?? '');
  return [
    validRequests(context),
    ...(jsonBody ? malformedJsonShapes(context, valid) : []),
    ...(jsonBody ? malformedJsonContents(context, valid) : []),
    ...malformedTransport(context, valid),
    ...malformedParameters(context, valid),
    ...malformedCredentials(context, valid),
    ...reusedIdempotencyKeys(context),
  ];
}
