import { DiagnosticSeverity, fromFile, Parser, type Diagnostic } from '@asyncapi/parser';
import { resolve } from 'node:path';
import { encodeEventData, EventContracts, Topics } from '@zoneledger/contracts';
import type { RecordedEvent } from '@zoneledger/event-store';
import {
  decodeCloudEvent,
  DeadLetterHeaders,
  deadLetterTopic,
  deadLetterTopicSpec,
  DOMAIN_TOPIC_CONFIGS,
  encodeCloudEvent,
  PROTOBUF_CONTENT_TYPE,
  toOutboxMessage,
} from '@zoneledger/messaging';
import { protoJsonSchemaProblems, type JsonSchema as Schema } from './proto-json-schema';

// docs/asyncapi.yaml is written by hand for people and AsyncAPI tools; this keeps it valid and
// true to the code: topics, registered contracts, their protobuf messages, and the headers the
// outbox relay and the consumer runner really write.

interface Example {
  readonly headers: Record<string, string>;
  readonly payload: unknown;
}
interface Message {
  readonly name: string;
  readonly contentType?: string;
  readonly headers: Schema;
  readonly payload: Schema;
  readonly bindings?: { readonly kafka?: { readonly key?: Schema } };
  readonly examples?: readonly Example[];
}
interface Channel {
  readonly address: string;
  readonly messages: Readonly<Record<string, Message>>;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly bindings?: {
    readonly kafka?: { partitions?: number; topicConfiguration?: Record<string, unknown> };
  };
}
interface Operation {
  readonly action: 'send' | 'receive';
  readonly channel: Channel;
  readonly messages: readonly Message[];
}
interface AsyncApiJson {
  readonly channels: Readonly<Record<string, Channel>>;
  readonly operations: Readonly<Record<string, Operation>>;
}

const documentPath = resolve(__dirname, '..', 'docs', 'asyncapi.yaml');
const domainTopics: readonly string[] = Object.values(Topics);
const recordedAt = new Date('2025-01-03T08:00:00.000Z');
const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

let diagnostics: Diagnostic[];
let doc: AsyncApiJson;

beforeAll(async () => {
  const parsed = await fromFile(new Parser(), documentPath).parse();
  diagnostics = parsed.diagnostics;
  // The parsed form: references resolved and message traits applied, as AsyncAPI tools see it.
  doc = (parsed.document?.json() ?? { channels: {}, operations: {} }) as unknown as AsyncApiJson;
});

const channels = (): Channel[] => Object.values(doc.channels);
const channelOf = (address: string): Channel | undefined =>
  channels().find((c) => c.address === address);
const domainMessages = (): [Channel, Message][] =>
  channels()
    .filter((channel) => domainTopics.includes(channel.address))
    .flatMap((channel) =>
      Object.values(channel.messages).map((m) => [channel, m] as [Channel, Message]),
    );
// Kafka's form of a config: a list is comma-separated (cleanup.policy: [delete] is 'delete').
const stringValues = (record: Readonly<Record<string, unknown>>) =>
  Object.fromEntries(Object.entries(record).map(([name, value]) => [name, String(value)]));

/** A headers schema with its allOf parts merged: every property and every required name. */
function flatten(schema: Schema): { properties: Record<string, Schema>; required: string[] } {
  const parts = [schema, ...(schema.allOf ?? []).map(flatten)];
  const properties: Record<string, Schema> = {};
  for (const part of parts)
    for (const [n, s] of Object.entries(part.properties ?? {}))
      properties[n] = { ...properties[n], ...s };
  return {
    properties,
    required: [...new Set(parts.flatMap((part) => part.required ?? []))].sort(),
  };
}

function recordedEvent(metadata: Record<string, unknown>): RecordedEvent {
  return {
    type: 'ZoneRegistered',
    data: { zoneId: 'zone-1', nameZh: '苏州工业园区', kind: 'ZONE_KIND_ETDZ' },
    eventId: '0193f3a2-7c1e-7d4a-9b2e-5f0c1d2e3a4b',
    schemaVersion: 1,
    metadata,
    streamId: 'zone-1',
    streamType: 'zone',
    streamVersion: 1,
    position: 1n,
    transactionId: 1n,
    recordedAt,
  };
}
const headerNames = (message: { headers?: object }) => Object.keys(message.headers ?? {}).sort();

