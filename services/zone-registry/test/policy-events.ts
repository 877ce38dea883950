import { fromJson, toBinary } from '@bufbuild/protobuf';
import { PolicyIssuedSchema, type PolicyIssuedJson } from '@zoneledger/contracts';
import { encodeCloudEvent } from '@zoneledger/messaging';
import type { Message } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** A PolicyIssued as the policy-registry would publish it: CloudEvents binary mode, key = `policy-<id>`. */
export function policyIssued(policy: PolicyIssuedJson, eventId: string = randomUUID()): Message {
  return encodeCloudEvent({
    id: eventId,
    source: '/zoneledger/policy-registry',
    type: PolicyIssuedSchema.typeName,
    subject: `policy-${policy.policyId}`,
    time: new Date(),
    dataschema: `urn:zoneledger:proto:${PolicyIssuedSchema.typeName}`,
    data: toBinary(PolicyIssuedSchema, fromJson(PolicyIssuedSchema, policy)),
  });
}
