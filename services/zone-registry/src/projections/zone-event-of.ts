import { ScalarType, type DescMessage, type JsonObject, type JsonValue } from '@bufbuild/protobuf';
import { FeatureSet_FieldPresence } from '@bufbuild/protobuf/wkt';
import { eventContract } from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import type { ZoneEvent } from '../domain/zone.events';

/**
 * The zone event a consumed CloudEvent carries, as the event store recorded it. Canonical proto
 * JSON leaves out fields holding their default value (an empty city, an empty industry list);
 * the domain's events always have them, so they are put back. Dates keep their zero parts left
 * out, as the domain writes them.
 */
export function zoneEventOf(event: ConsumedEvent): ZoneEvent {
  const contract = eventContract(event.cloudEvent.type);
  // The contract decoded it, so its shape is the event's: the relay encoded it from one.
  const recorded: unknown = {
    type: contract.domainType,
    data: withImplicitValues(contract.schema, event.data),
  };
  return recorded as ZoneEvent;
}

function withImplicitValues(schema: DescMessage, json: JsonObject): JsonObject {
  const complete: Record<string, JsonValue> = { ...json };
  for (const field of schema.fields) {
    const value = complete[field.jsonName];
    if (field.fieldKind === 'message' && isObject(value) && field.message.fields.length > 0) {
      complete[field.jsonName] = withImplicitValues(field.message, value);
    }
    if (value !== undefined) continue;
    if (field.fieldKind === 'list') complete[field.jsonName] = [];
    const implicitString =
      field.fieldKind === 'scalar' &&
      field.scalar === ScalarType.STRING &&
      field.presence === FeatureSet_FieldPresence.IMPLICIT;
    if (implicitString) complete[field.jsonName] = '';
  }
  return complete;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
