import { Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { NOTIFIER_ERROR_MAPPINGS } from '../../services/notifier/src/api/notifier-error-mappings';
import { NotifierMigrations } from '../../services/notifier/src/migrations';
import {
  startBenchedService,
  type BenchedService,
  type BenchSettings,
} from '../shared/benched-service';

/** A notifier running in this process on a schema and topic prefix of its own. */
export type BenchedNotifier = BenchedService;

/** What the notifier is run with beyond the bench's schema and topics. */
export interface NotifierBenchSettings extends BenchSettings {
  /** NOTIFIER_DELIVERY_CONCURRENCY; the service's default when undefined. */
  readonly deliveryConcurrency?: number;
  /** NOTIFIER_WEBHOOK_TIMEOUT_MS; the service's default when undefined. */
  readonly webhookTimeoutMs?: number;
}

/**
 * Boots the notifier for a benchmark (its intake, delivery workers and API), plain http to
 * 127.0.0.1 allowed (the bench's receiver), a fresh NOTIFIER_SECRET_KEY, with a producer for the
 * zone events it consumes. The API is called as an analyst.
 */
export async function startNotifier(settings: NotifierBenchSettings): Promise<BenchedNotifier> {
  // The platform reads the service's variables from the environment it is given (this process's).
  process.env.NOTIFIER_SECRET_KEY = randomBytes(32).toString('base64');
  process.env.NOTIFIER_ALLOW_HTTP = 'true';
  process.env.NOTIFIER_ALLOWED_NETWORKS = '127.0.0.1/32';
  if (settings.deliveryConcurrency !== undefined)
    process.env.NOTIFIER_DELIVERY_CONCURRENCY = String(settings.deliveryConcurrency);
  if (settings.webhookTimeoutMs !== undefined)
    process.env.NOTIFIER_WEBHOOK_TIMEOUT_MS = String(settings.webhookTimeoutMs);
  const service = await startBenchedService(
    {
      service: 'notifier',
      title: 'notifier',
      module: async () => {
        const { NotifierModule } = await import('../../services/notifier/src/app.module');
        @Module({ imports: [NotifierModule.forRoot()] })
        class BenchedNotifierModule {}
        return BenchedNotifierModule;
      },
      migrations: NotifierMigrations,
      errorMappings: NOTIFIER_ERROR_MAPPINGS,
      role: 'analyst',
    },
    settings,
  );
  return service;
}
