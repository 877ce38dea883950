import {
  ScalarType,
  type DescEnum,
  type DescField,
  type DescMessage,
  type JsonObject,
  type JsonValue,
} from '@bufbuild/protobuf';
import { BinaryReader, BinaryWriter, getTextEncoding, WireType } from '@bufbuild/protobuf/wire';

/**
 * A message type's proto JSON <-> protobuf binary, compiled once from its descriptor: no message
 * objects, no reflection per field. It only goes where it is sure to give exactly what
 * `toBinary(schema, fromJson(schema, json))` and `toJson(schema, fromBinary(schema, bytes))` give:
 * the canonical shapes (JSON values of the field's own type, enum names, binary with each field
 * once, in field-number order, packed where proto3 packs). On anything else it answers `undefined`
 * and the caller goes by reflection, whose result (or error) is then the answer.
 */
export interface ProtoJsonTranscoder {
  /** Proto JSON -> binary; `undefined` when the JSON is not a shape this transcoder is sure of. */
  encode(json: unknown): Uint8Array | undefined;
  /**
   * Binary -> proto JSON as `toJson` writes it (defaults omitted unless `alwaysEmitImplicit`);
   * `undefined` when the bytes are not a shape this transcoder is sure of.
   */
  decode(bytes: Uint8Array, alwaysEmitImplicit: boolean): JsonObject | undefined;
}

const transcoders = new WeakMap<DescMessage, ProtoJsonTranscoder | null>();

/**
 * The transcoder of a message type, compiled on first use; `undefined` when the message (or one
 * nested in it) has a field this transcoder does not handle (maps, oneofs, well-known types,
 * bytes, 32-bit floats, unsigned or zigzag integers, groups, proto2 or editions files), so that
 * the type always goes by reflection.
 */
export function protoJsonTranscoder(schema: DescMessage): ProtoJsonTranscoder | undefined {
  let transcoder = transcoders.get(schema);
  if (transcoder === undefined) {
    const plan = compile(schema, new Map());
    transcoder = plan ? transcoderOf(plan) : null;
    transcoders.set(schema, transcoder);
  }
  return transcoder ?? undefined;
}

/** Thrown (never out of this module) when the input is not a shape the fast path is sure of. */
const notSure = new Error('not a canonical shape: go by reflection');

// Deeper nesting than this goes by reflection (its recursion limit of 100 decides).
const MAX_DEPTH = 32;

// google.protobuf.Edition.EDITION_PROTO3, and FeatureSet.FieldPresence values.
const EDITION_PROTO3 = 999;
const EXPLICIT = 1;
const IMPLICIT = 2;

interface MessagePlan {
  /** Fields in field-number order: the order toBinary writes them and toJson lists them. */
  fields: FieldPlan[];
  /** JSON name -> index in `fields`. */
  byJsonName: Map<string, number>;
  /** Field number -> index in `fields`. */
  byNumber: Map<number, number>;
}

interface FieldPlan {
  readonly jsonName: string;
  /** The wire type the field's value comes with (packed lists: length-delimited). */
  readonly wireType: WireType;
  /** May follow itself in the binary (each element of a non-packed list is its own record). */
  readonly repeats: boolean;
  /** Writes a JSON value (not undefined) of the field, tag included; throws notSure. */
  write(writer: BinaryWriter, json: unknown, depth: number): void;
  /**
   * Reads one record's value (the tag read); for a list, adds to `previous` (undefined the first
   * time) and returns the list. Throws notSure (or the reader's own error).
   */
  read(reader: BinaryReader, end: number, previous: unknown, emit: boolean, depth: number): unknown;
  /** The JSON of what `read` returned (undefined when absent), or undefined to leave it out. */
  toJson(value: unknown, emit: boolean): JsonValue | undefined;
}

