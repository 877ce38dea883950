import {
  fromBinary,
  fromJson,
  toBinary,
  toJson,
  type JsonObject,
  type JsonValue,
  type JsonWriteOptions,
} from '@bufbuild/protobuf';
import { MalformedEventDataError } from './contract-errors';
import { eventContract } from './event-contract-registry';
import { protoJsonTranscoder } from './proto-json-transcoder';

// Both directions first try the message type's compiled transcoder (proto-json-transcoder.ts),
// which answers only for the canonical shapes and then exactly as reflection would; anything
// else (and every error) goes through @bufbuild/protobuf's reflection below.

/**
 * Event data as stored (proto JSON mapping: lowerCamelCase names, enum value names, dates as
 * {year, month, day}) -> the protobuf binary of a CloudEvent's payload.
 * Strict: a field the contract does not know is an error, not silently dropped.
 */
export function encodeEventData(ceType: string, data: unknown): Uint8Array {
  const { schema } = eventContract(ceType);
  const fast = protoJsonTranscoder(schema)?.encode(data);
  if (fast !== undefined) return fast;
  let message;
  try {
    message = fromJson(schema, data as JsonValue);
  } catch (error) {
    throw new MalformedEventDataError(ceType, 'json', error);
  }
  return toBinary(schema, message);
}

/**
 * A CloudEvent's protobuf payload -> event data in the proto JSON mapping. Fields holding their
 * default value are omitted (canonical proto JSON) unless `options.alwaysEmitImplicit` is set.
 */
export function decodeEventData(
  ceType: string,
  bytes: Uint8Array,
  options?: Partial<JsonWriteOptions>,
): JsonObject {
  const { schema } = eventContract(ceType);
  const alwaysEmitImplicit = transcodableOptions(options);
  if (alwaysEmitImplicit !== undefined) {
    const fast = protoJsonTranscoder(schema)?.decode(bytes, alwaysEmitImplicit);
    if (fast !== undefined) return fast;
  }
  try {
    return toJson(schema, fromBinary(schema, bytes), options) as JsonObject;
  } catch (error) {
    throw new MalformedEventDataError(ceType, 'binary', error);
  }
}

/**
 * Whether toJson's output with these options is one the transcoder writes: its alwaysEmitImplicit
 * if so, undefined if not. toJson tests its options for truth, and ignores prettySpaces.
 */
function transcodableOptions(options: Partial<JsonWriteOptions> | undefined): boolean | undefined {
  if (options === undefined || options === null) return false;
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (key !== 'alwaysEmitImplicit' && key !== 'prettySpaces' && given[key]) return undefined;
  }
  return Boolean(options.alwaysEmitImplicit);
}
