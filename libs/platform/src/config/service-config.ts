import { isBackgroundThread } from '../background/background-thread-identity';

/** Settings every ZoneLedger service reads from its environment. */
export interface ServiceConfig {
  readonly service: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly databaseSchema: string;
  readonly kafkaBrokers: readonly string[];
  /** How the domain topics are created when missing (existing topics are only checked). */
  readonly kafkaTopics: { readonly partitions: number; readonly replicationFactor: number };
  readonly topicPrefix: string;
  readonly logLevel: LogLevel;
  /** Largest request body the service parses, in bytes; larger ones get 413. */
  readonly httpBodyLimitBytes: number;
  /**
   * How long an idle keep-alive connection stays open after a response (HTTP_KEEP_ALIVE_TIMEOUT,
   * seconds). Longer than the idle timeout of the balancer or client in front, so that they close
   * an idle connection first and never send a request on one the service is closing.
   */
  readonly httpKeepAliveTimeoutSeconds: number;
  readonly auth: AuthConfig;
  /**
   * The work besides HTTP this thread does (BACKGROUND_WORK): publishing the outbox to Kafka and
   * keeping the read models. A deployment can run a service's HTTP side and its background work
   * in processes of their own, all on the same database.
   */
  readonly backgroundWork: BackgroundWork;
  /**
   * The background work a thread of this process's own does instead of its main thread
   * (BACKGROUND_THREAD=true; ADR 0019), started by bootstrapService; none when it stays on the
   * main thread's event loop (the default), and in that thread itself.
   */
  readonly backgroundThreadWork: BackgroundWork;
  /** Requests per window per token and per address (RATE_LIMIT_*); 0 turns a limit off. */
  readonly rateLimits: {
    readonly perToken: number;
    readonly perAddress: number;
    readonly windowSeconds: number;
  };
}

/** What a process does besides answering HTTP. */
export interface BackgroundWork {
  /** Runs the outbox relay (one replica publishes at a time; the others stand by). */
  readonly relay: boolean;
  /** Hosts the service's projections and process managers (replicas share partitions). */
  readonly projections: boolean;
}

const BACKGROUND_WORK_KINDS = ['relay', 'projections'] as const;

/** No background work: a process (or thread) that only answers HTTP. */
export const NO_BACKGROUND_WORK: BackgroundWork = { relay: false, projections: false };

/** How bearer tokens are verified: exactly one of a shared HS256 secret or a JWKS URL. */
export interface AuthConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly jwtSecret?: string;
  readonly jwksUrl?: string;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** 1 MiB: far above any command or CSV import the services take, far below what hurts a pod. */
export const DEFAULT_HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

/** An HS256 key shorter than this is guessable; the development secret is 21 characters. */
const MIN_JWT_SECRET_LENGTH = 16;

/**
 * 65 s: above the 60 s idle timeout common to load balancers and proxies (Node's own default is
 * 5 s, shorter than theirs and than a keep-alive client's pause under load).
 */
export const DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_SECONDS = 65;

export interface ServiceDefaults {
  readonly service: string;
  readonly port: number;
  readonly databaseSchema: string;
}

/** Raised at start-up when the environment is unusable; lists every problem at once. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`${service}: invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Every environment variable loadServiceConfig reads. Deployment descriptors (docker-compose.yml)
 * are checked against this list, so a variable the services would silently ignore is caught.
 */
export const SERVICE_ENV_VARS = [
  'PORT',
  'DATABASE_URL',
  'DATABASE_SCHEMA',
  'KAFKA_BROKERS',
  'KAFKA_TOPIC_PARTITIONS',
  'KAFKA_REPLICATION_FACTOR',
  'TOPIC_PREFIX',
  'LOG_LEVEL',
  'HTTP_BODY_LIMIT',
  'HTTP_KEEP_ALIVE_TIMEOUT',
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'RATE_LIMIT_PER_TOKEN',
  'RATE_LIMIT_PER_ADDRESS',
  'RATE_LIMIT_WINDOW',
  'BACKGROUND_WORK',
  'BACKGROUND_THREAD',
] as const;

/**
 * Generous for people and scripts (100 requests/s per token), a stop for runaway clients. Load
 * tests and trusted integrations raise them; 0 turns a limit off.
 */
