/** A date as documents state it (the platform's, shared with the other services). */
export { CalendarDateDto } from '@zoneledger/platform';
