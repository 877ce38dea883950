export {
  decodeCloudEvent,
  encodeCloudEvent,
  MalformedCloudEventError,
  PROTOBUF_CONTENT_TYPE,
  type CloudEvent,
} from './cloud-event';
export {
  createKafkaClient,
  createProducer,
  kafkaAnswers,
  type KafkaClientOptions,
} from './kafka-client';
export { isRetriableKafkaError, withKafkaRetries, type KafkaRetryOptions } from './kafka-retries';
export { physicalTopic } from './topics';
export { decodeConsumedEvent, isUndecodable, type ConsumedEvent } from './consumer/consumed-event';
export { DeadLetterPublishError } from './consumer/consumer-errors';
export { lagOf, type PartitionLag } from './consumer/consumer-lag';
export { partitionKey } from './consumer/partition-key';
export {
  ConsumerRunner,
  type ConsumerRunnerOptions,
  type DeadLetterOptions,
} from './consumer/consumer-runner';
export {
  DeadLetterHeaders,
  originalHeaders,
  readDeadLetter,
  type DeadLetter,
} from './consumer/dead-letter-message';
export {
  deadLetterReplayGroup,
  replayDeadLetters,
  type ReplayDeadLettersOptions,
  type ReplayReport,
} from './consumer/dead-letter-replay';
export type { ConsumerCounters, MessagePosition } from './consumer/message-processor';
export { stderrMessagingLogger, type MessagingLogger } from './consumer/messaging-logger';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './consumer/retry-policy';
export {
  createTopicsWithLeaders,
  deadLetterTopic,
  deadLetterTopicSpec,
  DOMAIN_TOPIC_CONFIGS,
  domainTopicSpecs,
  provisionTopics,
  type ProvisionTopicsOptions,
  type TopicProvisioningReport,
  type TopicSpec,
} from './topic-provisioning';
export { OutboxRelay, type OutboxRelayOptions, type OutboxRelayStatus } from './relay/outbox-relay';
export { toOutboxMessage, type OutboxMessage } from './relay/outbox-message';
