export { ServiceCallError, ServiceClient } from './api-client';
export { DEFAULT_PORTS, parseCommandLine } from './cli-options';
export type { StoryOutput } from './progress';
export { StoryError } from './story-context';
export { readStorySeed, repositoryRoot, SEED_FILES, type StorySeed } from './story-seed';
export {
  playStory,
  type StoryCredentials,
  type StoryEndpoints,
  type StoryOptions,
  type StoryReport,
} from './story';
export type { ReceivedNotification, StoryAnswers } from './steps/answers';
export {
  startWebhookReceiver,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from './webhook-receiver';
