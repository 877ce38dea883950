import fc from 'fast-check';
import {
  requestOf,
  type Expectation,
  type FuzzCase,
  type RequestClass,
  type RequestParts,
} from './fuzz-request';
import {
  FORBIDDEN_ENCODED,
  IMPOSSIBLE_DATES,
  IMPOSSIBLE_DATE_TIMES,
  INJECTIONS,
  NUMBER_SPELLINGS,
} from './hostile-values';
import type { JsonSchema } from './openapi-document';
import type { FuzzParameter } from './openapi-operations.reader';
import { schemaType } from './schema-values.arbitrary';
import { admitsText } from './text-constraints';
import type { RequestContext } from './valid-requests.arbitrary';

/** A malformed value for one parameter, percent-encoded as sent. */
interface ParameterValue {
  readonly parameter: FuzzParameter;
  readonly encoded: string;
  readonly expect: Expectation;
}

type Values = (parameter: FuzzParameter) => readonly Omit<ParameterValue, 'parameter'>[];

/** Classes of malformed path ids, query values and documented headers. */
export function malformedParameters(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
): RequestClass[] {
  const { operation } = context;
  const inPath = (
    parameters: readonly FuzzParameter[],
    name: string,
    values: Values,
    fixed: readonly string[] = [],
  ) => parameterClass(context, valid, name, parameters, values, fixed, 'path');
  const inQuery = (
    parameters: readonly FuzzParameter[],
    name: string,
    values: Values,
    fixed: readonly string[] = [],
  ) => parameterClass(context, valid, name, parameters, values, fixed, 'query');
  const path = operation.pathParameters;
  const query = operation.queryParameters;
  const numeric = query.filter((parameter) =>
    ['integer', 'number'].includes(schemaType(parameter.schema) ?? ''),
  );
  const dates = query.filter(
    ({ schema }) => schema.format === 'date-time' || schema.format === 'date',
  );
  const texts = query.filter(
    (parameter) =>
      schemaType(parameter.schema) === 'string' || schemaType(parameter.schema) === undefined,
  );
  const refused = (encoded: string) => ({ encoded, expect: 'refusal' as const });
  return [
    inPath(path, 'path.forbidden-characters', () => FORBIDDEN_ENCODED.map(refused), [
      '%00',
      '%ED%A0%80',
      '%0D%0A',
      '%FF',
    ]),
    inPath(path, 'path.odd-ids', () => [
      ...INJECTIONS.map((text) => ({ encoded: encodeURIComponent(text), expect: 'any' as const })),
      { encoded: 'x'.repeat(1_000), expect: 'any' },
      { encoded: 'x'.repeat(10_000), expect: 'any' },
      { encoded: '%E8%8B%8F%E5%B7%9E', expect: 'any' },
      { encoded: '%2F..%2F..', expect: 'any' },
    ]),
    inQuery(
      numeric,
      'query.number-spelling',
      ({ schema }) =>
        NUMBER_SPELLINGS.map((spelling) => ({
          encoded: encodeURIComponent(spelling),
          expect: queryNumberExpectation(schema, spelling),
        })),
      ['NaN', 'Infinity', '1e400', '-0', '0x10', '1e20'].map(encodeURIComponent),
    ),
    inQuery(
      dates,
      'query.impossible-date',
      ({ schema }) =>
        (schema.format === 'date' ? IMPOSSIBLE_DATES : IMPOSSIBLE_DATE_TIMES).map((date) =>
          refused(encodeURIComponent(date)),
        ),
      [
        '2023-02-30T00:00:00Z',
        '0000-01-01T00:00:00Z',
        '-0001-01-01T00:00:00Z',
        '12345-01-01T00:00:00Z',
        '2023-00-10T00:00:00Z',
      ].map(encodeURIComponent),
    ),
    inQuery(
      texts,
      'query.forbidden-characters',
      () => FORBIDDEN_ENCODED.map((encoded) => refused(`ab${encoded}`)),
      ['%00', 'a%ED%A0%80'],
    ),
    inQuery(query, 'query.wrong-shape', ({ schema, name }) => [
      ...(schema.enum
        ? ['NOT_ONE_OF_THEM', otherCase(String(schema.enum[0])), '']
            .filter((value) => !(schema.enum ?? []).includes(value))
            .map((value) => refused(encodeURIComponent(value)))
        : []),
      ...(schemaType(schema) === 'boolean' ? ['yes', '2'].map(refused) : []),
      // The parameter repeated, or as an array or object in qs's bracket syntax.
      {
        encoded: `1&${encodeURIComponent(name)}=2`,
        expect: schemaType(schema) === 'array' ? 'any' : typed(schema) ? 'refusal' : 'any',
      },
      { encoded: `1&${encodeURIComponent(name)}[]=2`, expect: 'refusal' },
      { encoded: `1&${encodeURIComponent(name)}[polluted]=2`, expect: 'refusal' },
    ]),
    inQuery(query, 'query.huge', ({ schema }) =>
      [2_000, 12_000, 20_000, 100_000].map((size) => ({
        encoded: 'x'.repeat(size),
        expect: typed(schema) || !admitsText(schema, 'x'.repeat(size)) ? 'refusal' : 'any',
      })),
    ),
    inQuery(texts, 'query.injection', ({ schema }) =>
      INJECTIONS.map((text) => ({
        encoded: encodeURIComponent(text),
        expect: typed(schema) || !admitsText(schema, text) ? 'refusal' : 'any',
      })),
    ),
    queryExtras(context, valid),
    ...operation.headerParameters
      .filter(({ name }) => ['if-match', 'idempotency-key'].includes(name.toLowerCase()))
      .map((parameter) => headerClass(context, valid, parameter)),
  ].filter((requestClass): requestClass is RequestClass => requestClass !== undefined);
}

