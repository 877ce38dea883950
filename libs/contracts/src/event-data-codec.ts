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

/**
 * Event data as stored (proto JSON mapping: lowerCamelCase names, enum value names, dates as
 * {year, month, day}) -> the protobuf binary of a CloudEvent's payload.
 * Strict: a field the contract does not know is an error, not silently dropped.
 */
export function encodeEventData(ceType: string, data: unknown): Uint8Array {
  const { schema } = eventContract(ceType);
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
  try {
    return toJson(schema, fromBinary(schema, bytes), options) as JsonObject;
  } catch (error) {
    throw new MalformedEventDataError(ceType, 'binary', error);
  }
}