function transcoderOf(plan: MessagePlan): ProtoJsonTranscoder {
  return {
    encode(json) {
      try {
        const writer = new BinaryWriter(encodeUtf8);
        writeMessage(plan, writer, json, 0);
        return writer.finish();
      } catch {
        return undefined;
      }
    },
    decode(bytes, alwaysEmitImplicit) {
      try {
        const reader = new BinaryReader(bytes);
        return readMessage(plan, reader, bytes.length, alwaysEmitImplicit, 0);
      } catch {
        return undefined;
      }
    },
  };
}

// Node's Buffer.from encodes short strings a few times faster than TextEncoder (toBinary's),
// to the same bytes for the well-formed strings the transcoder takes.
const encodeUtf8: ((text: string) => Uint8Array) | undefined =
  typeof Buffer === 'function' ? (text) => Buffer.from(text, 'utf8') : undefined;

function writeMessage(plan: MessagePlan, writer: BinaryWriter, json: unknown, depth: number): void {
  if (depth > MAX_DEPTH || !isPlainObject(json)) throw notSure;
  const { fields, byJsonName } = plan;
  const values: unknown[] = new Array(fields.length);
  for (const key of Object.keys(json)) {
    const index = byJsonName.get(key);
    const value = json[key];
    // Unknown keys, proto field names and `undefined` are reflection's to judge; JSON null
    // (a field reset) is rare enough to leave to it too.
    if (index === undefined || value === undefined || value === null) throw notSure;
    values[index] = value;
  }
  for (let i = 0; i < fields.length; i++) {
    const value = values[i];
    if (value !== undefined) fields[i].write(writer, value, depth);
  }
}

function readMessage(
  plan: MessagePlan,
  reader: BinaryReader,
  end: number,
  emit: boolean,
  depth: number,
): JsonObject {
  if (depth > MAX_DEPTH) throw notSure;
  const { fields, byNumber } = plan;
  const values: unknown[] = new Array(fields.length);
  let last = -1;
  while (reader.pos < end) {
    const start = reader.pos;
    const tag = reader.uint32();
    // Tags of field numbers up to 2047 take one or two bytes; longer ones go by reflection.
    if (reader.pos - start > 2 || reader.pos > end) throw notSure;
    const index = byNumber.get(tag >>> 3);
    if (index === undefined) throw notSure;
    const field = fields[index];
    // Each field once, in field-number order (a non-packed list: its records one after another).
    if (index < last || (index === last && !field.repeats)) throw notSure;
    if ((tag & 7) !== field.wireType) throw notSure;
    last = index;
    values[index] = field.read(reader, end, values[index], emit, depth);
    if (reader.pos > end) throw notSure;
  }
  if (reader.pos !== end) throw notSure;
  const json: JsonObject = {};
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i].toJson(values[i], emit);
    if (value !== undefined) json[fields[i].jsonName] = value;
  }
  return json;
}

function isPlainObject(json: unknown): json is Record<string, unknown> {
  if (typeof json !== 'object' || json === null) return false;
  const prototype: unknown = Object.getPrototypeOf(json);
  return prototype === Object.prototype || prototype === null;
}

/** A length-delimited record's end, checked to lie within its parent's. */
function delimitedEnd(reader: BinaryReader, end: number): number {
  const length = reader.uint32();
  const recordEnd = reader.pos + length;
  if (reader.pos > end || recordEnd > end) throw notSure;
  return recordEnd;
}

// Compiling --------------------------------------------------------------------------------------

/** A message's plan, or undefined when it (or a message it nests) is unsupported. */
function compile(
  desc: DescMessage,
  compiling: Map<DescMessage, MessagePlan | undefined>,
): MessagePlan | undefined {
  if (compiling.has(desc)) return compiling.get(desc);
  if (!isSupportedMessage(desc)) return undefined;
  // Registered before its fields are compiled, so that a recursive message finds itself.
  const plan: MessagePlan = { fields: [], byJsonName: new Map(), byNumber: new Map() };
  compiling.set(desc, plan);
  const sorted = [...desc.fields].sort((a, b) => a.number - b.number);
  for (const field of sorted) {
    const fieldPlan = compileField(field, compiling);
    if (!fieldPlan) {
      compiling.set(desc, undefined);
      return undefined;
    }
    plan.byJsonName.set(field.jsonName, plan.fields.length);
    plan.byNumber.set(field.number, plan.fields.length);
    plan.fields.push(fieldPlan);
  }
  // A plan compiled meanwhile that refers to this one (a recursive message) is only reachable
  // through it: had this one failed, so would every message up to the one asked for.
  return plan;
}

