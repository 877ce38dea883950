import type { FactoryProvider } from '@nestjs/common';
import { ConfigError, SERVICE_CONFIG, SERVICE_ENV, type ServiceConfig } from '@zoneledger/platform';
import { allowListOf, type AllowList, type EndpointPolicy } from '../domain';

/** What the notifier reads from its environment beyond what every service reads. */
export interface NotifierConfig {
  /** AES-256-GCM key of the webhook signing secrets at rest (NOTIFIER_SECRET_KEY). */
  readonly secretKey: Buffer;
  /** What webhook URLs may be: http allowed (NOTIFIER_ALLOW_HTTP), internal networks allowed. */
  readonly endpointPolicy: EndpointPolicy & { readonly allowList: AllowList };
  /** How long the previous secret keeps signing after a rotation. */
  readonly secretRotationOverlapMs: number;
}

/** Injection token of the notifier's NotifierConfig. */
export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');

/** The variables the notifier reads (docs/operations.md). */
export const NOTIFIER_ENV_VARS = [
  'NOTIFIER_SECRET_KEY',
  'NOTIFIER_ALLOWED_NETWORKS',
  'NOTIFIER_ALLOW_HTTP',
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

  if (problems.length > 0) throw new ConfigError(config.service, problems);
  return {
    secretKey,
    endpointPolicy: { allowHttp: allowHttpText === 'true', allowList },
    secretRotationOverlapMs: SECRET_ROTATION_OVERLAP_MS,
  };
}

/** The provider of NOTIFIER_CONFIG, read from the environment the platform was configured from. */
export const notifierConfigProvider: FactoryProvider<NotifierConfig> = {
  provide: NOTIFIER_CONFIG,
  useFactory: (config: ServiceConfig, env: Readonly<Record<string, string | undefined>>) =>
    readNotifierConfig(env, config),
  inject: [SERVICE_CONFIG, SERVICE_ENV],
};
