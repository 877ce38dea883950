/** The request's correlation id (the platform's, shared with the other services). */
export { CorrelationId, correlationIdOf } from '@zoneledger/platform';