function isSupportedMessage(desc: DescMessage): boolean {
  if (desc.file.edition !== EDITION_PROTO3) return false;
  if (desc.typeName.startsWith('google.protobuf.')) return false;
  if (desc.oneofs.length > 0) return false;
  const names = new Set<string>();
  for (const field of desc.fields) {
    // A JSON name that is also an Object property, or that another field's proto name spells,
    // is left to reflection rather than reasoned about.
    if (field.jsonName in Object.prototype || names.has(field.jsonName)) return false;
    names.add(field.jsonName);
  }
  return desc.fields.every((field) => field.name === field.jsonName || !names.has(field.name));
}

function compileField(
  field: DescField,
  compiling: Map<DescMessage, MessagePlan | undefined>,
): FieldPlan | undefined {
  if (field.oneof) return undefined;
  switch (field.fieldKind) {
    case 'scalar': {
      const scalar = scalarCodec(field.scalar, field.utf8Validation);
      if (!scalar) return undefined;
      if (field.presence === IMPLICIT) return implicitScalarField(field, scalar);
      // proto3 `optional` of a number (strings and booleans too: their values always written).
      if (field.presence === EXPLICIT) return explicitScalarField(field, scalar);
      return undefined;
    }
    case 'enum': {
      if (field.presence !== IMPLICIT) return undefined;
      const scalar = enumCodec(field.enum);
      return scalar && implicitScalarField(field, scalar);
    }
    case 'message': {
      if (field.delimitedEncoding) return undefined;
      const plan = compile(field.message, compiling);
      return plan && messageField(field, plan);
    }
    case 'list': {
      if (field.listKind === 'message') {
        if (field.delimitedEncoding) return undefined;
        const plan = compile(field.message, compiling);
        return plan && messageListField(field, plan);
      }
      const scalar =
        field.listKind === 'enum'
          ? enumCodec(field.enum)
          : scalarCodec(field.scalar, field.utf8Validation);
      if (!scalar) return undefined;
      if (scalar.wireType === WireType.LengthDelimited) {
        return field.packed ? undefined : unpackedListField(field, scalar);
      }
      return field.packed ? packedListField(field, scalar) : undefined;
    }
    case 'map':
      return undefined;
  }
}

