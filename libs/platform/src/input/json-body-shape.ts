import { forbiddenCharacterIn, truncatedText } from './text-content';

/** How large a parsed JSON body may be in shape, whatever its byte size. */
export interface JsonShapeLimits {
  /** Nesting of arrays and objects; the body itself is depth 1. */
  readonly maxDepth: number;
  /** Members of one object. */
  readonly maxKeys: number;
  /** Items of one array. */
  readonly maxArrayLength: number;
}

/**
 * Enough for every command, far below a stack overflow, and small enough that validating a body
 * never holds the event loop for long (100,000 items took class-validator 0.7 s).
 */
export const DEFAULT_JSON_SHAPE_LIMITS: JsonShapeLimits = {
  maxDepth: 32,
  maxKeys: 1000,
  maxArrayLength: 10_000,
};

/** Routes with a body limit of their own (bulk imports) take lists of up to 100,000 rows. */
export const BULK_JSON_SHAPE_LIMITS: JsonShapeLimits = {
  ...DEFAULT_JSON_SHAPE_LIMITS,
  maxArrayLength: 100_000,
};

/** Where a body breaks the limits, and how. */
export interface JsonShapeViolation {
  /** JSON path of the value, e.g. `$.zones[3].nameZh` (long keys are shortened). */
  readonly path: string;
  readonly problem: string;
}

// Keys that would reach Object.prototype through a later merge or assignment.
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first place where a parsed JSON body is too deep, too wide, holds a character no text may
 * hold (in a value or a key) or a prototype key; undefined when none. Iterative, so hostile
 * nesting cannot overflow the stack, and linear in the body's size.
 */
export function jsonShapeViolation(
  body: unknown,
  limits: JsonShapeLimits = DEFAULT_JSON_SHAPE_LIMITS,
): JsonShapeViolation | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [
    { value: body, depth: 1, path: '$' },
  ];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, depth, path } = next;
    if (typeof value === 'string') {
      const problem = forbiddenCharacterIn(value);
      if (problem) return { path, problem: `the text ${problem}` };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limits.maxDepth) {
      return { path, problem: `nesting deeper than ${limits.maxDepth} levels` };
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayLength) {
        return { path, problem: `an array of more than ${limits.maxArrayLength} items` };
      }
      value.forEach((item, index) =>
        stack.push({ value: item, depth: depth + 1, path: `${path}[${index}]` }),
      );
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxKeys) {
      return { path, problem: `an object of more than ${limits.maxKeys} members` };
    }
    for (const key of keys) {
      const member = `${path}.${shortened(key)}`;
      if (PROTOTYPE_KEYS.has(key))
        return { path: member, problem: `"${key}" is a reserved member name` };
      const problem = forbiddenCharacterIn(key);
      if (problem) return { path: member, problem: `a member name ${problem}` };
      stack.push({
        value: (value as Record<string, unknown>)[key],
        depth: depth + 1,
        path: member,
      });
    }
  }
  return undefined;
}

/** Keys as they appear in a path: at most 64 characters, so an error stays small. */
function shortened(key: string): string {
  const printable = key.replace(/[^\x20-\x7e\u00a0-\ud7ff\ue000-\uffff]/g, '?');
  return truncatedText(printable, 64);
}
