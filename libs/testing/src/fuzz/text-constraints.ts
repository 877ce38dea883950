import type { JsonSchema } from './openapi-document';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Whether a string keeps the schema's string constraints: enum, pattern, lengths and the date
 * formats. A text field without them takes any text, an injection fragment included.
 */
export function admitsText(schema: JsonSchema, text: string): boolean {
  if (schema.enum && !schema.enum.includes(text)) return false;
  if (schema.maxLength !== undefined && text.length > schema.maxLength) return false;
  if (schema.minLength !== undefined && text.length < schema.minLength) return false;
  if (schema.pattern && !safeTest(schema.pattern, text)) return false;
  if (schema.format === 'date') return DATE.test(text) && !Number.isNaN(Date.parse(text));
  if (schema.format === 'date-time') return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text));
  return true;
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return new RegExp(pattern).test(text);
  }
}
