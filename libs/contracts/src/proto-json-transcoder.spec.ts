import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  create,
  createFileRegistry,
  fromBinary,
  fromJson,
  ScalarType,
  toBinary,
  toJson,
  type DescField,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type JsonWriteOptions,
} from '@bufbuild/protobuf';
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FileDescriptorProtoSchema,
  StructSchema,
  TimestampSchema,
} from '@bufbuild/protobuf/wkt';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { decodeEventData, encodeEventData } from './event-data-codec';
import { eventContract, EventContracts } from './event-contract-registry';
import { protoJsonTranscoder, type ProtoJsonTranscoder } from './proto-json-transcoder';

// The compiled transcoder must give exactly what reflection gives: the same bytes for proto JSON,
// the same JSON (key order and -0 included) for bytes, with and without alwaysEmitImplicit; and on
// any input it is not sure of it must answer undefined, so that reflection (and its error) decides.

/** What encodeEventData and decodeEventData gave before the transcoder: reflection. */
const reflectEncode = (schema: DescMessage, json: unknown) =>
  toBinary(schema, fromJson(schema, json as JsonValue));
const reflectDecode = (
  schema: DescMessage,
  bytes: Uint8Array,
  options?: Partial<JsonWriteOptions>,
) => toJson(schema, fromBinary(schema, bytes), options) as JsonObject;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function transcoderOf(schema: DescMessage): ProtoJsonTranscoder {
  const transcoder = protoJsonTranscoder(schema);
  if (!transcoder) throw new Error(`${schema.typeName} has no transcoder`);
  return transcoder;
}

/** JSON as a string that keeps key order and tells -0 from 0. */
const exactJson = (json: JsonValue) =>
  JSON.stringify(json, (_key, value: unknown) => (Object.is(value, -0) ? '<-0>' : value));

/**
 * The fast path answers for this JSON, and its bytes, their decoding (with and without defaults)
 * and the re-encoding of the decoding with defaults all equal reflection's.
 */
function expectSameAsReflection(schema: DescMessage, json: JsonObject): void {
  const transcoder = transcoderOf(schema);
  const bytes = transcoder.encode(json);
  const expectedBytes = reflectEncode(schema, json);
  if (bytes === undefined) throw new Error(`fast path declined ${exactJson(json)}`);
  expect(hex(bytes)).toBe(hex(expectedBytes));
  for (const emit of [false, true]) {
    const decoded = transcoder.decode(expectedBytes, emit);
    if (decoded === undefined) throw new Error(`fast path declined the bytes ${hex(bytes)}`);
    const expected = reflectDecode(schema, expectedBytes, { alwaysEmitImplicit: emit });
    expect(exactJson(decoded)).toBe(exactJson(expected));
    expect(decoded).toEqual(expected);
    const again = transcoder.encode(decoded);
    expect(again && hex(again)).toBe(hex(expectedBytes));
  }
}

// A seeded generator of valid proto JSON ---------------------------------------------------------

