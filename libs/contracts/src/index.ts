export { Topics, type TopicName } from './topics';
export { defineEventContract, type EventContract, type EventOrigin } from './event-contract';
export { contractForDomainEvent, eventContract, EventContracts } from './event-contract-registry';
export { decodeEventData, encodeEventData } from './event-data-codec';
export { ContractError, MalformedEventDataError, UnknownEventTypeError } from './contract-errors';
export { AssessmentEventContracts } from './assessment-event-contracts';
export { NotificationEventContracts } from './notification-event-contracts';
export { PolicyEventContracts } from './policy-event-contracts';
export { ZoneEventContracts } from './zone-event-contracts';

// Generated from proto/ (npm run proto:generate). The shared Date is exported under another name
// so that importing it never shadows the global Date.
export {
  DateSchema as ContractDateSchema,
  file_zoneledger_common_v1_date,
  type Date as ContractDate,
  type DateJson as ContractDateJson,
} from './gen/zoneledger/common/v1/date_pb';
export * from './gen/zoneledger/zone/v1/zone_types_pb';
export * from './gen/zoneledger/zone/v1/zone_events_pb';
export * from './gen/zoneledger/policy/v1/policy_types_pb';
export * from './gen/zoneledger/policy/v1/policy_events_pb';
export * from './gen/zoneledger/assessment/v1/assessment_types_pb';
export * from './gen/zoneledger/assessment/v1/assessment_events_pb';
export * from './gen/zoneledger/notification/v1/notification_types_pb';
export * from './gen/zoneledger/notification/v1/notification_events_pb';