export const DEFAULT_RATE_LIMITS = { perToken: 6000, perAddress: 12000, windowSeconds: 60 };

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates a service's configuration; throws ConfigError naming every bad variable. */
export function loadServiceConfig(env: Env, defaults: ServiceDefaults): ServiceConfig {
  const problems: string[] = [];

  const port = Number(env.PORT ?? defaults.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(
      `PORT must be an integer between 0 and 65535 (0: any free port), got "${env.PORT}"`,
    );
  }

  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/zoneledger';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// URL');
  }

  const databaseSchema = env.DATABASE_SCHEMA ?? defaults.databaseSchema;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    problems.push(`DATABASE_SCHEMA must be a lower-case SQL identifier, got "${databaseSchema}"`);
  }

  const kafkaBrokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (kafkaBrokers.length === 0 || kafkaBrokers.some((b) => !/^[^\s:]+:\d{1,5}$/.test(b))) {
    problems.push(
      `KAFKA_BROKERS must be a comma-separated list of host:port, got "${env.KAFKA_BROKERS}"`,
    );
  }

  const kafkaTopics = {
    partitions: positiveInteger(env.KAFKA_TOPIC_PARTITIONS, 'KAFKA_TOPIC_PARTITIONS', 3, problems),
    replicationFactor: positiveInteger(
      env.KAFKA_REPLICATION_FACTOR,
      'KAFKA_REPLICATION_FACTOR',
      1,
      problems,
    ),
  };

  const topicPrefix = env.TOPIC_PREFIX ?? '';
  if (!/^[a-zA-Z0-9._-]*$/.test(topicPrefix)) {
    problems.push(
      `TOPIC_PREFIX may hold only letters, digits, '.', '_' and '-', got "${topicPrefix}"`,
    );
  }

  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }

  const httpBodyLimitBytes =
    env.HTTP_BODY_LIMIT === undefined
      ? DEFAULT_HTTP_BODY_LIMIT_BYTES
      : parseByteSize(env.HTTP_BODY_LIMIT);
  if (httpBodyLimitBytes === undefined) {
    problems.push(
      `HTTP_BODY_LIMIT must be a size such as 1048576, 512kb or 2mb, got "${env.HTTP_BODY_LIMIT}"`,
    );
  }

  const httpKeepAliveTimeoutSeconds = positiveInteger(
    env.HTTP_KEEP_ALIVE_TIMEOUT,
    'HTTP_KEEP_ALIVE_TIMEOUT',
    DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_SECONDS,
    problems,
  );

  const auth = authConfig(env, problems);
  const rateLimits = {
    perToken: count(
      env.RATE_LIMIT_PER_TOKEN,
      'RATE_LIMIT_PER_TOKEN',
      DEFAULT_RATE_LIMITS.perToken,
      problems,
    ),
    perAddress: count(
      env.RATE_LIMIT_PER_ADDRESS,
      'RATE_LIMIT_PER_ADDRESS',
      DEFAULT_RATE_LIMITS.perAddress,
      problems,
    ),
    windowSeconds: positiveInteger(
      env.RATE_LIMIT_WINDOW,
      'RATE_LIMIT_WINDOW',
      DEFAULT_RATE_LIMITS.windowSeconds,
      problems,
    ),
  };

  const backgroundWork = backgroundWorkOf(env.BACKGROUND_WORK, problems);
  const onThread = flag(env.BACKGROUND_THREAD, 'BACKGROUND_THREAD', false, problems);
  const hasWork = backgroundWork.relay || backgroundWork.projections;
  // The main thread hands its background work to the thread; the thread, started with the same
  // environment, does it.
  const handedOver = onThread && hasWork && !isBackgroundThread();

  if (problems.length > 0) throw new ConfigError(defaults.service, problems);
  return {
    service: defaults.service,
    port,
    databaseUrl,
    databaseSchema,
    kafkaBrokers,
    kafkaTopics,
    topicPrefix,
    logLevel,
    httpBodyLimitBytes: httpBodyLimitBytes as number,
    httpKeepAliveTimeoutSeconds,
    auth,
    rateLimits,
    backgroundWork: handedOver ? NO_BACKGROUND_WORK : backgroundWork,
    backgroundThreadWork: handedOver ? backgroundWork : NO_BACKGROUND_WORK,
  };
}

