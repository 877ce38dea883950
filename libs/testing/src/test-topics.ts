import type { Kafka } from 'kafkajs';

/**
 * Deletes the topics a test's services created under its prefix, once they are stopped. A broker
 * that refuses (a topic being created meanwhile) leaves them for the run's teardown.
 */
export async function deleteTestTopics(kafka: Kafka, topicPrefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
    await admin.deleteTopics({ topics }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
