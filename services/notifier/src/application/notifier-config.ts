import type { FactoryProvider } from '@nestjs/common';
import { ConfigError, SERVICE_CONFIG, SERVICE_ENV, type ServiceConfig } from '@zoneledger/platform';
import {
  allowListOf,
  STANDARD_WEBHOOKS_SCHEDULE,
  type AllowList,
  type EndpointPolicy,
  type RetrySchedule,
} from '../domain';

/** What the notifier reads from its environment beyond what every service reads. */
export interface NotifierConfig {
  /** AES-256-GCM key of the webhook signing secrets at rest (NOTIFIER_SECRET_KEY). */
  readonly secretKey: Buffer;
  /** What webhook URLs may be: http allowed (NOTIFIER_ALLOW_HTTP), internal networks allowed. */
  readonly endpointPolicy: EndpointPolicy & { readonly allowList: AllowList };
  /** How long the previous secret keeps signing after a rotation. */
  readonly secretRotationOverlapMs: number;
  /** How deliveries are scheduled, tried and given up on. */
  readonly delivery: DeliveryConfig;
  /** E-mail: the mail server and the daily digest. */
  readonly email: EmailConfig;
  /** How long the live stream's feed keeps events for clients resuming with Last-Event-ID. */
  readonly streamRetentionMs: number;
}

/** How deliveries are scheduled, tried and given up on. */
export interface DeliveryConfig {
  /**
   * The delays before each attempt (NOTIFIER_RETRY_SCHEDULE, milliseconds, comma-separated; the
   * first usually 0) and the attempt timeout (NOTIFIER_WEBHOOK_TIMEOUT_MS): Standard Webhooks'
   * unless configured (tests shorten them).
   */
  readonly schedule: RetrySchedule;
  /** An endpoint failing this long is disabled with an event (NOTIFIER_DISABLE_AFTER_MS; 5 days). */
  readonly disableAfterMs: number;
  /** Deliveries in flight at once per instance (NOTIFIER_DELIVERY_CONCURRENCY; 32). */
  readonly concurrency: number;
  /** How long a claimed delivery stays claimed before another worker may take it over. */
  readonly leaseMs: number;
  /** How often an idle worker looks for due deliveries (it is also woken when one is created). */
  readonly pollMs: number;
}

/** E-mail delivery. */
export interface EmailConfig {
  /** SMTP_URL (smtp:// or smtps://, nodemailer's connection URL); unset: e-mail is not sent. */
  readonly smtpUrl?: string;
  /** NOTIFIER_MAIL_FROM: the From address of notification mail. */
  readonly from: string;
  /** NOTIFIER_DIGEST_AT: when the daily digest goes out, HH:MM in UTC (default 00:00, 08:00 in Beijing). */
  readonly digestAt: { readonly hour: number; readonly minute: number };
  /**
   * NOTIFIER_DIGEST_INTERVAL_MS: the digest's period (default a day). Tests shorten it; the
   * digest goes out at `digestAt` and every interval after it.
   */
  readonly digestIntervalMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Injection token of the notifier's NotifierConfig. */
export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');

/** The variables the notifier reads (docs/operations.md). */
export const NOTIFIER_ENV_VARS = [
  'NOTIFIER_SECRET_KEY',
  'NOTIFIER_ALLOWED_NETWORKS',
  'NOTIFIER_ALLOW_HTTP',
  'NOTIFIER_RETRY_SCHEDULE',
  'NOTIFIER_WEBHOOK_TIMEOUT_MS',
  'NOTIFIER_DISABLE_AFTER_MS',
  'NOTIFIER_DELIVERY_CONCURRENCY',
  'NOTIFIER_STREAM_RETENTION_MS',
  'SMTP_URL',
  'NOTIFIER_MAIL_FROM',
  'NOTIFIER_DIGEST_AT',
  'NOTIFIER_DIGEST_INTERVAL_MS',
] as const;

/**
 * The secret key of a development deployment, and only of one: used when NOTIFIER_SECRET_KEY is
 * unset and the service verifies tokens with the development secret (`npm run up`). It is public
 * (it is in this file), so anything it encrypts is as good as plain text.
 */
export const DEVELOPMENT_SECRET_KEY = 'ZGV2ZWxvcG1lbnQtb25seS1ub3RpZmllci1rZXkhISE=';

/** The AUTH_JWT_SECRET of local development (infra/up.sh): the mark of a development deployment. */
const DEVELOPMENT_JWT_SECRET = 'zoneledger-dev-secret';

/**
 * The previous signing secret keeps signing for a day after a rotation, as Standard Webhooks
 * senders commonly do: long enough for a receiver to deploy the new secret.
 */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** Reads the notifier's variables; throws ConfigError naming every bad one. */
export function readNotifierConfig(
  env: Readonly<Record<string, string | undefined>>,
  config: Pick<ServiceConfig, 'service' | 'auth'>,
): NotifierConfig {
  const problems: string[] = [];

  const development = config.auth.jwtSecret === DEVELOPMENT_JWT_SECRET;
  const keyText = env.NOTIFIER_SECRET_KEY || (development ? DEVELOPMENT_SECRET_KEY : undefined);
  let secretKey = Buffer.alloc(0);
  if (keyText === undefined) {
    problems.push(
      'NOTIFIER_SECRET_KEY must be set (32 random bytes in base64, e.g. `openssl rand -base64 32`): it encrypts the webhook signing secrets',
    );
  } else {
    secretKey = Buffer.from(keyText, 'base64');
    if (secretKey.length !== 32 || secretKey.toString('base64') !== keyText.trim())
      problems.push('NOTIFIER_SECRET_KEY must be exactly 32 bytes in base64 (44 characters)');
  }

  const allowHttpText = (env.NOTIFIER_ALLOW_HTTP ?? 'false').trim().toLowerCase();
  if (allowHttpText !== 'true' && allowHttpText !== 'false')
    problems.push(`NOTIFIER_ALLOW_HTTP must be true or false, got "${env.NOTIFIER_ALLOW_HTTP}"`);

  let allowList = allowListOf([]);
  const networks = (env.NOTIFIER_ALLOWED_NETWORKS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  try {
    allowList = allowListOf(networks);
  } catch (error) {
    problems.push(
      `NOTIFIER_ALLOWED_NETWORKS must be a comma-separated list of addresses and CIDR ranges: ${(error as Error).message}`,
    );
  }

  const whole = (name: string, fallback: number, min: number): number => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min || !/^\d+$/.test(text)) {
      problems.push(`${name} must be a whole number of at least ${min}, got "${env[name]}"`);
      return fallback;
    }
    return value;
  };

