import {
  followRef,
  inlineSchema,
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiParameter,
} from './openapi-document';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** A path, query or header parameter of an operation, its schema inlined. */
export interface FuzzParameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** What the fuzz knows of one operation of a service's OpenAPI document. */
export interface FuzzOperation {
  /** `POST /v1/zones/{zoneId}/exit`: method and path template, as the document names them. */
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly pathParameters: readonly FuzzParameter[];
  readonly queryParameters: readonly FuzzParameter[];
  readonly headerParameters: readonly FuzzParameter[];
  /** The request body's schema per media type, inlined; undefined when it takes no body. */
  readonly body?: { readonly required: boolean; readonly content: Record<string, JsonSchema> };
  /** Whether a bearer token is needed (its own `security`, else the document's). */
  readonly secured: boolean;
  /** The roles allowed, when the document says (`x-roles`, or "Roles: a, b" in its description). */
  readonly roles?: readonly string[];
  /** Whether it honours a client's Idempotency-Key (a documented header, or named in its summary). */
  readonly idempotent: boolean;
}

/** Every operation of an OpenAPI 3 document, with parameters, bodies and security read out. */
export function readOperations(document: OpenApiDocument): FuzzOperation[] {
  if (!/^3\./.test(document.openapi ?? '')) {
    throw new Error(`an OpenAPI 3 document is needed, got openapi: ${document.openapi}`);
  }
  return Object.entries(document.paths).flatMap(([path, item]) => {
    const shared = (item.parameters ?? []) as OpenApiParameter[];
    return METHODS.filter((method) => item[method] !== undefined).map((method) =>
      operationOf(document, method, path, item[method] as OpenApiOperation, shared),
    );
  });
}

function operationOf(
  document: OpenApiDocument,
  method: string,
  path: string,
  operation: OpenApiOperation,
  shared: readonly OpenApiParameter[],
): FuzzOperation {
  const parameters = [...shared, ...(operation.parameters ?? [])].map((parameter) =>
    parameter.$ref ? (followRef(document, parameter.$ref) as OpenApiParameter) : parameter,
  );
  const of = (location: OpenApiParameter['in']) =>
    parameters
      .filter((parameter) => parameter.in === location)
      .map((parameter) => ({
        name: parameter.name,
        required: location === 'path' || parameter.required === true,
        schema: inlineSchema(document, parameter.schema),
      }));
  const headerParameters = of('header');
  const roles = operation['x-roles'] ?? rolesNamedIn(operation.description ?? '');
  const body = bodyOf(document, operation);
  return {
    id: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    summary: operation.summary ?? '',
    pathParameters: of('path'),
    queryParameters: of('query'),
    headerParameters,
    ...(body ? { body } : {}),
    secured: (operation.security ?? document.security ?? []).some(
      (requirement) => Object.keys(requirement).length > 0,
    ),
    ...(roles ? { roles } : {}),
    // The summary, not the description: a description may name keys the service derives itself.
    idempotent:
      headerParameters.some(({ name }) => name.toLowerCase() === 'idempotency-key') ||
      /idempotency-key/i.test(operation.summary ?? ''),
  };
}

function bodyOf(document: OpenApiDocument, operation: OpenApiOperation): FuzzOperation['body'] {
  const declared = operation.requestBody?.$ref
    ? (followRef(document, operation.requestBody.$ref) as OpenApiOperation['requestBody'])
    : operation.requestBody;
  if (!declared?.content) return undefined;
  const content = Object.fromEntries(
    Object.entries(declared.content).map(([mediaType, { schema }]) => [
      mediaType.toLowerCase(),
      inlineSchema(document, schema),
    ]),
  );
  return { required: declared.required === true, content };
}

// "Roles: zone-admin, ops" (or "Role: ops") in a description, as a service may document them.
function rolesNamedIn(description: string): string[] | undefined {
  const match = /\broles?:\s*([a-z][\w-]*(?:\s*(?:,|or)\s*[a-z][\w-]*)*)/i.exec(description);
  return match ? match[1].split(/\s*(?:,|\bor\b)\s*/).filter(Boolean) : undefined;
}
