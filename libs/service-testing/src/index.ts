// Test support for the services: a service running in-process on its own schema and topics, the
// zone events other contexts consume, and a read model's batches set against its events one by
// one. Apart from @zoneledger/testing, which the platform's and messaging's own tests use, because
// this builds on both.
export {
  startServiceUnderTest,
  type ServiceSetup,
  type ServiceUnderTest,
} from './service-under-test';
export {
  interleavedZoneHistory,
  publishedEvent,
  zoneEvent,
  zoneRankChanged,
  zoneRegistered,
  type PublishedEvent,
  type ZoneFixture,
} from './zone-events';
export {
  consumedEvents,
  expectReadProbesPrimaryKey,
  projectedAlikeInBatches,
  type ProjectedTables,
} from './projection-batches';
export { WebhookReceiver, type ReceivedWebhook, type WebhookAnswer } from './webhook-receiver';
