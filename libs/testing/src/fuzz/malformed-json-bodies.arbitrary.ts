import fc from 'fast-check';
import { describePath, slotsOf, withoutValueAt, withValueAt, type BodySlot } from './body-slots';
import {
  RAW_MARKER,
  requestOf,
  type Expectation,
  type FuzzCase,
  type RequestClass,
  type RequestParts,
} from './fuzz-request';
import {
  FORBIDDEN_CHARACTERS,
  HUGE_ARRAY_ITEMS,
  HUGE_TEXT_CHARS,
  IMPOSSIBLE_CALENDAR_DATES,
  IMPOSSIBLE_DATES,
  IMPOSSIBLE_DATE_TIMES,
  INJECTIONS,
  INVALID_UTF8,
  NESTING_DEPTHS,
  NUMBER_SPELLINGS,
} from './hostile-values';
import type { JsonSchema } from './openapi-document';
import { isCalendarDate, schemaType } from './schema-values.arbitrary';
import { admitsText } from './text-constraints';
import { bodySchemaFor, type RequestContext } from './valid-requests.arbitrary';

type Build = (parts: RequestParts, slot: BodySlot) => fc.Arbitrary<FuzzCase>;

/** The classes of malformed JSON bodies: types, fields, sizes, depth, characters, numbers, dates. */
export function malformedJsonBodies(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
): RequestClass[] {
  const send = (parts: RequestParts, expect: Expectation, note: string, raw?: Buffer | string) =>
    [requestOf(context.operation, parts, { token: context.token, expect, note, raw })] as FuzzCase;
  const replaced = (parts: RequestParts, slot: BodySlot, value: unknown) => ({
    ...parts,
    body: withValueAt(parts.body, slot.path, value),
  });
  const onSlots = (name: string, accepts: (slot: BodySlot) => boolean, build: Build) =>
    slotClass(context, valid, name, accepts, build);
  const at = (slot: BodySlot) => describePath(slot.path);

  return [
    onSlots(
      'body.wrong-type',
      (slot) => slot.present && wrongTypes(slot.schema).length > 0,
      (parts, slot) =>
        fc
          .constantFrom(...wrongTypes(slot.schema))
          .map((value) =>
            send(replaced(parts, slot, value), 'refusal', `${at(slot)} = ${JSON.stringify(value)}`),
          ),
    ),
    onSlots(
      'body.out-of-range',
      (slot) => outOfRange(slot.schema).length > 0,
      (parts, slot) =>
        fc
          .constantFrom(...outOfRange(slot.schema))
          .map((value) =>
            send(replaced(parts, slot, value), 'refusal', `${at(slot)} = ${preview(value)}`),
          ),
    ),
    onSlots(
      'body.missing-required',
      (slot) => slot.required && slot.present && slot.path.length > 0,
      (parts, slot) =>
        fc.constant(
          send(
            { ...parts, body: withoutValueAt(parts.body, slot.path) },
            'refusal',
            `${at(slot)} left out`,
          ),
        ),
    ),
    onSlots(
      'body.null',
      (slot) => slot.path.length > 0 && !slot.schema.nullable,
      (parts, slot) =>
        fc.constant(
          send(
            replaced(parts, slot, null),
            'refusal',
            `${at(slot)} = null (${slot.required ? 'required' : 'optional'})`,
          ),
        ),
    ),
    onSlots(
      'body.unknown-field',
      (slot) => isPlainObject(slot.value),
      (parts, slot) =>
        fc
          .constantFrom(
            'unknownField',
            '__proto__',
            'constructor',
            'isAdmin',
            'recordedAt',
            'version',
          )
          .filter((key) => !(key in (slot.schema.properties ?? {})))
          .map((key) =>
            send(
              replaced(parts, { ...slot, path: [...slot.path, key] } as BodySlot, {
                polluted: true,
              }),
              'refusal',
              `${at(slot)} has unknown ${key}`,
            ),
          ),
    ),
    onSlots(
      'body.huge-string',
      (slot) => isText(slot.schema),
      (parts, slot) =>
        fc
          .record({ unit: fc.constantFrom('x', '苏', 'ab '), length: fc.integer(HUGE_TEXT_CHARS) })
          .map(({ unit, length }) => {
            const text = unit.repeat(Math.ceil(length / unit.length));
            return send(
              replaced(parts, slot, text),
              admitsText(slot.schema, text) ? 'any' : 'refusal',
              `${at(slot)}: ${length} chars of "${unit}"`,
            );
          }),
    ),
    onSlots(
      'body.huge-array',
      (slot) => schemaType(slot.schema) === 'array',
      (parts, slot) =>
        fc.integer(HUGE_ARRAY_ITEMS).map((count) => {
          const { item, expect } = hugeArrayItem(slot);
          return send(
            replaced(parts, slot, new Array(count).fill(item)),
            expect,
            `${at(slot)}: ${count} items`,
          );
        }),
    ),
    {
      ...onSlots(
        'body.deep-nesting',
        () => true,
        (parts, slot) =>
          fc
            .record({
              depth: fc.oneof(
                fc.constantFrom(...NESTING_DEPTHS),
                fc.integer({ min: 500, max: 20_000 }),
              ),
              shape: fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>,
            })
            .map(({ depth, shape }) =>
              send(
                replaced(parts, slot, RAW_MARKER),
                'refusal',
                `${at(slot)}: ${shape}s ${depth} deep`,
                nested(shape, depth),
              ),
            ),
      ),
      // The named depths at the root of the body, whatever the seed.
      fixed: (parts: RequestParts) =>
        NESTING_DEPTHS.flatMap((depth) =>
          (['array', 'object'] as const).map((shape) =>
            send(
              { ...parts, body: RAW_MARKER },
              'refusal',
              `body: ${shape}s ${depth} deep`,
              nested(shape, depth),
            ),
          ),
        ),
    },
    onSlots(
      'body.forbidden-characters',
      (slot) => slot.present && isText(slot.schema),
      (parts, slot) =>
        fc
          .record({ entry: fc.constantFrom(...FORBIDDEN_CHARACTERS), at: fc.nat() })
          .map(({ entry, at: position }) => {
            const text = typeof slot.value === 'string' ? slot.value : 'text';
            const index = position % (text.length + 1);
            const value = `${text.slice(0, index)}${entry.char}${text.slice(index)}`;
            const expect = admitsText(slot.schema, value) ? entry.inText : 'refusal';
            return send(
              replaced(parts, slot, value),
              expect,
              `${at(slot)} holds ${JSON.stringify(entry.char)}`,
            );
          }),
    ),
    onSlots(
      'body.invalid-utf8',
      (slot) => isText(slot.schema),
      (parts, slot) =>
        fc
          .constantFrom(...INVALID_UTF8)
          .map((bytes) =>
            send(
              replaced(parts, slot, `ab${RAW_MARKER}cd`),
              'refusal',
              `${at(slot)} holds bytes ${hex(bytes)}`,
              Buffer.from(bytes),
            ),
          ),
    ),
    onSlots(
      'body.injection',
      (slot) => isText(slot.schema),
      (parts, slot) =>
        fc
          .constantFrom(...INJECTIONS)
          .map((fragment) =>
            send(
              replaced(parts, slot, fragment),
              admitsText(slot.schema, fragment) ? 'any' : 'refusal',
              `${at(slot)} = ${JSON.stringify(fragment)}`,
            ),
          ),
    ),
    onSlots(
      'body.number-spelling',
      (slot) => isNumeric(slot.schema),
      (parts, slot) =>
        fc
          .constantFrom(
            ...NUMBER_SPELLINGS.filter(
              (spelling) => spelling.trim() === spelling && spelling !== '',
            ),
          )
          .map((spelling) =>
            send(
              replaced(parts, slot, RAW_MARKER),
              numberExpectation(slot.schema, spelling),
              `${at(slot)} = ${spelling}`,
              spelling,
            ),
          ),
    ),
    onSlots(
      'body.impossible-date',
      (slot) => isCalendarDate(slot.schema) || isDateText(slot.schema),
      (parts, slot) =>
        fc
          .constantFrom<unknown>(...impossibleDatesFor(slot.schema))
          .map((date) =>
            send(replaced(parts, slot, date), 'refusal', `${at(slot)} = ${JSON.stringify(date)}`),
          ),
    ),
  ];
}

