import type { IHeaders, Message } from 'kafkajs';

/** A CloudEvents 1.0 event carried in Kafka's binary content mode (data = protobuf bytes). */
export interface CloudEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  /** The aggregate id; also the Kafka key, so one aggregate's events share a partition. */
  readonly subject: string;
  readonly time: Date;
  readonly dataschema: string;
  readonly data: Uint8Array;
  /** W3C trace context of the command that caused the event. */
  readonly traceparent?: string;
  /** CloudEvents extensions (lower-case alphanumeric names), e.g. correlationid, actor. */
  readonly extensions?: Readonly<Record<string, string>>;
}

export const PROTOBUF_CONTENT_TYPE = 'application/protobuf';
const REQUIRED = [
  'ce_specversion',
  'ce_id',
  'ce_source',
  'ce_type',
  'ce_subject',
  'ce_time',
  'ce_dataschema',
] as const;
const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
// RFC 3339 with a zone; Date.parse alone would also accept "May 5 2019".
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A Kafka message that is not a valid ZoneLedger CloudEvent; `problems` says why, field by field. */
export class MalformedCloudEventError extends Error {
  readonly code = 'MESSAGING.MALFORMED_CLOUD_EVENT';
  constructor(readonly problems: readonly string[]) {
    super(`malformed CloudEvent: ${problems.join('; ')}`);
    this.name = 'MalformedCloudEventError';
  }
}

/** Encodes a CloudEvent as a Kafka message in binary content mode (ce_* headers, key = subject). */
export function encodeCloudEvent(event: CloudEvent): Message {
  const headers: IHeaders = {
    ce_specversion: '1.0',
    ce_id: event.id,
    ce_source: event.source,
    ce_type: event.type,
    ce_subject: event.subject,
    ce_time: event.time.toISOString(),
    ce_dataschema: event.dataschema,
    'content-type': PROTOBUF_CONTENT_TYPE,
  };
  if (event.traceparent) headers.traceparent = event.traceparent;
  for (const [name, value] of Object.entries(event.extensions ?? {})) {
    if (!EXTENSION_NAME.test(name))
      throw new MalformedCloudEventError([
        `extension name "${name}" is not lower-case alphanumeric`,
      ]);
    headers[`ce_${name}`] = value;
  }
  return { key: event.subject, value: Buffer.from(event.data), headers };
}

/** Decodes and validates a Kafka message; throws MalformedCloudEventError listing every problem. */
export function decodeCloudEvent(message: {
  key?: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}): CloudEvent {
  const headers = headerStrings(message.headers ?? {});
  const problems = cloudEventProblems(headers, message);
  if (problems.length > 0) throw new MalformedCloudEventError(problems);

  const extensions: Record<string, string> = {};
  for (const name in headers) {
    if (name.startsWith('ce_') && !REQUIRED_HEADERS.has(name))
      extensions[name.slice(3)] = headers[name];
  }
  const value = message.value as Buffer;
  return {
    id: headers.ce_id,
    source: headers.ce_source,
    type: headers.ce_type,
    subject: headers.ce_subject,
    time: new Date(headers.ce_time),
    dataschema: headers.ce_dataschema,
    // A view of the received bytes, not a copy: the message already holds them.
    data: new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
    ...(headers.traceparent ? { traceparent: headers.traceparent } : {}),
    extensions,
  };
}

const REQUIRED_HEADERS: ReadonlySet<string> = new Set(REQUIRED);

function cloudEventProblems(
  headers: Record<string, string>,
  message: { key?: Buffer | null; value: Buffer | null },
): string[] {
  const problems: string[] = [];
  for (const name of REQUIRED) {
    if (!headers[name]) problems.push(`missing header ${name}`);
  }
  if (headers.ce_specversion && headers.ce_specversion !== '1.0') {
    problems.push(`ce_specversion must be 1.0, got "${headers.ce_specversion}"`);
  }
  if (headers['content-type'] !== PROTOBUF_CONTENT_TYPE) {
    problems.push(
      `content-type must be ${PROTOBUF_CONTENT_TYPE}, got "${headers['content-type'] ?? ''}"`,
    );
  }
  if (headers.ce_time && !RFC3339.test(headers.ce_time))
    problems.push(`ce_time is not an RFC 3339 time: "${headers.ce_time}"`);
  if (headers.traceparent && !TRACEPARENT.test(headers.traceparent))
    problems.push(`traceparent is malformed: "${headers.traceparent}"`);
  if (message.value === null) problems.push('message has no value (data)');
  const key = message.key?.toString();
  if (headers.ce_subject && key !== headers.ce_subject)
    problems.push(`key "${key ?? ''}" differs from ce_subject "${headers.ce_subject}"`);
  return problems;
}

function headerStrings(headers: IHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name.toLowerCase()] = first.toString();
  }
  return result;
}
