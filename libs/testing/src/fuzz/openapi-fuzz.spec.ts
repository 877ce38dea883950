import Ajv from 'ajv';
import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-request';
import { summariseFuzzReport } from './fuzz-report.summary';
import { seedFor, type FuzzReport } from './fuzz-runner';
import { nested, numberExpectation } from './malformed-json-contents.arbitrary';
import { queryNumberExpectation } from './malformed-parameters.arbitrary';
import type { OpenApiDocument } from './openapi-document';
import { readOperations, type FuzzOperation } from './openapi-operations.reader';
import { requestClassesFor } from './request-classes';
import { validValue } from './schema-values.arbitrary';
import { validParts, type RequestContext } from './valid-requests.arbitrary';

// A small register written by hand: a $ref through allOf, a calendar date, enums, a pattern,
// bounds, a path-level parameter, an Idempotency-Key header, roles documented two ways.
const document = {
  openapi: '3.0.0',
  security: [{ bearer: [] }],
  paths: {
    '/v1/parks': {
      get: {
        parameters: [
          { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          { name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'closed'] } },
        ],
      },
      post: {
        description: 'Roles: park-admin, ops',
        parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Park' } } },
        },
      },
    },
    '/v1/parks/{parkId}': {
      parameters: [{ name: 'parkId', in: 'path', required: true, schema: { type: 'string' } }],
      get: { security: [] },
      put: {
        'x-roles': ['park-admin'],
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Renaming' } } },
        },
      },
    },
  },
  components: {
    schemas: {
      CalendarDate: {
        type: 'object',
        properties: {
          year: { type: 'integer' },
          month: { type: 'integer', minimum: 1, maximum: 12 },
          day: { type: 'integer', minimum: 1, maximum: 31 },
        },
        required: ['year'],
      },
      Park: {
        type: 'object',
        properties: {
          parkId: { type: 'string', pattern: '^[a-z][a-z0-9-]{2,20}$' },
          name: { type: 'string', maxLength: 40 },
          kind: { type: 'string', enum: ['PARK_KIND_ETDZ', 'PARK_KIND_OTHER'] },
          approvedOn: { allOf: [{ $ref: '#/components/schemas/CalendarDate' }], nullable: true },
          area: { type: 'number', minimum: 0, maximum: 1000 },
          industries: { type: 'array', items: { type: 'string' }, maxItems: 5 },
        },
        required: ['name', 'kind'],
      },
      Renaming: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          effectiveOn: { $ref: '#/components/schemas/CalendarDate' },
        },
        required: ['name', 'effectiveOn'],
      },
    },
  },
} as const satisfies OpenApiDocument;

// Ajv checks values against the document's own schemas, objects closed to undeclared properties
// and OpenAPI's nullable spelled as JSON Schema (ajv's own option ignores it beside an allOf).
function validatorFor(schemaRef: string) {
  const ajv = new Ajv({ allErrors: true });
  const closed = JSON.parse(JSON.stringify(document.components), (_key, value: unknown) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const { nullable, ...schema } = value as Record<string, unknown>;
    const shut = 'properties' in schema ? { ...schema, additionalProperties: false } : schema;
    return nullable === true ? { anyOf: [{ type: 'null' }, shut] } : shut;
  }) as object;
  return ajv.compile({ $ref: schemaRef, components: closed });
}

function contextFor(operation: FuzzOperation): RequestContext {
  return {
    operation,
    hints: { knownValues: { parkId: ['suzhou-park'] } },
    token: 'genuine',
    wrongRoleToken: 'analyst',
    forgedTokens: ['forged'],
    reportsRefusedItems: false,
  };
}

const operations = readOperations(document);
const named = (id: string) => {
  const operation = operations.find((candidate) => candidate.id === id);
  if (!operation) throw new Error(`no ${id}`);
  return operation;
};