  let delaysMs = STANDARD_WEBHOOKS_SCHEDULE.delaysMs;
  const scheduleText = env.NOTIFIER_RETRY_SCHEDULE?.trim();
  if (scheduleText) {
    const delays = scheduleText.split(',').map((part) => part.trim());
    if (delays.length > 0 && delays.every((delay) => /^\d{1,9}$/.test(delay)))
      delaysMs = delays.map(Number);
    else
      problems.push(
        `NOTIFIER_RETRY_SCHEDULE must be comma-separated delays in milliseconds, e.g. 0,5000,300000; got "${env.NOTIFIER_RETRY_SCHEDULE}"`,
      );
  }
  const timeoutMs = whole('NOTIFIER_WEBHOOK_TIMEOUT_MS', STANDARD_WEBHOOKS_SCHEDULE.timeoutMs, 1);

  let digestAt = { hour: 0, minute: 0 };
  const digestText = env.NOTIFIER_DIGEST_AT?.trim();
  if (digestText) {
    const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(digestText);
    if (match) digestAt = { hour: Number(match[1]), minute: Number(match[2]) };
    else problems.push(`NOTIFIER_DIGEST_AT must be HH:MM in UTC, got "${env.NOTIFIER_DIGEST_AT}"`);
  }
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL');

  const delivery: DeliveryConfig = {
    schedule: {
      delaysMs,
      timeoutMs,
      maxRetryAfterMs: STANDARD_WEBHOOKS_SCHEDULE.maxRetryAfterMs,
    },
    disableAfterMs: whole('NOTIFIER_DISABLE_AFTER_MS', 5 * DAY_MS, 1),
    concurrency: whole('NOTIFIER_DELIVERY_CONCURRENCY', 32, 1),
    leaseMs: Math.max(2 * timeoutMs, 30_000),
    pollMs: 1000,
  };
  const email: EmailConfig = {
    ...(smtpUrl ? { smtpUrl } : {}),
    from: env.NOTIFIER_MAIL_FROM?.trim() || 'ZoneLedger <notifications@zoneledger.invalid>',
    digestAt,
    digestIntervalMs: whole('NOTIFIER_DIGEST_INTERVAL_MS', DAY_MS, 1000),
  };
  const streamRetentionMs = whole('NOTIFIER_STREAM_RETENTION_MS', 7 * DAY_MS, 60_000);

  if (problems.length > 0) throw new ConfigError(config.service, problems);
  return {
    secretKey,
    endpointPolicy: { allowHttp: allowHttpText === 'true', allowList },
    secretRotationOverlapMs: SECRET_ROTATION_OVERLAP_MS,
    delivery,
    email,
    streamRetentionMs,
  };
}

/** The provider of NOTIFIER_CONFIG, read from the environment the platform was configured from. */
export const notifierConfigProvider: FactoryProvider<NotifierConfig> = {
  provide: NOTIFIER_CONFIG,
  useFactory: (config: ServiceConfig, env: Readonly<Record<string, string | undefined>>) =>
    readNotifierConfig(env, config),
  inject: [SERVICE_CONFIG, SERVICE_ENV],
};