/** mulberry32: a small seeded PRNG, so that every run generates the same cases. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'zone-sip', '苏州工业园区', 'Suzhou Industrial Park', 'a', ' ', '\u0000', '€'];
const ALPHABET = [
  ...'abcXYZ09-_ .:/',
  ...'苏州工业园区国家级经济技术开发区',
  'é',
  'ß',
  '😀',
  '𠀀',
  '\n',
  '"',
];
const INT32S = [0, 1, -1, 2, 127, 128, -128, 300, 2 ** 31 - 1, -(2 ** 31), 1994, 12, 31];
const INT64S = [
  '0',
  '1',
  '-1',
  '42',
  '-42',
  '4294967296',
  '999999999999999999',
  '-999999999999999999',
];
const DOUBLES = [0, -0, 1, -1, 0.5, -2.25, 0.1, 1e-300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE];

class Generator {
  constructor(private readonly random: () => number) {}

  private pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)];
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private string(): string {
    if (this.chance(0.4)) return this.pick(STRINGS);
    const length = Math.floor(this.random() * 40);
    let text = '';
    for (let i = 0; i < length; i++) text += this.pick(ALPHABET);
    return text;
  }

  private scalar(type: ScalarType): JsonValue {
    switch (type) {
      case ScalarType.STRING:
        return this.string();
      case ScalarType.INT32:
        return this.chance(0.5) ? this.pick(INT32S) : Math.floor(this.random() * 2 ** 32) - 2 ** 31;
      case ScalarType.INT64:
        if (this.chance(0.2)) return Math.floor((this.random() - 0.5) * 2 ** 53);
        return this.chance(0.5)
          ? this.pick(INT64S)
          : String(Math.floor((this.random() - 0.5) * 2 ** 60));
      case ScalarType.DOUBLE:
        if (this.chance(0.5)) return this.pick(DOUBLES);
        return (this.random() - 0.5) * 10 ** Math.floor(this.random() * 20 - 10);
      case ScalarType.BOOL:
        return this.chance(0.5);
      default:
        throw new Error(`no generator for ${ScalarType[type]}`);
    }
  }

  private single(field: DescField, depth: number): JsonValue {
    if (field.enum) return this.pick(field.enum.values).name;
    if (field.message) return this.message(field.message, depth + 1);
    return this.scalar(field.scalar as ScalarType);
  }

  /** A valid message: each field present or absent, lists of 0 to 4, values of every kind. */
  message(desc: DescMessage, depth = 0): JsonObject {
    const json: JsonObject = {};
    for (const field of desc.fields) {
      if (this.chance(0.25)) continue;
      if (field.fieldKind === 'list') {
        const length = this.chance(0.2) ? 0 : Math.floor(this.random() * 5);
        if (field.listKind === 'message' && depth > 2) continue;
        const list: JsonValue[] = [];
        for (let i = 0; i < length; i++) {
          list.push(
            field.listKind === 'message'
              ? this.message(field.message, depth + 1)
              : field.listKind === 'enum'
                ? this.pick(field.enum.values).name
                : this.scalar(field.scalar),
          );
        }
        json[field.jsonName] = list;
      } else {
        if (field.message && depth > 2) continue;
        json[field.jsonName] = this.single(field, depth);
      }
    }
    return json;
  }
}

// A proto3 file with what the contracts do not use yet: packed int32, int64, double and bool
// lists, an int64, proto3 optionals, a recursive message; and messages the transcoder leaves to
// reflection (a oneof, a map).
const testFile = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: 'transcoder_test.proto',
    package: 'transcoder.test.v1',
    syntax: 'proto3',
    messageType: [
      {
        name: 'Everything',
        field: [
          { name: 'ints', number: 1, type: Type.INT32, label: Label.REPEATED, jsonName: 'ints' },
          { name: 'longs', number: 2, type: Type.INT64, label: Label.REPEATED, jsonName: 'longs' },
          {
            name: 'doubles',
            number: 3,
            type: Type.DOUBLE,
            label: Label.REPEATED,
            jsonName: 'doubles',
          },
          { name: 'flags', number: 4, type: Type.BOOL, label: Label.REPEATED, jsonName: 'flags' },
          { name: 'total', number: 5, type: Type.INT64, label: Label.OPTIONAL, jsonName: 'total' },
          {
            name: 'maybe_label',
            number: 6,
            type: Type.STRING,
            label: Label.OPTIONAL,
            jsonName: 'maybeLabel',
            oneofIndex: 0,
            proto3Optional: true,
          },
          {
            name: 'maybe_flag',
            number: 7,
            type: Type.BOOL,
            label: Label.OPTIONAL,
            jsonName: 'maybeFlag',
            oneofIndex: 1,
            proto3Optional: true,
          },
          {
            name: 'child',
            number: 17,
            type: Type.MESSAGE,
            label: Label.OPTIONAL,
            typeName: '.transcoder.test.v1.Everything',
            jsonName: 'child',
          },
          {
            name: 'children',
            number: 300,
            type: Type.MESSAGE,
            label: Label.REPEATED,
            typeName: '.transcoder.test.v1.Everything',
            jsonName: 'children',
          },
        ],
        oneofDecl: [{ name: '_maybe_label' }, { name: '_maybe_flag' }],
      },
      {
        name: 'WithOneof',
        field: [
          { name: 'a', number: 1, type: Type.STRING, label: Label.OPTIONAL, oneofIndex: 0 },
          { name: 'b', number: 2, type: Type.INT32, label: Label.OPTIONAL, oneofIndex: 0 },
        ],
        oneofDecl: [{ name: 'choice' }],
      },
      {
        name: 'HoldsOneof',
        field: [
          {
            name: 'inner',
            number: 1,
            type: Type.MESSAGE,
            label: Label.OPTIONAL,
            typeName: '.transcoder.test.v1.WithOneof',
          },
        ],
      },
    ],
  }),
  () => undefined,
);
const testMessage = (name: string) => {
  const desc = testFile.getMessage(`transcoder.test.v1.${name}`);
  if (!desc) throw new Error(`no message ${name}`);
  return desc;
};
const EverythingSchema = testMessage('Everything');