describe('readOperations', () => {
  it('finds every operation with its parameters, body, security, roles and idempotency', () => {
    expect(operations.map(({ id }) => id)).toEqual([
      'GET /v1/parks',
      'POST /v1/parks',
      'GET /v1/parks/{parkId}',
      'PUT /v1/parks/{parkId}',
    ]);
    const create = named('POST /v1/parks');
    expect(create).toMatchObject({ secured: true, idempotent: true, roles: ['park-admin', 'ops'] });
    expect(create.body?.required).toBe(true);
    // The $ref is inlined, and allOf merged with its nullable sibling.
    expect(create.body?.content['application/json'].properties?.approvedOn).toMatchObject({
      nullable: true,
      required: ['year'],
    });
    expect(named('GET /v1/parks').queryParameters.map(({ name }) => name)).toEqual([
      'asOf',
      'limit',
      'status',
    ]);
    expect(named('GET /v1/parks/{parkId}')).toMatchObject({ secured: false, idempotent: false });
    expect(named('PUT /v1/parks/{parkId}')).toMatchObject({
      roles: ['park-admin'],
      pathParameters: [{ name: 'parkId', required: true }],
    });
  });

  it('refuses a document that is not OpenAPI 3', () => {
    expect(() => readOperations({ ...document, openapi: '2.0' })).toThrow(/OpenAPI 3/);
  });
});

describe('valid values', () => {
  it('generates bodies the schema accepts, for every schema of the document', () => {
    for (const name of ['Park', 'Renaming', 'CalendarDate'] as const) {
      const validate = validatorFor(`#/components/schemas/${name}`);
      const schema = named(name === 'Renaming' ? 'PUT /v1/parks/{parkId}' : 'POST /v1/parks').body
        ?.content['application/json'];
      const governing = name === 'CalendarDate' ? schema?.properties?.approvedOn : schema;
      fc.assert(
        fc.property(validValue({ ...governing, nullable: false }), (value) => {
          expect({ value, errors: validate(value) ? null : validate.errors }).toEqual({
            value,
            errors: null,
          });
        }),
        { seed: 42, numRuns: 200 },
      );
    }
  });

  it('fills path parameters with known records and query values within their schema', () => {
    const parts = fc.sample(validParts(contextFor(named('GET /v1/parks'))), {
      seed: 7,
      numRuns: 100,
    });
    for (const { query } of parts) {
      for (const [name, value] of query) {
        if (name === 'limit') expect(Number(value)).toBeGreaterThanOrEqual(1);
        if (name === 'status') expect(['open', 'closed']).toContain(value);
        if (name === 'asOf')
          expect(new Date(decodeURIComponent(value)).toISOString()).toBe(decodeURIComponent(value));
      }
    }
    const ids = fc
      .sample(validParts(contextFor(named('PUT /v1/parks/{parkId}'))), { seed: 7, numRuns: 50 })
      .map(({ path }) => path.parkId);
    expect(ids).toContain('suzhou-park');
  });
});

