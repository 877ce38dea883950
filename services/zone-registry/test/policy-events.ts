import { fromJson, toBinary, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import {
  PolicyAmendedSchema,
  PolicyAutonomyExtendedSchema,
  PolicyIssuedSchema,
  type PolicyAmendedJson,
  type PolicyAutonomyExtendedJson,
  type PolicyIssuedJson,
} from '@zoneledger/contracts';
import { encodeCloudEvent } from '@zoneledger/messaging';
import type { Message } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** A PolicyIssued as the policy-registry would publish it: CloudEvents binary mode, key = `policy-<id>`. */
export function policyIssued(policy: PolicyIssuedJson, eventId: string = randomUUID()): Message {
  return policyEvent(PolicyIssuedSchema, policy, eventId);
}

/** A PolicyAmended as the policy-registry would publish it. */
export function policyAmended(amendment: PolicyAmendedJson): Message {
  return policyEvent(PolicyAmendedSchema, amendment);
}

/** A PolicyAutonomyExtended as the policy-registry would publish it. */
export function policyAutonomyExtended(extension: PolicyAutonomyExtendedJson): Message {
  return policyEvent(PolicyAutonomyExtendedSchema, extension);
}

function policyEvent<Schema extends DescMessage>(
  schema: Schema,
  data: { policyId?: string },
  eventId: string = randomUUID(),
): Message {
  return encodeCloudEvent({
    id: eventId,
    source: '/zoneledger/policy-registry',
    type: schema.typeName,
    subject: `policy-${data.policyId}`,
    time: new Date(),
    dataschema: `urn:zoneledger:proto:${schema.typeName}`,
    data: toBinary(schema, fromJson(schema, data as JsonValue)),
  });
}
