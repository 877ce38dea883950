import fc from 'fast-check';
import type { BodySlot } from './body-slots';
import { bodySlotKit } from './body-slot-kit';
import { RAW_MARKER, type Expectation, type RequestClass, type RequestParts } from './fuzz-request';
import {
  FORBIDDEN_CHARACTERS,
  HUGE_ARRAY_ITEMS,
  HUGE_TEXT_CHARS,
  INJECTIONS,
  INVALID_UTF8,
  NESTING_DEPTHS,
  NUMBER_SPELLINGS,
} from './hostile-values';
import type { JsonSchema } from './openapi-document';
import { schemaType } from './schema-values.arbitrary';
import { admitsText } from './text-constraints';
import type { RequestContext } from './valid-requests.arbitrary';

/** Malformed JSON bodies by content: huge strings and arrays, deep nesting, characters, bytes, injections, number spellings. */
export function malformedJsonContents(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
): RequestClass[] {
  const { send, replaced, onSlots, at } = bodySlotKit(context, valid);
  return [
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
  ];
}

function isText(schema: JsonSchema): boolean {
  return schemaType(schema) === 'string';
}

function isNumeric(schema: JsonSchema): boolean {
  return schemaType(schema) === 'integer' || schemaType(schema) === 'number';
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
  // Past maxItems the count alone makes the refusal: the smallest item keeps the body small
  // (136,000 copies of a valid dimension are 16 MB, whose sending alone costs this process more
  // CPU than the stall bound, and says nothing more about the service).
  if (bounded) return { item: 0, expect: 'refusal' };
  if (Array.isArray(items) && items.length > 0) return { item: items[0], expect: 'any' };
  const itemType = schemaType(slot.schema.items ?? {});
  if (itemType === 'string' && admitsText(slot.schema.items ?? {}, 'x'))
    return { item: 'x', expect: 'any' };
  return {
    item: {},
    expect:
      itemType === 'object' && (slot.schema.items?.required ?? []).length === 0 ? 'any' : 'refusal',
  };
}

/** JSON text of arrays or objects nested `depth` deep, built as text (no recursion here). */
export function nested(shape: 'array' | 'object', depth: number): string {
  return shape === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function hex(bytes: readonly number[]): string {
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
