import fc from 'fast-check';
import type { JsonSchema } from './openapi-document';

/** What the fuzz knows of the service's data, so valid requests reach real records. */
export interface ValueHints {
  /**
   * Values that exist in the service by name (`zoneId`): path parameters of that name and body
   * fields named like it (`zoneId`, `survivingZoneId`, `absorbedZoneIds`) often take one of them.
   */
  readonly knownValues?: Readonly<Record<string, readonly string[]>>;
}

// Letters, digits and Han characters: text any register accepts, without the characters the
// malformed cases insert (controls, surrogates, quotes).
const TEXT_UNIT = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'开发区高新技术产业园苏州江南北东西中新城港湾经济合作',
);
const SLUG = fc.stringMatching(/^[a-z][a-z0-9-]{3,28}[a-z0-9]$/);
const FIRST_YEAR = 1984;
const LAST_YEAR = 2024;

/** The effective type of a schema: its `type`, else what its keywords imply. */
export function schemaType(schema: JsonSchema): string | undefined {
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  if (schema.enum && schema.enum.length > 0) return typeof schema.enum[0];
  return undefined;
}

/** An object of year and optional month and day, as the services write calendar dates. */
export function isCalendarDate(schema: JsonSchema): boolean {
  const names = Object.keys(schema.properties ?? {});
  return (
    names.includes('year') &&
    names.some((name) => name === 'month' || name === 'day') &&
    names.every((name) => ['year', 'month', 'day'].includes(name))
  );
}

/** Values the schema accepts: required fields, enums, formats, patterns, bounds and examples. */
export function validValue(
  schema: JsonSchema,
  hints: ValueHints = {},
  name = '',
): fc.Arbitrary<unknown> {
  const value = nonNullValue(schema, hints, name);
  return schema.nullable
    ? fc.oneof({ weight: 9, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) })
    : value;
}

function nonNullValue(schema: JsonSchema, hints: ValueHints, name: string): fc.Arbitrary<unknown> {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((alternative) => validValue(alternative, hints, name)));
  }
  if (isCalendarDate(schema)) return calendarDate(schema);
  const generated = byType(schema, hints, name);
  // Examples are what the service's authors knew to work (a province it knows, say).
  return schema.example !== undefined && matchesType(schema, schema.example)
    ? fc.oneof(
        { weight: 1, arbitrary: fc.constant(schema.example) },
        { weight: 2, arbitrary: generated },
      )
    : generated;
}

function byType(schema: JsonSchema, hints: ValueHints, name: string): fc.Arbitrary<unknown> {
  switch (schemaType(schema)) {
    case 'object':
      return objectValue(schema, hints);
    case 'array':
      return fc.array(validValue(schema.items ?? {}, hints, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, 3)),
      });
    case 'integer':
    case 'number':
      return numberValue(schema);
    case 'boolean':
      return fc.boolean();
    default:
      return stringValue(schema, hints, name);
  }
}

function objectValue(schema: JsonSchema, hints: ValueHints): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(
    Object.entries(properties).map(([property, child]) => [
      property,
      validValue(child, hints, property),
    ]),
  );
  const requiredKeys = (schema.required ?? []).filter((key) => key in properties);
  return fc.record(model, { requiredKeys });
}

/** The values of known records whose name the field's name ends with (`survivingZoneId`). */
export function knownValuesFor(hints: ValueHints, name: string): readonly string[] {
  const field = name.toLowerCase();
  return Object.entries(hints.knownValues ?? {}).flatMap(([key, values]) => {
    const known = key.toLowerCase();
    return field === known || field.endsWith(known) || field.endsWith(`${known}s`) ? values : [];
  });
}

function stringValue(schema: JsonSchema, hints: ValueHints, name: string): fc.Arbitrary<string> {
  const known = knownValuesFor(hints, name);
  const own = freshString(schema, name);
  return known.length > 0
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: own })
    : own;
}

function freshString(schema: JsonSchema, name: string): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'date-time':
      return instant().map((date) => date.toISOString());
    case 'date':
      return instant().map((date) => date.toISOString().slice(0, 10));
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
  }
  const minLength = Math.max(schema.minLength ?? 1, 0);
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 24, 64));
  const fits = (text: string) => text.length >= minLength && text.length <= maxLength;
  if (schema.pattern) {
    const matching = patternString(schema.pattern);
    if (matching) return matching.filter(fits);
  }
  // Ids are slugs in every ZoneLedger service; any text elsewhere.
  if (/ids?$/i.test(name)) return SLUG.filter(fits);
  return fc.string({ unit: TEXT_UNIT, minLength: Math.max(minLength, 1), maxLength });
}

// fast-check generates strings for most regular expressions; "approximately" is enough here.
function patternString(pattern: string): fc.Arbitrary<string> | undefined {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return undefined;
  }
}

function instant(): fc.Arbitrary<Date> {
  return fc.date({
    min: new Date(`${FIRST_YEAR}-01-01T00:00:00Z`),
    max: new Date(`${LAST_YEAR}-12-31T23:59:59Z`),
    noInvalidDate: true,
  });
}

function numberValue(schema: JsonSchema): fc.Arbitrary<number> {
  const example = typeof schema.example === 'number' ? schema.example : undefined;
  let min = schema.minimum ?? (example === undefined ? 0 : example - 20);
  let max = schema.maximum ?? (example === undefined ? min + 1000 : example + 20);
  if (schema.exclusiveMinimum === true) min += 1;
  if (typeof schema.exclusiveMinimum === 'number') min = schema.exclusiveMinimum + 1;
  if (schema.exclusiveMaximum === true) max -= 1;
  if (typeof schema.exclusiveMaximum === 'number') max = schema.exclusiveMaximum - 1;
  const integers = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  if (schema.type === 'integer') return integers;
  // A number whose bounds and default are whole is a count in practice (limit, offset).
  const whole = [schema.minimum, schema.maximum, schema.default].every(
    (bound) => bound === undefined || Number.isInteger(bound),
  );
  return whole
    ? integers
    : fc.oneof(integers, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
}

/** A real calendar date (day 1-28 so every month has it), within the zones' history. */
function calendarDate(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  return fc
    .record({
      year: fc.integer({ min: FIRST_YEAR, max: LAST_YEAR }),
      month: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      day: fc.option(fc.integer({ min: 1, max: 28 }), { nil: undefined }),
    })
    .map(({ year, month, day }) => ({
      year,
      ...('month' in properties && month !== undefined ? { month } : {}),
      ...('day' in properties && month !== undefined && day !== undefined ? { day } : {}),
    }));
}

function matchesType(schema: JsonSchema, value: unknown): boolean {
  const type = schemaType(schema);
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'object')
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  return type === undefined || typeof value === type;
}
