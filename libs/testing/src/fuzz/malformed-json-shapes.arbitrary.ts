import fc from 'fast-check';
import { withoutValueAt, type BodySlot } from './body-slots';
import { bodySlotKit } from './body-slot-kit';
import type { RequestClass, RequestParts } from './fuzz-request';
import {
  IMPOSSIBLE_CALENDAR_DATES,
  IMPOSSIBLE_DATES,
  IMPOSSIBLE_DATE_TIMES,
} from './hostile-values';
import type { JsonSchema } from './openapi-document';
import { isCalendarDate, schemaType } from './schema-values.arbitrary';
import type { RequestContext } from './valid-requests.arbitrary';

/** Malformed JSON bodies by shape: wrong types, values out of range, fields missing, null or unknown, impossible dates. */
export function malformedJsonShapes(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
): RequestClass[] {
  const { send, replaced, onSlots, at } = bodySlotKit(context, valid);
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

function isDateText(schema: JsonSchema): boolean {
  return isText(schema) && (schema.format === 'date' || schema.format === 'date-time');
}

function impossibleDatesFor(schema: JsonSchema): readonly unknown[] {
  if (isCalendarDate(schema)) return IMPOSSIBLE_CALENDAR_DATES;
  return schema.format === 'date' ? IMPOSSIBLE_DATES : IMPOSSIBLE_DATE_TIMES;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 40)}… (${text.length} chars)` : text;
}

function isText(schema: JsonSchema): boolean {
  return schemaType(schema) === 'string';
}