/** How one value of a scalar (or enum) type goes between JSON and the wire. */
interface ScalarCodec {
  readonly wireType: WireType;
  /** The JSON value as toJson writes the type's zero value (alwaysEmitImplicit). */
  readonly zeroJson: JsonValue;
  /** The value to write for a JSON value of the type; throws notSure for any other. */
  fromJson(json: unknown): unknown;
  /** Whether toBinary leaves it out when the field has implicit presence. */
  isZero(value: unknown): boolean;
  write(writer: BinaryWriter, value: unknown): void;
  /** The JSON of one value read; throws notSure for a value it does not write back. */
  read(reader: BinaryReader): JsonValue;
  /** Whether a value `read` returned is the zero value (left out of toJson by default). */
  isZeroJson(json: JsonValue): boolean;
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
// Up to 18 digits: always within int64, so never an error of reflection's to give.
const INT64_DECIMAL = /^-?[1-9][0-9]{0,17}$/;

const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => getTextEncoding().checkUtf8(text);

function scalarCodec(type: ScalarType, utf8Validation: boolean): ScalarCodec | undefined {
  switch (type) {
    case ScalarType.STRING:
      return {
        wireType: WireType.LengthDelimited,
        zeroJson: '',
        fromJson: (json) => {
          // Reflection refuses a string with a lone surrogate ("invalid UTF8").
          if (typeof json !== 'string' || !isWellFormed(json)) throw notSure;
          return json;
        },
        isZero: (value) => value === '',
        write: (writer, value) => writer.string(value as string),
        read: (reader) => reader.string(utf8Validation),
        isZeroJson: (json) => json === '',
      };
    case ScalarType.INT32:
      return {
        wireType: WireType.Varint,
        zeroJson: 0,
        fromJson: (json) => {
          if (!Number.isInteger(json)) throw notSure;
          const value = json as number;
          if (value < INT32_MIN || value > INT32_MAX) throw notSure;
          return value;
        },
        isZero: (value) => value === 0,
        write: (writer, value) => writer.int32(value as number),
        read: (reader) => reader.int32(),
        isZeroJson: (json) => json === 0,
      };
    case ScalarType.INT64:
      return {
        wireType: WireType.Varint,
        zeroJson: '0',
        fromJson: (json) => {
          if (typeof json === 'string' ? json === '0' || INT64_DECIMAL.test(json) : false) {
            return json;
          }
          if (Number.isSafeInteger(json)) return json;
          throw notSure;
        },
        isZero: (value) => value === '0' || value === 0,
        write: (writer, value) => writer.int64(value as string | number),
        read: (reader) => reader.int64().toString(),
        isZeroJson: (json) => json === '0',
      };
    case ScalarType.DOUBLE:
      return {
        wireType: WireType.Bit64,
        zeroJson: 0,
        fromJson: (json) => {
          // NaN and the infinities come as strings; left to reflection.
          if (!Number.isFinite(json)) throw notSure;
          return json;
        },
        // -0 is not the zero value: toBinary writes it.
        isZero: (value) => Object.is(value, 0),
        write: (writer, value) => writer.double(value as number),
        read: (reader) => {
          const value = reader.double();
          if (!Number.isFinite(value)) throw notSure;
          return value;
        },
        isZeroJson: (json) => Object.is(json, 0),
      };
    case ScalarType.BOOL:
      return {
        wireType: WireType.Varint,
        zeroJson: false,
        fromJson: (json) => {
          if (typeof json !== 'boolean') throw notSure;
          return json;
        },
        isZero: (value) => value === false,
        write: (writer, value) => writer.bool(value as boolean),
        read: (reader) => reader.bool(),
        isZeroJson: (json) => json === false,
      };
    default:
      return undefined;
  }
}

/** An open enum's values by name; the wire carries their numbers as int32. */
function enumCodec(desc: DescEnum): ScalarCodec | undefined {
  if (!desc.open || desc.values.length === 0) return undefined;
  const numbers = new Map<string, number>();
  const names = new Map<number, string>();
  for (const value of desc.values) {
    if (!numbers.has(value.name)) numbers.set(value.name, value.number);
    // toJson names a number by the enum's own index (the first value of aliases).
    names.set(value.number, desc.value[value.number].name);
  }
  const zero = desc.values[0].number;
  const zeroName = names.get(zero) as string;
  return {
    wireType: WireType.Varint,
    zeroJson: zeroName,
    fromJson: (json) => {
      const number = typeof json === 'string' ? numbers.get(json) : undefined;
      // Numbers and unknown names are reflection's to judge.
      if (number === undefined) throw notSure;
      return number;
    },
    isZero: (value) => value === zero,
    write: (writer, value) => writer.int32(value as number),
    read: (reader) => {
      const name = names.get(reader.int32());
      if (name === undefined) throw notSure;
      return name;
    },
    isZeroJson: (json) => json === zeroName,
  };
}

function implicitScalarField(field: DescField, scalar: ScalarCodec): FieldPlan {
  const { number } = field;
  return {
    jsonName: field.jsonName,
    wireType: scalar.wireType,
    repeats: false,
    write(writer, json) {
      const value = scalar.fromJson(json);
      if (!scalar.isZero(value)) scalar.write(writer.tag(number, scalar.wireType), value);
    },
    read: (reader) => scalar.read(reader),
    toJson(value, emit) {
      if (value === undefined) return emit ? scalar.zeroJson : undefined;
      return emit || !scalar.isZeroJson(value as JsonValue) ? (value as JsonValue) : undefined;
    },
  };
}

function explicitScalarField(field: DescField, scalar: ScalarCodec): FieldPlan {
  const { number } = field;
  return {
    jsonName: field.jsonName,
    wireType: scalar.wireType,
    repeats: false,
    write(writer, json) {
      scalar.write(writer.tag(number, scalar.wireType), scalar.fromJson(json));
    },
    read: (reader) => scalar.read(reader),
    // Set (whatever its value) or not: absent stays absent, even with alwaysEmitImplicit.
    toJson: (value) => value as JsonValue | undefined,
  };
}

function messageField(field: DescField, plan: MessagePlan): FieldPlan {
  const { number } = field;
  return {
    jsonName: field.jsonName,
    wireType: WireType.LengthDelimited,
    repeats: false,
    write(writer, json, depth) {
      writer.tag(number, WireType.LengthDelimited).fork();
      writeMessage(plan, writer, json, depth + 1);
      writer.join();
    },
    read: (reader, end, _previous, emit, depth) =>
      readMessage(plan, reader, delimitedEnd(reader, end), emit, depth + 1),
    toJson: (value) => value as JsonObject | undefined,
  };
}

function messageListField(field: DescField, plan: MessagePlan): FieldPlan {
  const { number } = field;
  return {
    jsonName: field.jsonName,
    wireType: WireType.LengthDelimited,
    repeats: true,
    write(writer, json, depth) {
      if (!Array.isArray(json)) throw notSure;
      for (let i = 0; i < json.length; i++) {
        writer.tag(number, WireType.LengthDelimited).fork();
        writeMessage(plan, writer, json[i], depth + 1);
        writer.join();
      }
    },
    read(reader, end, previous, emit, depth) {
      const list = (previous as JsonObject[] | undefined) ?? [];
      list.push(readMessage(plan, reader, delimitedEnd(reader, end), emit, depth + 1));
      return list;
    },
    toJson: listToJson,
  };
}

/** A list of strings: each element its own record. */
function unpackedListField(field: DescField, scalar: ScalarCodec): FieldPlan {
  const { number } = field;
  return {
    jsonName: field.jsonName,
    wireType: scalar.wireType,
    repeats: true,
    write(writer, json) {
      if (!Array.isArray(json)) throw notSure;
      for (let i = 0; i < json.length; i++) {
        scalar.write(writer.tag(number, scalar.wireType), scalar.fromJson(json[i]));
      }
    },
    read(reader, _end, previous) {
      const list = (previous as JsonValue[] | undefined) ?? [];
      list.push(scalar.read(reader));
      return list;
    },
    toJson: listToJson,
  };
}

/** A list of numbers, booleans or enums: one record holding them all. */
function packedListField(field: DescField, scalar: ScalarCodec): FieldPlan {
  const { number } = field;
  return {
    jsonName: field.jsonName,
    wireType: WireType.LengthDelimited,
    repeats: false,
    write(writer, json) {
      if (!Array.isArray(json)) throw notSure;
      if (json.length === 0) return;
      writer.tag(number, WireType.LengthDelimited).fork();
      for (let i = 0; i < json.length; i++) scalar.write(writer, scalar.fromJson(json[i]));
      writer.join();
    },
    read(reader, end) {
      const packedEnd = delimitedEnd(reader, end);
      const list: JsonValue[] = [];
      while (reader.pos < packedEnd) list.push(scalar.read(reader));
      if (reader.pos !== packedEnd) throw notSure;
      return list;
    },
    toJson: listToJson,
  };
}

function listToJson(value: unknown, emit: boolean): JsonValue | undefined {
  const list = value as JsonValue[] | undefined;
  if (list !== undefined && list.length > 0) return list;
  return emit ? [] : undefined;
}
