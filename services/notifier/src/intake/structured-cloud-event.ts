import type { ConsumedEvent } from '@zoneledger/messaging';

// What a webhook receiver, a mailbox and a live-stream client get: the event as a CloudEvent in
// structured JSON mode (CloudEvents 1.0 JSON format), its data decoded from protobuf to proto
// JSON, so that no receiver needs the .proto files. Extension attributes travel as top-level
// members, as the JSON format says (streamversion, correlationid, actor, ...).

/** A CloudEvent in structured JSON mode. */
export interface StructuredCloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  /** RFC 3339. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly dataschema: string;
  readonly traceparent?: string;
  readonly data: unknown;
  /** Extension attributes (lower-case alphanumeric names, string values). */
  readonly [extension: string]: unknown;
}

// Context attributes an extension may not shadow.
const ATTRIBUTES = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'datacontenttype',
  'dataschema',
  'traceparent',
  'data',
  'data_base64',
]);

/** The consumed event in structured JSON mode. */
export function structuredCloudEvent({ cloudEvent, data }: ConsumedEvent): StructuredCloudEvent {
  const extensions = Object.fromEntries(
    Object.entries(cloudEvent.extensions ?? {}).filter(([name]) => !ATTRIBUTES.has(name)),
  );
  return {
    specversion: '1.0',
    id: cloudEvent.id,
    source: cloudEvent.source,
    type: cloudEvent.type,
    subject: cloudEvent.subject,
    time: cloudEvent.time.toISOString(),
    datacontenttype: 'application/json',
    dataschema: cloudEvent.dataschema,
    ...(cloudEvent.traceparent ? { traceparent: cloudEvent.traceparent } : {}),
    ...extensions,
    data,
  };
}

/** The event's version in its stream (the relay's `streamversion` extension; 0 when absent). */
export function streamVersionOf({ cloudEvent }: ConsumedEvent): bigint {
  const text = cloudEvent.extensions?.streamversion;
  return text && /^\d{1,19}$/.test(text) ? BigInt(text) : 0n;
}
