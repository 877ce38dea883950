import { provideDatabase, provideKafka, providePostgres, runId } from '../infrastructure';

/**
 * Gives the integration tests a real Kafka and a real PostgreSQL, isolated for this run: a
 * database of its own, and a topic prefix that every test's topics and groups share.
 * Workers inherit what is set on process.env here.
 */
export default async function globalSetup(): Promise<void> {
  const run = runId();
  const adminUrl = providePostgres();
  const databaseUrl = provideDatabase(`zl_test_${run}`);

  const kafka = provideKafka();
  Object.assign(process.env, {
    ZL_TEST_RUN: run,
    ZL_TEST_ADMIN_DATABASE_URL: adminUrl,
    ZL_TEST_KAFKA_STARTED: kafka.startedHere ? '1' : '',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: kafka.brokers,
    TOPIC_PREFIX: `test.${run}.`,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? 'zoneledger-test-secret-0123456789',
  });
}
