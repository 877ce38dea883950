import type { JsonSchema } from './openapi-document';
import { schemaType } from './schema-values.arbitrary';

/** A place in a request body the malformed cases can change: a field, an item, or the root. */
export interface BodySlot {
  /** Keys and indexes from the root; empty for the body itself. */
  readonly path: readonly (string | number)[];
  readonly schema: JsonSchema;
  /** A property its object requires. */
  readonly required: boolean;
  /** Whether the body holds a value there (an optional property may be absent). */
  readonly present: boolean;
  /** The value there; undefined when absent. */
  readonly value: unknown;
}

/** Every slot of a valid body with the schema that governs it, absent optional fields included. */
export function slotsOf(schema: JsonSchema, value: unknown): BodySlot[] {
  const slots: BodySlot[] = [];
  const visit = (
    governing: JsonSchema,
    current: unknown,
    path: (string | number)[],
    required: boolean,
    present: boolean,
  ) => {
    const own = branchFor(governing, current);
    slots.push({ path, schema: own, required, present, value: current });
    if (!present) return;
    if (Array.isArray(current)) {
      current.forEach((item, index) => visit(own.items ?? {}, item, [...path, index], false, true));
    } else if (typeof current === 'object' && current !== null) {
      for (const [name, child] of Object.entries(own.properties ?? {})) {
        const held = Object.prototype.hasOwnProperty.call(current, name);
        const isRequired = (own.required ?? []).includes(name);
        visit(child, (current as Record<string, unknown>)[name], [...path, name], isRequired, held);
      }
    }
  };
  visit(schema, value, [], true, true);
  return slots;
}

/** The alternative of a oneOf/anyOf that a value was generated from (by its JSON type). */
function branchFor(schema: JsonSchema, value: unknown): JsonSchema {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (!alternatives) return schema;
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const matching = alternatives.find((alternative) => {
    const type = schemaType(alternative);
    return type === kind || (kind === 'number' && type === 'integer');
  });
  return matching ?? schema;
}

/** A copy of the body with the value at `path` replaced (an absent property is added). */
export function withValueAt(
  body: unknown,
  path: readonly (string | number)[],
  replacement: unknown,
): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  const parent = path
    .slice(0, -1)
    .reduce<
      Record<string | number, unknown>
    >((node, key) => node[key] as Record<string | number, unknown>, copy);
  // defineProperty, so a key such as __proto__ becomes an own field as JSON.parse would make it.
  Object.defineProperty(parent, path[path.length - 1], {
    value: replacement,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** A copy of the body without the property at `path`. */
export function withoutValueAt(body: unknown, path: readonly (string | number)[]): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  const parent = path
    .slice(0, -1)
    .reduce<
      Record<string | number, unknown>
    >((node, key) => node[key] as Record<string | number, unknown>, copy);
  delete parent[path[path.length - 1]];
  return copy;
}

/** `zones[0].approvedOn.year`: a slot's path as people write it. */
export function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'body';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`))
    .join('');
}