describe('docs/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3.0 document, without errors or warnings', () => {
    const problems = diagnostics.filter((d) => d.severity <= DiagnosticSeverity.Warning);
    expect(problems.map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
  });

  it('has a channel for each domain topic, with its retention', () => {
    expect(
      channels()
        .map((c) => c.address)
        .filter((a) => domainTopics.includes(a))
        .sort(),
    ).toEqual([...domainTopics].sort());
    for (const topic of domainTopics) {
      expect(stringValues(channelOf(topic)?.bindings?.kafka?.topicConfiguration ?? {})).toEqual(
        DOMAIN_TOPIC_CONFIGS,
      );
    }
  });

  it.each(EventContracts.map((c) => [c.ceType, c] as const))(
    'describes %s on the channel of its topic',
    (ceType, contract) => {
      const message = Object.values(channelOf(contract.topic)?.messages ?? {}).find(
        (m) => m.name === ceType,
      );
      expect(message).toBeDefined();
      const headers = flatten(message?.headers ?? {}).properties;
      expect(headers.ce_type?.const).toBe(ceType);
      expect(headers.ce_dataschema?.const).toBe(contract.dataschema);
      expect(message?.contentType).toBe(PROTOBUF_CONTENT_TYPE);
      expect(message?.bindings?.kafka?.key?.type).toBe('string');
      expect(protoJsonSchemaProblems(message?.payload, contract.schema, ceType)).toEqual([]);
    },
  );

  it('describes no event that is not registered, nor on another topic', () => {
    const stale = domainMessages().filter(
      ([channel, m]) =>
        !EventContracts.some((c) => c.ceType === m.name && c.topic === channel.address),
    );
    expect(stale.map(([channel, m]) => `${m.name} on ${channel.address}`)).toEqual([]);
  });

  it('lets every operation on a domain topic carry exactly the events registered for it', () => {
    const onDomainTopics = Object.entries(doc.operations).filter(([, op]) =>
      domainTopics.includes(op.channel.address),
    );
    expect(onDomainTopics.some(([, op]) => op.action === 'send')).toBe(true);
    for (const [name, operation] of onDomainTopics) {
      const registered = EventContracts.filter((c) => c.topic === operation.channel.address).map(
        (c) => c.ceType,
      );
      expect([name, operation.messages.map((m) => m.name).sort()]).toEqual([
        name,
        registered.sort(),
      ]);
    }
  });

  it('documents the headers that encodeCloudEvent and the outbox relay write', () => {
    const sample = {
      id: 'e-1',
      source: '/zoneledger/zone-registry',
      type: 't',
      subject: 'zone-1',
      time: recordedAt,
      dataschema: 'urn:x',
      data: new Uint8Array(),
    };
    const bare = encodeCloudEvent(sample);
    const everything = encodeCloudEvent({
      ...sample,
      traceparent,
      extensions: { correlationid: 'c', causationid: 'k', actor: 'a', streamversion: '1' },
    });
    const relayed = toOutboxMessage(recordedEvent({}), '/zoneledger/zone-registry', '').message;
    const fullyRelayed = toOutboxMessage(
      recordedEvent({
        correlationId: 'c',
        causationId: 'k',
        actor: 'a',
        traceparent,
      }),
      '/zoneledger/zone-registry',
      '',
    ).message;
    expect(headerNames(fullyRelayed)).toEqual(headerNames(everything));

    for (const [, message] of domainMessages()) {
      const { properties, required } = flatten(message.headers);
      expect([message.name, Object.keys(properties).sort()]).toEqual([
        message.name,
        headerNames(everything),
      ]);
      expect([message.name, required]).toEqual([message.name, headerNames(relayed)]);
      expect(required).toEqual(expect.arrayContaining(headerNames(bare)));
      expect(properties.ce_specversion.const).toBe(bare.headers?.ce_specversion);
      expect(properties['content-type'].const).toBe(bare.headers?.['content-type']);
    }
  });

  it('gives examples that the real codecs accept', () => {
    const examples = domainMessages().flatMap(([, m]) =>
      (m.examples ?? []).map((e) => [m, e] as const),
    );
    expect(examples.length).toBeGreaterThan(0);
    for (const [message, example] of examples) {
      const value = Buffer.from(encodeEventData(message.name, example.payload as never));
      const event = decodeCloudEvent({
        key: Buffer.from(example.headers.ce_subject),
        value,
        headers: example.headers,
      });
      expect(event.type).toBe(message.name);
      expect(Object.keys(flatten(message.headers).properties)).toEqual(
        expect.arrayContaining(Object.keys(example.headers)),
      );
    }
  });

  it('describes dead-letter topics as the consumer runner names, configures and heads them', () => {
    const channel = channelOf(deadLetterTopic('{groupId}'));
    expect(Object.keys(channel?.parameters ?? {})).toEqual(['groupId']);
    const spec = deadLetterTopicSpec('any-group');
    expect(channel?.bindings?.kafka?.partitions).toBe(spec.partitions);
    expect(stringValues(channel?.bindings?.kafka?.topicConfiguration ?? {})).toEqual(spec.configs);

    const dlqHeaders = Object.values(DeadLetterHeaders).sort();
    const messages = Object.values(channel?.messages ?? {});
    expect(messages).toHaveLength(1);
    for (const message of messages) {
      const { properties, required } = flatten(message.headers);
      expect(Object.keys(properties).sort()).toEqual(dlqHeaders);
      expect(required).toEqual(dlqHeaders);
    }
  });
});