// docs/event-catalogue.md: each json block of an event section, named by the paragraph before it
// (as test/event-catalogue.spec.ts reads them).
function catalogueExamples(): [string, JsonObject][] {
  const catalogue = readFileSync(resolve(__dirname, '../../../docs/event-catalogue.md'), 'utf8');
  return catalogue
    .split(/^## /m)
    .slice(1)
    .flatMap((section) => {
      const packageName = /^\w+ events \(`(zoneledger\.[a-z]+\.v\d+)`/.exec(section)?.[1];
      if (!packageName) return [];
      return [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map(
        (block): [string, JsonObject] => {
          const paragraphs = section
            .slice(0, block.index)
            .trimEnd()
            .split(/\n\s*\n/);
          const name = /`([^`]+)`/.exec(paragraphs[paragraphs.length - 1])?.[1];
          return [`${packageName}.${name}`, JSON.parse(block[1]) as JsonObject];
        },
      );
    });
}

const CASES_PER_CONTRACT = 150;

describe('proto JSON transcoder', () => {
  it.each(EventContracts.map((contract) => [contract.ceType]))(
    'compiles %s (no registered contract goes by reflection)',
    (ceType) => {
      expect(protoJsonTranscoder(eventContract(ceType).schema)).toBeDefined();
    },
  );

  it('leaves messages with what it does not handle to reflection', () => {
    expect(protoJsonTranscoder(TimestampSchema)).toBeUndefined();
    expect(protoJsonTranscoder(StructSchema)).toBeUndefined();
    expect(protoJsonTranscoder(testMessage('WithOneof'))).toBeUndefined();
    expect(protoJsonTranscoder(testMessage('HoldsOneof'))).toBeUndefined();
    expect(protoJsonTranscoder(EverythingSchema)).toBeDefined();
  });

  it("gives reflection's bytes and JSON for every example of docs/event-catalogue.md", () => {
    const examples = catalogueExamples();
    expect(examples.length).toBeGreaterThanOrEqual(20);
    for (const [ceType, json] of examples) {
      expectSameAsReflection(eventContract(ceType).schema, json);
      expect(hex(encodeEventData(ceType, json))).toBe(
        hex(reflectEncode(eventContract(ceType).schema, json)),
      );
    }
  });

  it.each(EventContracts.map((contract, index) => [contract.ceType, index] as const))(
    `gives reflection's bytes and JSON for ${CASES_PER_CONTRACT} generated %s`,
    (ceType, index) => {
      const { schema } = eventContract(ceType);
      const generator = new Generator(seeded(20_250_101 + index));
      for (let i = 0; i < CASES_PER_CONTRACT; i++) {
        const json = generator.message(schema);
        expectSameAsReflection(schema, json);
        // And through the codec's own functions.
        const bytes = encodeEventData(ceType, json);
        expect(hex(bytes)).toBe(hex(reflectEncode(schema, json)));
        expect(decodeEventData(ceType, bytes)).toEqual(reflectDecode(schema, bytes));
        expect(decodeEventData(ceType, bytes, { alwaysEmitImplicit: true })).toEqual(
          reflectDecode(schema, bytes, { alwaysEmitImplicit: true }),
        );
      }
    },
  );

  it("gives reflection's bytes and JSON for 1,000 generated messages with packed lists, int64, optionals and recursion", () => {
    const generator = new Generator(seeded(7));
    for (let i = 0; i < 1_000; i++)
      expectSameAsReflection(EverythingSchema, generator.message(EverythingSchema));
  });

  it('treats the edge values of each type as reflection does', () => {
    const schema = EverythingSchema;
    const edges: JsonObject[] = [
      {},
      { ints: [0, -0, 2 ** 31 - 1, -(2 ** 31)], longs: ['0', 0, -0, 2 ** 53 - 1, '-1'] },
      { doubles: [0, -0, 1e-320, -Number.MAX_VALUE], flags: [false, false, true] },
      { total: '0', maybeLabel: '', maybeFlag: false },
      { total: -0, maybeLabel: '苏州', maybeFlag: true },
      { child: {}, children: [{}, {}, { child: { child: {} } }] },
      { ints: [], longs: [], doubles: [], flags: [], children: [] },
    ];
    for (const json of edges) expectSameAsReflection(schema, json);
    const zone = eventContract('zoneledger.zone.v1.ZoneRegistered').schema;
    expectSameAsReflection(zone, { approvedOn: {}, zoneId: '', industryFocus: ['', ''] });
    expectSameAsReflection(zone, { kind: 'ZONE_KIND_UNSPECIFIED', approvedOn: { year: 0 } });
  });

  describe('on JSON it is not sure of', () => {
    const ZONE_REGISTERED = 'zoneledger.zone.v1.ZoneRegistered';
    const zone = { zoneId: 'zone-a', nameZh: '苏州工业园区', approvedOn: { year: 1994 } };
    it.each<[string, unknown]>([
      ['an unknown field', { ...zone, colour: 'red' }],
      ['a proto field name', { zone_id: 'zone-a' }],
      ['a field given twice, by both names', { zoneId: 'a', zone_id: 'b' }],
      ['an enum name not in the enum', { kind: 'ETDZ' }],
      ['an enum as its number', { kind: 2 }],
      ['an enum number not in the enum', { kind: 99 }],
      ['null for a field', { zoneId: null }],
      ['null for an enum', { kind: null }],
      ['null for a message', { approvedOn: null }],
      ['null for a list', { industryFocus: null }],
      ['null in a list', { industryFocus: ['a', null] }],
      ['undefined for a field', { zoneId: undefined }],
      ['a number for a string', { zoneId: 7 }],
      ['a string for a list', { industryFocus: 'biomedicine' }],
      ['an array for a message', { approvedOn: [1994] }],
      ['a string for a message', { approvedOn: '1994-02-01' }],
      ['an int32 as a string', { approvedOn: { year: '1994' } }],
      ['an int32 as a hex string', { approvedOn: { year: '0x10' } }],
      ['an int32 out of range', { approvedOn: { year: 2 ** 31 } }],
      ['an int32 with a fraction', { approvedOn: { year: 1994.5 } }],
      ['a boolean for an int32', { approvedOn: { year: true } }],
      ['a lone surrogate in a string', { zoneId: 'zone-\ud800' }],
      ['no object at all', undefined],
      ['null', null],
      ['an array', [zone]],
      ['a string', 'zone-a'],
      [
        'an object of a class',
        new (class Zone {
          zoneId = 'zone-a';
        })(),
      ],
      ['a Date for a message', { approvedOn: new Date(0) }],
    ])('(%s) answers undefined, and the codec gives what reflection gives', (_label, json) => {
      const { schema } = eventContract(ZONE_REGISTERED);
      expect(transcoderOf(schema).encode(json)).toBeUndefined();
      expectSameOutcome(
        () => encodeEventData(ZONE_REGISTERED, json),
        () => reflectEncode(schema, json),
      );
    });

    it.each<[string, unknown]>([
      ['a double as a string', { total: '1', doubles: ['1.5'] }],
      ['NaN', { doubles: ['NaN'] }],
      ['Infinity', { doubles: ['Infinity', '-Infinity'] }],
      ['a NaN number', { doubles: [Number.NaN] }],
      ['an int64 of 19 digits', { total: '9223372036854775807' }],
      ['an int64 out of range', { total: '9223372036854775808' }],
      ['an int64 with spaces', { total: ' 12' }],
      ['an int64 with a leading zero', { total: '012' }],
      ['an int64 as -0', { total: '-0' }],
      ['an int64 as an unsafe number', { total: 2 ** 60 }],
      ['an int64 with a fraction', { total: 1.5 }],
      ['a bool as a string', { flags: ['true'] }],
      ['a double for a bool', { maybeFlag: 1 }],
      ['null for an optional', { maybeLabel: null }],
    ])('(%s) answers undefined, and reflection decides', (_label, json) => {
      expect(transcoderOf(EverythingSchema).encode(json)).toBeUndefined();
    });
  });

  describe('on bytes it is not sure of', () => {
    const ZONE_REGISTERED = 'zoneledger.zone.v1.ZoneRegistered';
    const { schema } = eventContract(ZONE_REGISTERED);
    const canonical = [...reflectEncode(schema, { zoneId: 'a', kind: 'ZONE_KIND_ETDZ' })];
    const record = (write: (writer: BinaryWriter) => void) => {
      const writer = new BinaryWriter();
      write(writer);
      return [...writer.finish()];
    };
    it.each<[string, number[]]>([
      ['truncated bytes', [0x0a, 0x05, 0x61]],
      ['an illegal wire type', [0x0f, 0x01]],
      ['invalid UTF-8 in a string', [0x0a, 0x02, 0xff, 0xfe]],
      ['JSON text', [...new TextEncoder().encode('{"zoneId":"zone-a"}')]],
      ['an unknown field', [...canonical, ...record((w) => w.tag(99, WireType.Varint).int32(1))]],
      [
        'a field twice',
        [...canonical, ...record((w) => w.tag(1, WireType.LengthDelimited).string('b'))],
      ],
      [
        'fields out of order',
        [...record((w) => w.tag(4, WireType.Varint).int32(1)), 0x0a, 0x01, 0x61],
      ],
      ['an enum number not in the enum', record((w) => w.tag(4, WireType.Varint).int32(99))],
      ['an enum with the wrong wire type', record((w) => w.tag(4, WireType.Bit64).double(1))],
      ['a message truncated', record((w) => w.tag(9, WireType.LengthDelimited).uint32(5).int32(1))],
      ['a message longer than its parent', [0x4a, 0x7f, 0x08, 0x01]],
      ['a message field twice (merged)', [0x4a, 0x02, 0x08, 0x01, 0x4a, 0x02, 0x10, 0x02]],
      ['a varint of 11 bytes', [0x20, ...Array(10).fill(0xff), 0x01]],
      ['a tag of 6 bytes', [0x8a, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01, 0x61]],
      ['a group', [0x0b, 0x0c]],
      ['field number 0', [0x02, 0x00]],
    ])('(%s) answers undefined, and the codec gives what reflection gives', (_label, bytes) => {
      const data = Uint8Array.from(bytes);
      expect(transcoderOf(schema).decode(data, false)).toBeUndefined();
      for (const options of [undefined, { alwaysEmitImplicit: true }]) {
        expectSameOutcome(
          () => decodeEventData(ZONE_REGISTERED, data, options),
          () => reflectDecode(schema, data, options),
        );
      }
    });

    it('decodes zero values written out as reflection does (left out, or emitted)', () => {
      const bytes = Uint8Array.from(
        record((w) => {
          w.tag(1, WireType.LengthDelimited).string('');
          w.tag(4, WireType.Varint).int32(0);
          w.tag(9, WireType.LengthDelimited).fork().tag(1, WireType.Varint).int32(0).join();
          w.tag(10, WireType.LengthDelimited).string('');
        }),
      );
      for (const emit of [false, true]) {
        expect(transcoderOf(schema).decode(bytes, emit)).toEqual(
          reflectDecode(schema, bytes, { alwaysEmitImplicit: emit }),
        );
      }
    });

    it.each<[string, number[]]>([
      ['a packed list unpacked', record((w) => w.tag(1, WireType.Varint).int32(5))],
      [
        'a packed list in two records',
        record((w) => {
          w.tag(1, WireType.LengthDelimited).fork().int32(1).join();
          w.tag(1, WireType.LengthDelimited).fork().int32(2).join();
        }),
      ],
      ['a packed list cut short', [0x0a, 0x03, 0x01, 0x80]],
      [
        'a double NaN',
        record((w) => w.tag(3, WireType.LengthDelimited).fork().double(Number.NaN).join()),
      ],
      ['a packed double cut short', [0x1a, 0x08, 0x00, 0x00, 0x00]],
    ])('(%s) answers undefined, and reflection decides', (_label, bytes) => {
      expect(transcoderOf(EverythingSchema).decode(Uint8Array.from(bytes), false)).toBeUndefined();
    });

    it.each<[string, Partial<JsonWriteOptions>]>([
      ['enumAsInteger', { enumAsInteger: true }],
      ['useProtoFieldName', { useProtoFieldName: true }],
      [
        'both, with alwaysEmitImplicit',
        { enumAsInteger: true, useProtoFieldName: true, alwaysEmitImplicit: true },
      ],
    ])('leaves toJson options it does not write (%s) to reflection', (_label, options) => {
      const bytes = Uint8Array.from(canonical);
      expect(decodeEventData(ZONE_REGISTERED, bytes, options)).toEqual(
        reflectDecode(schema, bytes, options),
      );
    });
  });
});

/** Both give the same value, or both throw, the codec a MalformedEventDataError over the same cause. */
function expectSameOutcome(codec: () => unknown, reflection: () => unknown): void {
  let expected: { value?: unknown; error?: string };
  try {
    expected = { value: reflection() };
  } catch (error) {
    expected = { error: (error as Error).message };
  }
  let actual: { value?: unknown; error?: string };
  try {
    actual = { value: codec() };
  } catch (error) {
    const cause = (error as Error).cause;
    expect(error).toMatchObject({ code: 'CONTRACTS.MALFORMED_EVENT_DATA' });
    actual = { error: (cause as Error).message };
  }
  if (actual.value instanceof Uint8Array) actual.value = hex(actual.value);
  if (expected.value instanceof Uint8Array) expected.value = hex(expected.value);
  expect(actual).toEqual(expected);
}