/**
 * BACKGROUND_WORK: `relay`, `projections`, both comma-separated (the default, unset), or `none`
 * for a process that only answers HTTP.
 */
function backgroundWorkOf(value: string | undefined, problems: string[]): BackgroundWork {
  if (value === undefined) return { relay: true, projections: true };
  // split always gives at least one kind: an empty value is refused as an unknown ("") kind.
  const kinds = value.trim() === 'none' ? [] : value.split(',').map((kind) => kind.trim());
  const unknown = kinds.filter(
    (kind) => !(BACKGROUND_WORK_KINDS as readonly string[]).includes(kind),
  );
  if (unknown.length > 0) {
    problems.push(
      `BACKGROUND_WORK must be "none" or a comma-separated list of ${BACKGROUND_WORK_KINDS.join(', ')}, got "${value}"`,
    );
    return { relay: true, projections: true };
  }
  return { relay: kinds.includes('relay'), projections: kinds.includes('projections') };
}

/** `true` or `false`; `fallback` when unset. */
function flag(value: string | undefined, name: string, fallback: boolean, problems: string[]) {
  if (value === undefined) return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  problems.push(`${name} must be "true" or "false", got "${value}"`);
  return fallback;
}

/** A whole number of at least 0 (0 turns a limit off), in decimal digits only. */
function count(value: string | undefined, name: string, fallback: number, problems: string[]) {
  return wholeNumber(
    value,
    fallback,
    0,
    problems,
    `${name} must be a whole number (0 turns it off)`,
  );
}

function positiveInteger(
  value: string | undefined,
  name: string,
  fallback: number,
  problems: string[],
): number {
  return wholeNumber(value, fallback, 1, problems, `${name} must be a positive integer`);
}

/** `value` in decimal digits, at least `min`; the fallback when unset or (with a problem) bad. */
function wholeNumber(
  value: string | undefined,
  fallback: number,
  min: number,
  problems: string[],
  rule: string,
): number {
  if (value === undefined) return fallback;
  const text = value.trim();
  if (!/^\d{1,15}$/.test(text) || Number(text) < min) {
    problems.push(`${rule}, got "${value}"`);
    return fallback;
  }
  return Number(text);
}

/**
 * There is no insecure default: a service without a way to verify tokens refuses to start.
 * Local development sets AUTH_JWT_SECRET=zoneledger-dev-secret explicitly.
 */
function authConfig(env: Env, problems: string[]): AuthConfig {
  const issuer = env.AUTH_ISSUER ?? 'zoneledger';
  const audience = env.AUTH_AUDIENCE ?? 'zoneledger';
  const jwtSecret = env.AUTH_JWT_SECRET || undefined;
  const jwksUrl = env.AUTH_JWKS_URL || undefined;

  if (jwtSecret === undefined && jwksUrl === undefined) {
    problems.push(
      'AUTH_JWT_SECRET (HS256 shared secret) or AUTH_JWKS_URL must be set to verify bearer tokens',
    );
  }
  if (jwtSecret !== undefined && jwksUrl !== undefined) {
    problems.push('set only one of AUTH_JWT_SECRET and AUTH_JWKS_URL');
  }
  if (jwtSecret !== undefined && jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    problems.push(`AUTH_JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters long`);
  }
  if (jwksUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(jwksUrl)) {
    problems.push(`AUTH_JWKS_URL must be an http(s) URL, got "${jwksUrl}"`);
  }
  if (issuer.trim() === '' || audience.trim() === '') {
    problems.push('AUTH_ISSUER and AUTH_AUDIENCE must not be empty');
  }
  return { issuer, audience, ...(jwtSecret && { jwtSecret }), ...(jwksUrl && { jwksUrl }) };
}

const BYTE_UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** Parses "1048576", "512kb" or "2mb" (binary units) into bytes; undefined when malformed. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+)\s*(b|kb|mb)?\s*$/i.exec(text);
  if (!match) return undefined;
  const bytes = Number(match[1]) * BYTE_UNITS[(match[2] ?? 'b').toLowerCase()];
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}
