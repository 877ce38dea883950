import { defineEventContract, type EventOrigin } from './event-contract';
import {
  PolicyAmendedSchema,
  PolicyAutonomyExtendedSchema,
  PolicyIssuedSchema,
  PolicyRepealedSchema,
  PolicySupersededSchema,
} from './gen/zoneledger/policy/v1/policy_events_pb';
import { Topics } from './topics';

// The policy-registry records these on policy streams.
const policy: EventOrigin = { aggregate: 'policy', topic: Topics.policies };

/** The policy events (proto/zoneledger/policy/v1/policy_events.proto). */
export const PolicyEventContracts = [
  defineEventContract(PolicyIssuedSchema, policy),
  defineEventContract(PolicyAmendedSchema, policy),
  defineEventContract(PolicySupersededSchema, policy),
  defineEventContract(PolicyRepealedSchema, policy),
  defineEventContract(PolicyAutonomyExtendedSchema, policy),
] as const;
