/** The part of a JSON Schema (OpenAPI 3.0 dialect) the fuzz reads; $refs are inlined by the reader. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean | number;
  readonly exclusiveMaximum?: boolean | number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly items?: JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly nullable?: boolean;
  readonly allOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly example?: unknown;
  readonly default?: unknown;
  readonly description?: string;
}

/** A parameter as an OpenAPI 3 document declares it. */
export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: JsonSchema;
  readonly $ref?: string;
}

/** An operation as an OpenAPI 3 document declares it. */
export interface OpenApiOperation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content?: Readonly<Record<string, { readonly schema?: JsonSchema }>>;
    readonly $ref?: string;
  };
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
  /** The roles allowed to call it, where a service documents them (an extension). */
  readonly 'x-roles'?: readonly string[];
}

/** An OpenAPI 3 document as a service serves it at /docs-json. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: {
    readonly schemas?: Readonly<Record<string, JsonSchema>>;
    readonly parameters?: Readonly<Record<string, OpenApiParameter>>;
    readonly requestBodies?: Readonly<Record<string, unknown>>;
  };
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

/** The value a local `$ref` (`#/components/schemas/X`) points at in the document. */
export function followRef(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are read, not ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => {
      const next = (node as Record<string, unknown> | undefined)?.[key];
      if (next === undefined) throw new Error(`$ref ${ref} points at nothing`);
      return next;
    }, document);
}

/**
 * The schema with every `$ref` inlined and every `allOf` merged into one object schema, so the
 * generators never need the document. A schema that refers to itself stops at `{}` (anything).
 */
export function inlineSchema(
  document: OpenApiDocument,
  schema: JsonSchema | undefined,
  visiting: readonly string[] = [],
): JsonSchema {
  if (schema === undefined) return {};
  if (schema.$ref !== undefined) {
    if (visiting.includes(schema.$ref)) return {};
    const { $ref, ...siblings } = schema;
    const target = inlineSchema(document, followRef(document, $ref) as JsonSchema, [
      ...visiting,
      $ref,
    ]);
    return { ...target, ...siblings };
  }
  const inline = (child: JsonSchema | undefined) => inlineSchema(document, child, visiting);
  const { allOf, oneOf, anyOf, items, properties, additionalProperties, ...own } = schema;
  let result: JsonSchema = {
    ...own,
    ...(oneOf ? { oneOf: oneOf.map(inline) } : {}),
    ...(anyOf ? { anyOf: anyOf.map(inline) } : {}),
    ...(items ? { items: inline(items) } : {}),
    ...(properties
      ? {
          properties: Object.fromEntries(
            Object.entries(properties).map(([name, child]) => [name, inline(child)]),
          ),
        }
      : {}),
    ...(typeof additionalProperties === 'object'
      ? { additionalProperties: inline(additionalProperties) }
      : additionalProperties === undefined
        ? {}
        : { additionalProperties }),
  };
  for (const part of allOf ?? []) result = mergeSchemas(inline(part), result);
  return result;
}

// allOf: the parts' properties and required fields together; the schema's own keywords win.
function mergeSchemas(part: JsonSchema, into: JsonSchema): JsonSchema {
  const properties = { ...(part.properties ?? {}), ...(into.properties ?? {}) };
  const required = [...new Set([...(part.required ?? []), ...(into.required ?? [])])];
  return {
    ...part,
    ...into,
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    ...(required.length > 0 ? { required } : {}),
  };
}
