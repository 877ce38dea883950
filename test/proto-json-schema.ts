import { ScalarType, type DescEnum, type DescField, type DescMessage } from '@bufbuild/protobuf';

// The proto JSON mapping of a protobuf message, as a JSON Schema must describe it: the check behind
// docs/asyncapi.yaml's payloads (test/asyncapi.spec.ts), which are written by hand.

/** The part of a JSON Schema (as @asyncapi/parser resolves it) that these checks read. */
export interface JsonSchema {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly string[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
  readonly allOf?: readonly JsonSchema[];
}

const JSON_TYPES: Partial<Record<ScalarType, string>> = {
  [ScalarType.STRING]: 'string',
  [ScalarType.BYTES]: 'string',
  [ScalarType.BOOL]: 'boolean',
  [ScalarType.DOUBLE]: 'number',
  [ScalarType.FLOAT]: 'number',
  [ScalarType.INT32]: 'integer',
  [ScalarType.UINT32]: 'integer',
  [ScalarType.SINT32]: 'integer',
  [ScalarType.FIXED32]: 'integer',
  [ScalarType.SFIXED32]: 'integer',
  // Proto JSON writes 64-bit integers as strings.
  [ScalarType.INT64]: 'string',
  [ScalarType.UINT64]: 'string',
  [ScalarType.SINT64]: 'string',
  [ScalarType.FIXED64]: 'string',
  [ScalarType.SFIXED64]: 'string',
};

/** Where a JSON Schema differs from the proto JSON mapping of a protobuf message; empty when it fits. */
export function protoJsonSchemaProblems(
  schema: JsonSchema | undefined,
  message: DescMessage,
  path: string,
): string[] {
  if (schema?.type !== 'object') return [`${path}: not an object schema (${message.typeName})`];
  const documented = Object.keys(schema.properties ?? {}).sort();
  const fields = message.fields.map((field) => field.jsonName).sort();
  if (documented.join() !== fields.join())
    return [`${path}: properties [${documented}], fields [${fields}]`];
  return message.fields.flatMap((field) =>
    fieldProblems(schema.properties?.[field.jsonName], field, `${path}.${field.jsonName}`),
  );
}

function fieldProblems(schema: JsonSchema | undefined, field: DescField, path: string): string[] {
  switch (field.fieldKind) {
    case 'scalar':
      return valueProblems(schema, { scalar: field.scalar }, path);
    case 'enum':
      return valueProblems(schema, { enumeration: field.enum }, path);
    case 'message':
      return protoJsonSchemaProblems(schema, field.message, path);
    case 'list':
      if (schema?.type !== 'array') return [`${path}: not an array schema`];
      if (field.listKind === 'message')
        return protoJsonSchemaProblems(schema.items, field.message, `${path}[]`);
      return valueProblems(
        schema.items,
        field.listKind === 'enum' ? { enumeration: field.enum } : { scalar: field.scalar },
        `${path}[]`,
      );
    case 'map':
      return [`${path}: a map field; teach protoJsonSchemaProblems its JSON shape first`];
  }
}

// An enum is its value names, without the zero value: proto JSON omits a field holding it.
function valueProblems(
  schema: JsonSchema | undefined,
  value: { scalar?: ScalarType; enumeration?: DescEnum },
  path: string,
): string[] {
  if (value.enumeration) {
    const names = value.enumeration.values.filter((v) => v.number !== 0).map((v) => v.name);
    const ok = schema?.type === 'string' && JSON.stringify(schema.enum) === JSON.stringify(names);
    return ok ? [] : [`${path}: expected string enum [${names}], got ${JSON.stringify(schema)}`];
  }
  const type = JSON_TYPES[value.scalar as ScalarType];
  return schema?.type === type ? [] : [`${path}: expected type ${type}, got ${schema?.type}`];
}
