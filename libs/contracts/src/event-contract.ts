import type { DescMessage } from '@bufbuild/protobuf';
import type { TopicName } from './topics';

/**
 * How one domain event travels between services: the same fact as a row in its aggregate's event
 * store (domain type + proto JSON data) and as a CloudEvent on Kafka (ce_type + protobuf binary).
 */
export interface EventContract<Schema extends DescMessage = DescMessage> {
  /** CloudEvents `type`: the message's full protobuf name, e.g. `zoneledger.zone.v1.ZoneRegistered`. */
  readonly ceType: string;
  /** The protobuf-es schema of the event's data. */
  readonly schema: Schema;
  /** The topic the event is published on (key = aggregate id). */
  readonly topic: TopicName;
  /** Stream category of the aggregate that records the event, e.g. `zone`. */
  readonly aggregate: string;
  /** The event's type in the event store, e.g. `ZoneRegistered` (the message's short name). */
  readonly domainType: string;
  /** CloudEvents `dataschema`: `urn:zoneledger:proto:<full name>`. */
  readonly dataschema: string;
}

/** Where an aggregate's events are recorded and published. */
export interface EventOrigin {
  readonly aggregate: string;
  readonly topic: TopicName;
}

/** A contract named after its message, so the proto file stays the single source of every name. */
export function defineEventContract<Schema extends DescMessage>(
  schema: Schema,
  origin: EventOrigin,
): EventContract<Schema> {
  return {
    ceType: schema.typeName,
    schema,
    topic: origin.topic,
    aggregate: origin.aggregate,
    domainType: schema.name,
    dataschema: `urn:zoneledger:proto:${schema.typeName}`,
  };
}