function parameterClass(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
  name: string,
  parameters: readonly FuzzParameter[],
  values: Values,
  fixed: readonly string[],
  location: 'path' | 'query',
): RequestClass | undefined {
  const candidates = parameters.flatMap((parameter) =>
    values(parameter).map((value) => ({ ...value, parameter })),
  );
  if (candidates.length === 0) return undefined;
  const send = (parts: RequestParts, value: ParameterValue): FuzzCase => {
    const changed =
      location === 'path'
        ? { ...parts, path: { ...parts.path, [value.parameter.name]: value.encoded } }
        : {
            ...parts,
            query: [
              ...parts.query.filter(([key]) => key !== encodeURIComponent(value.parameter.name)),
              [encodeURIComponent(value.parameter.name), value.encoded] as const,
            ],
          };
    const note = `${location} ${value.parameter.name} = ${abbreviated(value.encoded)}`;
    return [
      requestOf(context.operation, changed, { token: context.token, expect: value.expect, note }),
    ];
  };
  return {
    name,
    malformed: true,
    arbitrary: fc
      .tuple(valid, fc.constantFrom(...candidates))
      .map(([parts, value]) => send(parts, value)),
    fixed: (parts) =>
      candidates
        .filter(({ encoded }) =>
          fixed.some((named) => encoded === named || encoded === `ab${named}`),
        )
        .map((value) => send(parts, value)),
  };
}

// Unknown parameters, and qs's prototype paths: a service may ignore them, never fail on them.
function queryExtras(context: RequestContext, valid: fc.Arbitrary<RequestParts>): RequestClass {
  const extras = [
    'fuzz=1',
    '__proto__[polluted]=1',
    'constructor[prototype][polluted]=1',
    'a[9999999]=1',
    `${'a['.repeat(50)}1${']'.repeat(50)}=1`,
  ];
  return {
    name: 'query.unknown',
    malformed: true,
    arbitrary: fc.tuple(valid, fc.constantFrom(...extras)).map(([parts, extra]) => {
      const [key, value] = extra.split('=');
      return [
        requestOf(
          context.operation,
          { ...parts, query: [...parts.query, [key, value] as const] },
          { token: context.token, expect: 'any', note: `query ${extra}` },
        ),
      ];
    }),
  };
}

function headerClass(
  context: RequestContext,
  valid: fc.Arbitrary<RequestParts>,
  parameter: FuzzParameter,
): RequestClass {
  const name = parameter.name.toLowerCase();
  const values =
    name === 'if-match'
      ? [
          'garbage',
          '"abc"',
          '"-1"',
          '"1e400"',
          '"99999999999999999999"',
          'W/"1"',
          '*',
          '"1", "2"',
          '""',
          '"1',
        ]
      : ['', ' ', 'x'.repeat(10_000), '\xff\xfe', 'a,b', '../../etc/passwd'];
  return {
    name: `header.${name}`,
    malformed: true,
    arbitrary: fc.tuple(valid, fc.constantFrom(...values)).map(([parts, value]) => [
      requestOf(context.operation, parts, {
        token: context.token,
        expect: 'any',
        note: `${parameter.name}: ${abbreviated(JSON.stringify(value))}`,
        headers: { [name]: value },
      }),
    ]),
  };
}

// An enum member in the other case: `active` -> `ACTIVE`, `ZONE_KIND_ETDZ` -> `zone_kind_etdz`.
function otherCase(member: string): string {
  return member === member.toLowerCase() ? member.toUpperCase() : member.toLowerCase();
}

/** Whether the parameter takes a number, a boolean, an enum member or a date: anything else is refused. */
function typed(schema: JsonSchema): boolean {
  return (
    Boolean(schema.enum || schema.format) ||
    ['integer', 'number', 'boolean'].includes(schemaType(schema) ?? '')
  );
}

/** Query numbers are decimal: an integer spelled plainly, or for `number` a plain decimal, within bounds. */
export function queryNumberExpectation(schema: JsonSchema, spelling: string): Expectation {
  const plain =
    schemaType(schema) === 'integer'
      ? /^-?(0|[1-9]\d*)$/
      : /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
  if (!plain.test(spelling)) return 'refusal';
  const value = Number(spelling);
  if (!Number.isFinite(value) || (schemaType(schema) === 'integer' && !Number.isSafeInteger(value)))
    return 'refusal';
  if (schema.minimum !== undefined && value < schema.minimum) return 'refusal';
  if (schema.maximum !== undefined && value > schema.maximum) return 'refusal';
  return 'any';
}

function abbreviated(text: string): string {
  return text.length > 80 ? `${text.slice(0, 40)}… (${text.length} chars)` : text;
}
