import fc from 'fast-check';
import type { JsonSchema } from './openapi-document';
import type { FuzzOperation, FuzzParameter } from './openapi-operations.reader';
import { isJsonMediaType, requestOf, type RequestClass, type RequestParts } from './fuzz-request';
import { knownValuesFor, schemaType, validValue, type ValueHints } from './schema-values.arbitrary';

/** What request generators know beyond the operation: data that exists, and tokens. */
export interface RequestContext {
  readonly operation: FuzzOperation;
  readonly hints: ValueHints;
  /** A token of a role the operation allows; undefined when it needs none. */
  readonly token?: string;
  /** A token of a role it does not allow, when the roles are known and such a role exists. */
  readonly wrongRoleToken?: string;
  /** Tokens no service may trust: another key, alg none, tampered claims, garbage. */
  readonly forgedTokens: readonly string[];
  /** Whether it answers 2xx listing the items it refused (an import): bad items are not refusals. */
  readonly reportsRefusedItems: boolean;
}

/** Valid parts of a request to the operation: path, query, documented headers and body. */
export function validParts(context: RequestContext): fc.Arbitrary<RequestParts> {
  const { operation, hints } = context;
  const path = fc.record(
    Object.fromEntries(
      operation.pathParameters.map((parameter) => [parameter.name, pathValue(parameter, hints)]),
    ),
  );
  const query = fc
    .tuple(...operation.queryParameters.map((parameter) => queryPairs(parameter, hints)))
    .map((groups) => groups.flat());
  const headers = fc
    .tuple(...operation.headerParameters.map(headerValue))
    .map((pairs) => Object.fromEntries(pairs.flat()));
  return fc.record({ path, query, headers, body: bodyValue(operation, hints) }).map(
    ({ path: values, query: pairs, headers: documented, body }): RequestParts => ({
      path: values,
      query: pairs,
      headers: documented,
      ...(body === undefined ? {} : { mediaType: body.mediaType, body: body.value }),
    }),
  );
}

/** The `valid` class: requests the document allows, sent with a token of an allowed role. */
export function validRequests(context: RequestContext): RequestClass {
  return {
    name: 'valid',
    malformed: false,
    arbitrary: validParts(context).map((parts) => [
      requestOf(context.operation, parts, { token: context.token, expect: 'any', note: 'valid' }),
    ]),
  };
}

/** The media type a valid body is sent as: JSON where the operation takes it. */
export function preferredMediaType(operation: FuzzOperation): string | undefined {
  const types = Object.keys(operation.body?.content ?? {});
  return types.find(isJsonMediaType) ?? types[0];
}

/** The schema of the body for a media type; for text (CSV) the string alternative of a oneOf. */
export function bodySchemaFor(operation: FuzzOperation, mediaType: string): JsonSchema {
  const schema = operation.body?.content[mediaType] ?? {};
  if (isJsonMediaType(mediaType)) return schema;
  const alternatives = schema.oneOf ?? schema.anyOf ?? [schema];
  return (
    alternatives.find((alternative) => schemaType(alternative) === 'string') ?? { type: 'string' }
  );
}

function bodyValue(
  operation: FuzzOperation,
  hints: ValueHints,
): fc.Arbitrary<{ mediaType: string; value: unknown } | undefined> {
  const mediaType = preferredMediaType(operation);
  if (mediaType === undefined) return fc.constant(undefined);
  return validValue(bodySchemaFor(operation, mediaType), hints).map((value) => ({
    mediaType,
    value,
  }));
}

function pathValue(parameter: FuzzParameter, hints: ValueHints): fc.Arbitrary<string> {
  const known = knownValuesFor(hints, parameter.name);
  const generated = validValue(parameter.schema, hints, parameter.name).map(String);
  const value =
    known.length > 0
      ? fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...known) },
          { weight: 1, arbitrary: generated },
        )
      : generated;
  return value.map(encodeURIComponent);
}

function queryPairs(
  parameter: FuzzParameter,
  hints: ValueHints,
): fc.Arbitrary<(readonly [string, string])[]> {
  const pairs = validValue(parameter.schema, hints, parameter.name).map((value) =>
    (Array.isArray(value) ? value : [value]).map(
      (item) => [encodeURIComponent(parameter.name), encodeURIComponent(String(item))] as const,
    ),
  );
  return parameter.required ? pairs : fc.option(pairs, { nil: [] });
}

// Idempotency-Key sometimes (a fresh one); If-Match never, so a valid write is not stale.
function headerValue(parameter: FuzzParameter): fc.Arbitrary<(readonly [string, string])[]> {
  const name = parameter.name.toLowerCase();
  if (name === 'idempotency-key') {
    return fc.option(
      fc.uuid().map((key) => [[name, key] as const]),
      { nil: [] },
    );
  }
  if (!parameter.required) return fc.constant([]);
  return validValue(parameter.schema).map((value) => [[name, String(value)] as const]);
}
