import { jsonShapeViolation } from './json-body-shape';

const limits = { maxDepth: 4, maxKeys: 3, maxArrayLength: 3 };

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = level % 2 ? [value] : { a: value };
  return value;
}

describe('the shape of a JSON body', () => {
  it('accepts a body within every limit', () => {
    expect(jsonShapeViolation({ a: [1, 2, { b: 'x' }], c: null }, limits)).toBeUndefined();
  });

  it('refuses nesting deeper than the limit, and where', () => {
    expect(jsonShapeViolation(nested(3), limits)).toBeUndefined();
    expect(jsonShapeViolation(nested(5), limits)).toEqual({
      path: '$.a[0].a[0]',
      problem: 'nesting deeper than 4 levels',
    });
  });

  it('walks hostile nesting without overflowing the stack', () => {
    expect(jsonShapeViolation(nested(100_000))?.problem).toBe('nesting deeper than 32 levels');
  });

  it('refuses wide arrays and objects', () => {
    expect(jsonShapeViolation({ list: [1, 2, 3, 4] }, limits)?.problem).toBe(
      'an array of more than 3 items',
    );
    expect(jsonShapeViolation({ a: 1, b: 2, c: 3, d: 4 }, limits)?.problem).toBe(
      'an object of more than 3 members',
    );
  });

  it('refuses U+0000 and lone surrogates in values and in member names', () => {
    expect(jsonShapeViolation({ name: ['ok', 'a\u0000'] })).toEqual({
      path: '$.name[1]',
      problem: 'the text holds a control character (U+0000) at index 1',
    });
    expect(jsonShapeViolation({ ['k\ud800']: 1 })?.problem).toMatch(
      /member name holds an unpaired/,
    );
  });

  it('refuses member names that reach prototypes', () => {
    expect(jsonShapeViolation(JSON.parse('{"a":{"__proto__":{"admin":true}}}'))).toEqual({
      path: '$.a.__proto__',
      problem: '"__proto__" is a reserved member name',
    });
  });

  it('keeps paths short when keys are long', () => {
    const violation = jsonShapeViolation({ ['k'.repeat(10_000)]: 'a\u0001' });
    expect(violation?.path.length).toBeLessThan(80);
  });
});