/** A class whose cases change one slot of a valid body that `accepts`; none where none does. */
function slotClass(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
  name: string,
  accepts: (slot: BodySlot) => boolean,
  build: Build,
): RequestClass {
  const mediaType = (parts: RequestParts) => parts.mediaType ?? '';
  return {
    name,
    malformed: true,
    arbitrary: valid.chain((parts) => {
      const slots = slotsOf(bodySchemaFor(context.operation, mediaType(parts)), parts.body).filter(
        accepts,
      );
      if (slots.length === 0) return fc.constant<FuzzCase>([]);
      return fc.constantFrom(...slots).chain((slot) =>
        // An operation that reports refused items in its answer (an import) may accept the rest.
        context.reportsRefusedItems && slot.path.some((key) => typeof key === 'number')
          ? build(parts, slot).map((requests) =>
              requests.map((request) => ({ ...request, expect: 'any' as const })),
            )
          : build(parts, slot),
      );
    }),
  };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongTypes(schema: JsonSchema): unknown[] {
  switch (schemaType(schema)) {
    case 'string':
      return [123, true, {}, [], ['text']];
    case 'integer':
      return ['12', 1.5, true, {}, [1]];
    case 'number':
      return ['1', true, {}, [1]];
    case 'boolean':
      return ['true', 1, 0, {}];
    case 'object':
      return ['text', 1, [], true, [{}]];
    case 'array':
      return ['text', 1, {}, true];
    default:
      return [];
  }
}

function outOfRange(schema: JsonSchema): unknown[] {
  const values: unknown[] = [];
  if (schema.enum && typeof schema.enum[0] === 'string') {
    const first = schema.enum[0] as string;
    values.push('NOT_ONE_OF_THEM', first.toLowerCase(), ` ${first}`, `${first}X`);
  }
  if (schema.minimum !== undefined) values.push(schema.minimum - 1);
  if (schema.maximum !== undefined) values.push(schema.maximum + 1);
  if (schema.maxLength !== undefined) values.push('x'.repeat(schema.maxLength + 1));
  if (schema.minLength !== undefined && schema.minLength > 0)
    values.push('x'.repeat(schema.minLength - 1));
  if (schema.pattern)
    values.push(
      ...['', '!!', '..', ' '].filter((text) => !new RegExp(schema.pattern as string).test(text)),
    );
  if (schema.maxItems !== undefined) values.push(new Array(schema.maxItems + 1).fill(null));
  return values.filter((value) => !(schema.enum ?? []).includes(value));
}

function isText(schema: JsonSchema): boolean {
  return schemaType(schema) === 'string';
}

function isNumeric(schema: JsonSchema): boolean {
  return schemaType(schema) === 'integer' || schemaType(schema) === 'number';
}

function isDateText(schema: JsonSchema): boolean {
  return isText(schema) && (schema.format === 'date' || schema.format === 'date-time');
}

function impossibleDatesFor(schema: JsonSchema): readonly unknown[] {
  if (isCalendarDate(schema)) return IMPOSSIBLE_CALENDAR_DATES;
  return schema.format === 'date' ? IMPOSSIBLE_DATES : IMPOSSIBLE_DATE_TIMES;
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Whether a number spelled so belongs in the slot: not JSON, not finite, fractional or out of bounds is refused. */
export function numberExpectation(schema: JsonSchema, spelling: string): Expectation {
  if (!JSON_NUMBER.test(spelling)) return 'refusal';
  const value = Number(spelling);
  if (!Number.isFinite(value)) return 'refusal';
  if (schemaType(schema) === 'integer' && !Number.isSafeInteger(value)) return 'refusal';
  if (schema.minimum !== undefined && value < schema.minimum) return 'refusal';
  if (schema.maximum !== undefined && value > schema.maximum) return 'refusal';
  return 'any';
}

function hugeArrayItem(slot: BodySlot): { item: unknown; expect: Expectation } {
  const items = slot.value;
  const bounded = slot.schema.maxItems !== undefined;
  if (Array.isArray(items) && items.length > 0)
    return { item: items[0], expect: bounded ? 'refusal' : 'any' };
  const itemType = schemaType(slot.schema.items ?? {});
  if (itemType === 'string' && admitsText(slot.schema.items ?? {}, 'x'))
    return { item: 'x', expect: bounded ? 'refusal' : 'any' };
  return {
    item: {},
    expect:
      itemType === 'object' && (slot.schema.items?.required ?? []).length === 0 && !bounded
        ? 'any'
        : 'refusal',
  };
}

/** JSON text of arrays or objects nested `depth` deep, built as text (no recursion here). */
export function nested(shape: 'array' | 'object', depth: number): string {
  return shape === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 40)}… (${text.length} chars)` : text;
}

function hex(bytes: readonly number[]): string {
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