describe('malformed requests', () => {
  const create = named('POST /v1/parks');
  const classes = requestClassesFor(contextFor(create));
  const sampleOf = (name: string, numRuns = 60): FuzzRequest[] => {
    const requestClass = classes.find((candidate) => candidate.name === name);
    if (!requestClass?.arbitrary) throw new Error(`no class ${name}`);
    return fc.sample(requestClass.arbitrary, { seed: seedFor(1, create.id, name), numRuns }).flat();
  };

  it('covers the classes the issue names', () => {
    expect(classes.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'valid',
        'body.wrong-type',
        'body.missing-required',
        'body.null',
        'body.unknown-field',
        'body.huge-string',
        'body.huge-array',
        'body.deep-nesting',
        'body.forbidden-characters',
        'body.invalid-utf8',
        'body.injection',
        'body.number-spelling',
        'body.impossible-date',
        'body.truncated',
        'body.wrong-content-type',
        'body.content-encoding',
        'auth.missing',
        'auth.forged',
        'auth.wrong-role',
        'idempotency.key-reused',
        'header.idempotency-key',
      ]),
    );
  });

  it.each([
    'body.wrong-type',
    'body.missing-required',
    'body.null',
    'body.unknown-field',
    'body.out-of-range',
    'body.impossible-date',
  ])('%s: every body it calls malformed is one the schema refuses', (name) => {
    const validate = validatorFor('#/components/schemas/Park');
    const requests = sampleOf(name);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests.filter(({ expect: due }) => due === 'refusal')) {
      const body: unknown = JSON.parse(request.body?.toString('utf8') ?? 'null');
      // Impossible dates are well-typed; ajv knows no calendar, so only the types are checked there.
      if (name === 'body.impossible-date') continue;
      expect({ note: request.note, valid: validate(body) }).toEqual({
        note: request.note,
        valid: false,
      });
    }
  });

  it('sends the named depths of nesting as text, and bytes that are not UTF-8 as such', () => {
    const deep = classes.find(({ name }) => name === 'body.deep-nesting');
    const fixed =
      deep?.fixed?.(fc.sample(validParts(contextFor(create)), { seed: 1, numRuns: 1 })[0]) ?? [];
    expect(fixed.map(([request]) => request.note)).toEqual([
      'body: arrays 2000 deep',
      'body: objects 2000 deep',
      'body: arrays 10000 deep',
      'body: objects 10000 deep',
    ]);
    expect(fixed[2][0].body?.toString()).toBe(nested('array', 10_000));
    for (const request of sampleOf('body.invalid-utf8', 20)) {
      const bytes = request.body ?? Buffer.alloc(0);
      expect(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)).toBe(false);
    }
  });

  it('reuses an Idempotency-Key with another body, the second refused only after the first was accepted', () => {
    for (const [first, second] of sampleOf('idempotency.key-reused', 20).reduce<FuzzRequest[][]>(
      (pairs, request, index, all) =>
        index % 2 === 0 ? [...pairs, [request, all[index + 1]]] : pairs,
      [],
    )) {
      expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
      expect(second.body?.equals(first.body ?? Buffer.alloc(0))).toBe(false);
      expect(second.expect).toBe('refusal-if-previous-accepted');
    }
  });

  it('samples the same requests from the same seed', () => {
    const again = () =>
      sampleOf('body.forbidden-characters', 10).map(
        ({ target, body }) => `${target} ${body?.toString('hex')}`,
      );
    expect(again()).toEqual(again());
  });
});

describe('number spellings', () => {
  it.each([
    ['NaN', 'refusal'],
    ['1e400', 'refusal'],
    ['0x10', 'refusal'],
    ['1.5', 'refusal'],
    ['9007199254740993', 'refusal'],
    ['1e1', 'any'],
    ['12', 'any'],
  ])('a JSON integer spelled %s: %s', (spelling, due) => {
    expect(numberExpectation({ type: 'integer', minimum: 0 }, spelling)).toBe(due);
  });

  it.each([
    ['1e1', 'refusal'],
    ['-0', 'refusal'],
    ['+5', 'refusal'],
    [' 5', 'refusal'],
    ['101', 'refusal'],
    ['5', 'any'],
  ])('an integer query value spelled "%s": %s', (spelling, due) => {
    expect(queryNumberExpectation({ type: 'integer', minimum: 1, maximum: 100 }, spelling)).toBe(
      due,
    );
  });
});

describe('summariseFuzzReport', () => {
  it('groups violations by kind and operation with one example each, within its bound', () => {
    const violation = {
      kind: 'server-error' as const,
      operation: 'POST /v1/parks',
      requestClass: 'body.deep-nesting',
      detail: 'answered 500',
      request: '[body: arrays 10000 deep] POST /v1/parks',
      status: 500,
      answer: '{"status":500}',
      replay: "FUZZ_SEED=1 FUZZ_ONLY='POST /v1/parks body.deep-nesting' (case 0)",
    };
    const report: FuzzReport = {
      seed: 1,
      operations: 1,
      requests: 300,
      durationMs: 1000,
      maxEventLoopDelayMs: 12,
      classes: {
        valid: {
          sent: 4,
          accepted: 3,
          refused: 1,
          failed: 0,
          refusedCodes: { 'ZONE.NOT_FOUND': 1 },
          maxStallMs: 3,
        },
      },
      undocumentedRefusals: [],
      violations: Array.from({ length: 300 }, (_, index) => ({
        ...violation,
        requestClass: `class-${index % 50}`,
      })),
    };
    const summary = summariseFuzzReport(report, 2_000);
    expect(summary).toContain('server-error: 300');
    expect(summary).toContain('POST /v1/parks class-0: 6 × answered 500');
    expect(summary.length).toBeLessThan(2_100);
  });
});
