import { fromJson, toBinary, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { Topics } from '@zoneledger/contracts';
import { createProducer, encodeCloudEvent, physicalTopic } from '@zoneledger/messaging';
import { KAFKA } from '@zoneledger/platform';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { startPolicyRegistry } from './policy-registry.harness';

/** An event as its producer records it: when (recorded time), and its place in its stream. */
export interface Recorded {
  readonly time?: Date;
  readonly streamVersion?: number;
  /** The CloudEvent id; the same id again is a redelivery. */
  readonly id?: string;
}

/** A policy registry whose read side is fed by the events a test publishes itself. */
export interface PolicyQueriesUnderTest {
  /** GETs a path as an analyst (every role may read). */
  get(path: string): Promise<Response>;
  /** GETs a path expecting 200 and returns its JSON body. */
  read<T>(path: string): Promise<T>;
  /** Publishes a policy event as the policy-registry's relay would (key `policy-<id>`). */
  publishPolicyEvent(
    schema: DescMessage,
    data: Record<string, JsonValue>,
    at?: Recorded,
  ): Promise<void>;
  /** Publishes a zone event as the zone-registry's relay would (key `zone-<id>`). */
  publishZoneEvent(
    zoneId: string,
    schema: DescMessage,
    data: Record<string, JsonValue>,
    at?: Recorded,
  ): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a policy registry of its own (policy-registry.harness.ts) with a producer for its topics:
 * the tests of the reads record events at the times they choose (recorded time), which the
 * command API cannot.
 */
export async function startPolicyQueries(label: string): Promise<PolicyQueriesUnderTest> {
  const registry = await startPolicyRegistry(label);
  const producer = createProducer(registry.app.get<Kafka>(KAFKA));
  await producer.connect();
  const get = (path: string) =>
    fetch(`${registry.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${registry.analystToken}` },
    });
  const publish = async (
    topic: string,
    subject: string,
    schema: DescMessage,
    data: Record<string, JsonValue>,
    at: Recorded,
  ) => {
    const message = encodeCloudEvent({
      id: at.id ?? randomUUID(),
      source: `/zoneledger/${topic === Topics.zones ? 'zone' : 'policy'}-registry`,
      type: schema.typeName,
      subject,
      time: at.time ?? new Date(),
      dataschema: `urn:zoneledger:proto:${schema.typeName}`,
      data: toBinary(schema, fromJson(schema, data)),
      ...(at.streamVersion === undefined
        ? {}
        : { extensions: { streamversion: String(at.streamVersion) } }),
    });
    await producer.send({ topic: physicalTopic(registry.topicPrefix, topic), messages: [message] });
  };
  return {
    get,
    async read<T>(path: string) {
      const response = await get(path);
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    },
    publishPolicyEvent: (schema, data, at = {}) =>
      publish(Topics.policies, `policy-${String(data.policyId)}`, schema, data, at),
    publishZoneEvent: (zoneId, schema, data, at = {}) =>
      publish(Topics.zones, `zone-${zoneId}`, schema, data, at),
    async stop() {
      await producer.disconnect();
      await registry.stop();
    },
  };
}
