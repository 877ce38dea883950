// Test support for the services: a service running in-process on its own schema and topics, and
// the zone events other contexts consume. Apart from @zoneledger/testing, which the platform's and
// messaging's own tests use, because this builds on both.
export {
  startServiceUnderTest,
  type ServiceSetup,
  type ServiceUnderTest,
} from './service-under-test';
export {
  publishedEvent,
  zoneEvent,
  zoneRankChanged,
  zoneRegistered,
  type PublishedEvent,
  type ZoneFixture,
} from './zone-events';
export { WebhookReceiver, type ReceivedWebhook, type WebhookAnswer } from './webhook-receiver';
