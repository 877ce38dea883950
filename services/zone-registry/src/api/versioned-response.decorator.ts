/** Documents an @ETagFromVersion() handler's success (the platform's, shared with other services). */
export { ApiVersionedResponse } from '@zoneledger/platform';
